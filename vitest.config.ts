import { defineConfig } from 'vitest/config';

// One vitest run covers every package; .ci/run counts its JSON report. The runs of the
// published-package suites on other Node lines (scripts/run.mjs) write their own report.
export default defineConfig({
  test: {
    projects: ['packages/*', 'test'],
    reporters: [
      'default',
      // biome-ignore lint/suspicious/noUndeclaredEnvVars: vitest runs outside turbo, so turbo's cache never sees this
      ['json', { outputFile: process.env.VSPHERE_KIT_VITEST_REPORT || 'reports/vitest.json' }],
    ],
  },
});
