import { join, resolve } from 'node:path';
import { SpecError } from '../load/spec-problem.js';
import { compareFile } from './index.js';
import { CompareInputError } from './load-file.js';
import { formatJson, formatText, isEqual } from './report.js';

export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `compare <file> [--json]` against `<root>/specs`: 0 when equal, 1 when different, 2 on bad input. */
export function runCompare(files: readonly string[], json: boolean, root: string, out: CommandOutput): number {
  if (files.length !== 1) {
    out.stderr("usage: compare <file> [--json] [--root DIR]: one of VMware's spec files (Swagger 2.0 or OpenAPI 3.x)\n");
    return 2;
  }
  try {
    const comparison = compareFile(resolve(files[0]!), join(root, 'specs'));
    out.stdout(json ? formatJson(comparison) : formatText(comparison));
    return isEqual(comparison) ? 0 : 1;
  } catch (err) {
    if (err instanceof CompareInputError || err instanceof SpecError) {
      out.stderr(`compare: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
