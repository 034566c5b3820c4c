import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Workspace packages resolve to their sources, so tests never run against a stale build.
const source = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** The vitest project of one package (its tests under test/), as the root config's `projects` runs it. */
export function packageProject(name: string, timeouts: { testTimeout: number; hookTimeout: number }) {
  return defineProject({
    resolve: {
      alias: {
        '@vsphere-kit/client': source('client'),
        '@vsphere-kit/mock-server': source('mock-server'),
      },
    },
    test: { name, include: ['test/**/*.test.ts'], ...timeouts },
  });
}
