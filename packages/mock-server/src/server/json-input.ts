/**
 * JSON from clients, read with limits:
 * a nesting depth (deeper input would exhaust the stack of whatever walks it later) and
 * numbers a JavaScript number holds exactly. Both are checked on the text, before
 * JSON.parse, so that an integer like 2^53+1 is refused instead of silently rounded.
 * JSON.parse keeps `__proto__` as an own key, never as a prototype.
 */
import { MAX_JSON_DEPTH } from '@vsphere-kit/core/json-depth';
import { VapiError } from './errors.js';

export { MAX_JSON_DEPTH };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const E_LOWER = 0x65;
const E_UPPER = 0x45;
/** Integer literals with up to this many digits are always safe integers. */
const SAFE_DIGITS = 15;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Parses client JSON; `what` names the input in errors ("the request body"). */
export function parseJsonInput(text: string, what: string): unknown {
  checkJsonText(text, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new VapiError('INVALID_REQUEST', `${capitalize(what)} is not valid JSON.`, [what], 'vapi.bindings.typeconverter.json.parse');
  }
}

/**
 * Throws a 400 when `text` nests deeper than MAX_JSON_DEPTH or holds a number that a
 * JavaScript number cannot hold exactly (an integer beyond ±(2^53−1), or one that
 * overflows to Infinity). Says nothing about syntax: JSON.parse judges that.
 */
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
    } else if ((c >= DIGIT_0 && c <= DIGIT_9) || c === MINUS) {
      const start = i;
      let integer = true;
      let digits = c === MINUS ? 0 : 1;
      while (i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= DIGIT_0 && d <= DIGIT_9) digits++;
        else if (d === DOT || d === E_LOWER || d === E_UPPER) integer = false;
        else if (d !== MINUS && d !== PLUS) break;
        i++;
      }
      if (!integer || digits > SAFE_DIGITS) checkNumber(text.slice(start, i + 1), integer, what);
    }
  }
}

function checkNumber(token: string, integer: boolean, what: string): void {
  let exact = true;
  if (integer) {
    let big: bigint;
    try {
      big = BigInt(token);
    } catch {
      return; // not a number token: JSON.parse reports it
    }
    exact = big <= MAX_SAFE && big >= -MAX_SAFE;
  } else {
    const value = Number(token);
    exact = Number.isNaN(value) || Number.isFinite(value);
  }
  if (!exact) {
    const shown = token.length > 40 ? `${token.slice(0, 40)}...` : token;
    throw new VapiError(
      'INVALID_ARGUMENT',
      `${capitalize(what)} holds the number ${shown}, which is out of range: integers must lie within ±${Number.MAX_SAFE_INTEGER} and numbers must be finite.`,
      [what, shown],
      'com.vmware.mock.json.number_out_of_range',
    );
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
