import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // The mock is used from source, so the CLI tests need no build of it.
    alias: { '@vsphere-kit/mock-server': fileURLToPath(new URL('../mock-server/src/index.ts', import.meta.url)) },
  },
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
