import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpecs, type Analysis } from '../src/pipeline.js';
import { repoRoot } from './helpers.js';

interface Documented {
  method: string;
  path: string;
  section: string;
}

/**
 * The operations the programming guide documents (387 on /api or /rest). The
 * floor stops the list itself from shrinking unnoticed; raise it as it grows.
 */
const DOCUMENTED_FLOOR = 383;

const specsDir = join(repoRoot, 'specs');
let analysis: Analysis;

beforeAll(() => {
  analysis = analyzeSpecs(specsDir);
});

function documented(): (Documented & { file: string })[] {
  const dir = join(specsDir, 'documented');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((file) => (parse(readFileSync(join(dir, file), 'utf8')) as Documented[]).map((row) => ({ ...row, file })));
}

describe('the curated specs', () => {
  it('validate and normalize without a problem', () => {
    expect(analysis.ir.operations.length).toBeGreaterThanOrEqual(DOCUMENTED_FLOOR);
  });

  it('contain every operation the project lists as documented by the guide', () => {
    const present = new Set(analysis.ir.operations.map((o) => `${o.method} ${o.specKey}`));
    const missing = documented()
      .filter((row) => !present.has(`${row.method} ${row.path}`))
      .map((r) => `${r.file}: ${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('list at least the documented floor of distinct operations, each with a guide section', () => {
    const rows = documented();
    for (const row of rows) expect(row.section, `${row.method} ${row.path}`).toMatch(/\S/);
    const distinct = new Set(rows.map((r) => `${r.method} ${r.path}`));
    expect(distinct.size).toBeGreaterThanOrEqual(DOCUMENTED_FLOOR);
  });

  it('give every operation a summary, a description and an error response', () => {
    for (const op of analysis.ir.operations) {
      expect(op.summary, op.id).toMatch(/\S/);
      expect(op.description, op.id).toMatch(/\S/);
      expect(op.errorStatuses.length, op.id).toBeGreaterThan(0);
    }
  });

  it('cover the slice that the demo walks', () => {
    const ids = new Set(analysis.ir.operations.map((o) => o.id));
    for (const id of [
      'session.create',
      'session.get',
      'session.delete',
      'vcenter.vm.list',
      'vcenter.vm.create',
      'vcenter.vm.get',
      'vcenter.vm.delete',
      'vcenter.vm.power.get',
      'vcenter.vm.power.start',
      'vcenter.vm.power.stop',
      'vcenter.vm.power.suspend',
      'vcenter.vm.power.reset',
      'vcenter.folder.list',
      'vcenter.host.list',
      'vcenter.datastore.list',
      'vcenter.cluster.list',
      'cis.tasks.get',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});
