import { packageProject } from '../../vitest.project.js';

export default packageProject('mock-server', { testTimeout: 30_000, hookTimeout: 60_000 });
