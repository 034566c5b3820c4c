// Prints `N passed, N failed` from vitest's JSON reports (CI reads only that line):
// reports/vitest.json (every package, on the repo's Node) and reports/vitest-node*.json
// (the published-package suites on the Node lines users run), added up.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const main = process.argv[2] ?? 'reports/vitest.json';
if (!existsSync(main)) {
  console.log('0 passed, 1 failed');
  console.error(`no vitest report at ${main}: the test step did not run`);
  process.exit(1);
}
const dir = dirname(main);
const others = readdirSync(dir)
  .filter((f) => /^vitest-node\d+\.json$/.test(f))
  .sort()
  .map((f) => join(dir, f));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of [main, ...others]) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const filePassed = report.numPassedTests ?? 0;
  // A suite that fails to load has no failed tests of its own; count it as one failure.
  const fileFailed = Math.max(report.numFailedTests ?? 0, report.numFailedTestSuites ?? 0);
  if (filePassed === 0) failed += 1; // a report that ran no test is a failure of its own
  passed += filePassed;
  failed += fileFailed;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.error(`${file}: ${filePassed} passed, ${fileFailed} failed`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
