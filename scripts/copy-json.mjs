// Copies the generated JSON assets (tsc does not) from one folder to another.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: copy-json.mjs <from-dir> <to-dir>');
  process.exit(2);
}
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
  if (name.endsWith('.json')) cpSync(join(from, name), join(to, name));
}
