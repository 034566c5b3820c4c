/** One thing wrong with the specs, located by file and JSON pointer. */
export interface SpecProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
}

/** Thrown when the specs cannot be turned into an IR; carries every problem found. */
export class SpecError extends Error {
  constructor(readonly problems: readonly SpecProblem[]) {
    super(`${problems.length} problem(s) in specs:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'SpecError';
  }
}

export function formatProblem(p: SpecProblem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return `  ${where} ${p.pointer || '#'}: ${p.message}`;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerOf(...tokens: (string | number)[]): string {
  return '#' + tokens.map((t) => '/' + escapePointerToken(String(t))).join('');
}

/** Splits `#/a/b~1c` into ['a', 'b/c']. */
export function parsePointer(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '' || body === '/') return [];
  if (!body.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return body.slice(1).split('/').map(unescapePointerToken);
}

export function getAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
