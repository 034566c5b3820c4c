/**
 * JSON from clients, read with a nesting depth limit (deeper input would exhaust the
 * stack of whatever walks it later), checked on the text before JSON.parse.
 * JSON.parse keeps `__proto__` as an own key, never as a prototype.
 */
import { VapiError } from './errors.js';

/** Deepest nesting of objects and arrays accepted (vSphere's own bodies stay under 15). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Parses client JSON; `what` names the input in errors ("the request body"). */
export function parseJsonInput(text: string, what: string): unknown {
  checkJsonText(text, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new VapiError('INVALID_REQUEST', `${capitalize(what)} is not valid JSON.`, [what], 'vapi.bindings.typeconverter.json.parse');
  }
}

/** Throws a 400 when `text` nests deeper than MAX_JSON_DEPTH. Says nothing about syntax: JSON.parse judges that. */
export function checkJsonText(text: string, what: string): void {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new VapiError(
          'INVALID_REQUEST',
          `${capitalize(what)} nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels (at character ${i}).`,
          [what, String(MAX_JSON_DEPTH), String(i)],
          'com.vmware.mock.json.too_deep',
        );
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
