import { packageProject } from '../../vitest.project.js';

export default packageProject('core', { testTimeout: 30_000, hookTimeout: 60_000 });
