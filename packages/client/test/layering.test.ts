import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// src/core is the runtime (transport, sessions, retries); src/lib builds on it
// (federation, listAll, NodeHttpDispatcher). The runtime never reaches up.
describe('layering', () => {
  it('src/core imports nothing from src/lib', () => {
    const dir = fileURLToPath(new URL('../src/core', import.meta.url));
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from\s+'\.\.\/lib\//.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
