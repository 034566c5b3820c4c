import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importOperations } from './import.js';
import { readSwagger2, Swagger2Error } from './swagger2.js';

/** The `import` command: reads each file, writes what specs/ lacks, prints what it did and what it could not do. */
export function runImport(specsDir: string, files: readonly string[], only: string | undefined): number {
  if (files.length === 0) {
    process.stderr.write('import needs at least one VMware Swagger 2.0 file: import <file.json>... [--only /api/prefix]\n');
    return 2;
  }
  if (only !== undefined && !only.startsWith('/api')) {
    process.stderr.write(`--only must be a path prefix under /api, not '${only}'\n`);
    return 2;
  }
  let total = 0;
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      process.stderr.write(`${file}: cannot read it as JSON: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    try {
      const facts = readSwagger2(doc, basename(file), only ? { prefix: only } : {});
      const result = importOperations(specsDir, facts);
      total += result.added.length;
      process.stdout.write(`${file}: ${result.added.length} operation(s) imported into ${result.files.length} file(s)\n`);
      for (const s of result.skipped) process.stdout.write(`  not imported: ${s.operation}: ${s.reason}\n`);
    } catch (err) {
      if (err instanceof Swagger2Error) {
        process.stderr.write(`${file} ${err.pointer}: ${err.problem}\n`);
        return 1;
      }
      throw err;
    }
  }
  process.stdout.write(`imported ${total} operation(s)\n`);
  return 0;
}
