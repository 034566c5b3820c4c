import type { OutStream } from './stdio.js';
/**
 * Warnings the CLI gives once per run (one process), however many connections
 * a command opens: TLS verification off, credentials over plain http.
 */
const said = new Set<string>();

export function warnOnce(stream: OutStream, text: string): void {
  if (said.has(text)) return;
  said.add(text);
  stream.write(`warning: ${text}\n`);
}
