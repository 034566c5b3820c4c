import { defineProject } from 'vitest/config';

/** Checks of the repository as a whole: package metadata, what every tarball ships, README links. */
export default defineProject({
  test: { name: 'repo', include: ['*.test.ts'], testTimeout: 60_000 },
});
