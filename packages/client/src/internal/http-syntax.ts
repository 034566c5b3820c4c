/**
 * The character rules of HTTP/1.1 messages, shared by the request writer (node-http-dispatcher.ts)
 * and the response reader (http1-response.ts). Plain loops over char codes, not regular
 * expressions: V8 compiles a regular expression on its first use and again, to machine code, on
 * its second, and a CLI process sends one or two requests, so the compiles would cost more than
 * the checks.
 */

/** RFC 9110 §5.6.2 `tchar`: what a header name (a token) is made of. */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~") TOKEN_CHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TOKEN_CHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN_CHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN_CHAR[c] = 1;

/** A header name: one or more token characters. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f || TOKEN_CHAR[c] === 0) return false;
  }
  return true;
}

/** A CR, LF or NUL: in a header value it would end the line and let the text add headers of its own. */
export function splitsHeaderLine(text: string): boolean {
  return text.includes('\r') || text.includes('\n') || text.includes('\0');
}

/** One to `maxLength` characters, each with a code from `low` to `high`. */
function allWithin(text: string, maxLength: number, low: number, high: number): boolean {
  if (text.length === 0 || text.length > maxLength) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < low || c > high) return false;
  }
  return true;
}

/** One to `maxLength` ASCII digits. */
export function isDigits(text: string, maxLength: number): boolean {
  return allWithin(text, maxLength, 0x30, 0x39);
}

/** One to `maxLength` visible ASCII characters (0x21-0x7e): a value that can go into a header as is. */
export function isVisibleAscii(text: string, maxLength: number): boolean {
  return allWithin(text, maxLength, 0x21, 0x7e);
}

/** `HTTP/1.x NNN[ reason]`: the minor version and the status code, or undefined. */
export function parseStatusLine(line: string): { minor: 0 | 1; statusCode: number } | undefined {
  if (!line.startsWith('HTTP/1.') || line[8] !== ' ') return undefined;
  const minor = line[7] === '0' ? 0 : line[7] === '1' ? 1 : undefined;
  const code = line.slice(9, 12);
  if (minor === undefined || code.length !== 3 || !isDigits(code, 3)) return undefined;
  // The reason phrase, if any, follows one space and holds no line break.
  if (line.length > 12 && (line[12] !== ' ' || line.includes('\r', 12) || line.includes('\n', 12))) return undefined;
  return { minor, statusCode: Number(code) };
}

/** Whether a comma-separated header value (`Connection: keep-alive, Upgrade`) lists `token`, case aside. */
export function listsToken(value: string, token: string): boolean {
  return value
    .toLowerCase()
    .split(',')
    .some((item) => item.trim() === token);
}
