import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Workspace packages resolve to their sources, so tests never run against a stale build.
const source = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));
const coreSources = fileURLToPath(new URL('./packages/core/src/', import.meta.url));
const mockTesting = fileURLToPath(new URL('./packages/mock-server/src/testing/', import.meta.url));

/** The vitest project of one package (its tests under test/), as the root config's `projects` runs it. */
export function packageProject(name: string, timeouts: { testTimeout: number; hookTimeout: number }) {
  return defineProject({
    resolve: {
      alias: [
        { find: '@vsphere-kit/client', replacement: source('client') },
        // the mock's test helpers (`@vsphere-kit/mock-server/vitest`) before the package itself
        { find: /^@vsphere-kit\/mock-server\/(vitest|jest)$/, replacement: `${mockTesting}$1.ts` },
        { find: '@vsphere-kit/mock-server', replacement: source('mock-server') },
        // @vsphere-kit/core has subpath exports only: `@vsphere-kit/core/route` → src/route.ts
        { find: /^@vsphere-kit\/core\/(.+)$/, replacement: `${coreSources}$1.ts` },
      ],
    },
    test: { name, include: ['test/**/*.test.ts'], ...timeouts },
  });
}
