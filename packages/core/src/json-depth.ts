/**
 * How deep JSON and YAML bodies may nest. Deeper input would exhaust the stack of whatever walks
 * it later (JSON.stringify, validators, secret masking): the mock refuses it on the text
 * (server/json-input.ts), the CLI on the document it read from a flag or a file.
 */

/** Deepest nesting of objects and arrays accepted (vSphere's own bodies stay under 15). */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects and arrays deeper than `max`; walks without recursion, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
