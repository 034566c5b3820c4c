import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Workspace packages resolve to their sources, so tests never run against a stale build.
const source = (pkg: string): string => fileURLToPath(new URL(`../${pkg}/src/index.ts`, import.meta.url));

export default defineProject({
  resolve: {
    alias: {
      '@vsphere-kit/client': source('client'),
      '@vsphere-kit/mock-server': source('mock-server'),
    },
  },
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
