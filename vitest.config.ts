import { defineConfig } from 'vitest/config';

// One vitest run covers every package; .ci/run counts its JSON report.
export default defineConfig({
  test: {
    projects: ['packages/*'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
