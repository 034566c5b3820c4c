import { packageProject } from '../../vitest.project.js';

export default packageProject('cli', { testTimeout: 90_000, hookTimeout: 120_000 });
