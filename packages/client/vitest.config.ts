import { packageProject } from '../../vitest.project.js';

export default packageProject('client', { testTimeout: 30_000, hookTimeout: 60_000 });
