import type { CallArgs } from './caller.js';
import { actionKeyOf, type RouteDef } from './route.js';
import { redactText } from './secrets.js';

/** `path` without the slashes it ends with (`/sdk//` → `/sdk`). */
export function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

/**
 * An origin-form request target (RFC 9112 §3.2.1): one `/`, then visible ASCII
 * without `\` or `#`. `//host/x` and `/\host/x` are network-path references
 * (URL resolvers send them to `host`), so they are refused like absolute URLs.
 */
function isOriginForm(target: string): boolean {
  return target[0] === '/' && target[1] !== '/' && target[1] !== '\\' && firstRefusedChar(target) < 0;
}

/**
 * Where the first character an origin-form target may not hold is (a control character, a space,
 * `\`, `#`, anything past ASCII), or -1. A loop, not a regular expression: every request checks
 * its target, and a short-lived process would pay V8's compiles of the expression for one or two.
 */
function firstRefusedChar(target: string): number {
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x5c || c === 0x23) return i;
  }
  return -1;
}

/** The `code` of the TypeError thrown for a request target that is not origin-form. */
export const REQUEST_TARGET_ERROR = 'ERR_VSPHERE_REQUEST_TARGET';

/**
 * Throws a TypeError naming the target unless it is an origin-form path
 * (`/path?query`): every transport calls this before it attaches a header,
 * so a session id or a password never travels to another host.
 */
export function assertOriginForm(target: string): void {
  if (isOriginForm(target)) return;
  throw Object.assign(new TypeError(`request target ${JSON.stringify(redactText(target))} is not an origin-form path: ${targetProblem(target)}`), {
    code: REQUEST_TARGET_ERROR,
  });
}

function targetProblem(target: string): string {
  if (!target.startsWith('/')) return 'it must start with "/" (absolute URLs and relative paths are refused)';
  if (target[1] === '/' || target[1] === '\\') return `it starts with ${JSON.stringify(target.slice(0, 2))}, which names another host`;
  const i = firstRefusedChar(target);
  const c = target.charCodeAt(i);
  const what =
    c === 0x5c
      ? 'a backslash'
      : c === 0x23
        ? 'a "#" (fragments are not sent)'
        : c === 0x20
          ? 'a space'
          : c < 0x20 || c === 0x7f
            ? 'a control character'
            : 'a non-ASCII character';
  return `it contains ${what} at index ${i} (percent-encode it)`;
}

/**
 * Builds the request target (path and query) of one call:
 * path parameters encoded with `encodeURIComponent`, then `?action=NAME`
 * (or `~action`) first, then the query parameters (arrays exploded
 * `k=a&k=b`, objects as `k.field=v`), then `vmw-task=true` for task calls.
 * Parameters the route does not declare are sent too, after the declared ones.
 */
export function buildTarget(route: RouteDef, args: CallArgs | undefined, task = false, options: TargetOptions = {}): string {
  // Path parameters and the query are percent-encoded below, so the template decides whether the target is origin-form.
  assertOriginForm(route.path);
  const path = route.pathParams.length === 0 ? route.path : fillPath(route, args?.path, options);
  const query = args?.query;
  // The common case (a plain read, no action, no query given) builds no arrays at all.
  if (!route.action && !task && !query) {
    checkRequiredQuery(route);
    return path;
  }
  const parts: string[] = [];
  if (route.action) parts.push(`${actionKeyOf(route)}=${encodeURIComponent(route.action)}`);
  if (query) {
    const seen = new Set<string>();
    for (const def of route.queryParams) {
      seen.add(def.name);
      appendQuery(parts, def.name, query[def.name]);
    }
    for (const key of Object.keys(query)) {
      if (seen.has(key) || key === 'vmw-task') continue;
      appendQuery(parts, key, query[key]);
    }
  } else {
    checkRequiredQuery(route);
  }
  if (task) parts.push('vmw-task=true');
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

function checkRequiredQuery(route: RouteDef): void {
  for (const def of route.queryParams) {
    if (def.required && def.name !== 'vmw-task') throw new TypeError(`${route.id}: query parameter "${def.name}" is required`);
  }
}

export interface TargetOptions {
  /** Leave a missing path parameter as its `{name}` placeholder instead of throwing (a dry run shows the shape). */
  readonly placeholders?: boolean;
}

/** Substitutes `{name}` placeholders; every declared path parameter is required. */
export function fillPath(route: RouteDef, values: CallArgs['path'], options: TargetOptions = {}): string {
  return route.path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = values?.[name];
    if (v === undefined || v === null || v === '') {
      if (options.placeholders) return whole;
      throw new TypeError(`${route.id}: path parameter "${name}" is required`);
    }
    return encodeURIComponent(String(v));
  });
}

function appendQuery(parts: string[], key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const k = encodeURIComponent(key);
  if (Array.isArray(value)) {
    for (const item of value) if (item !== undefined && item !== null) parts.push(`${k}=${encodeURIComponent(scalar(item))}`);
    return;
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    // vSphere's flattened structure parameters: `filter.names=a&filter.names=b`
    for (const [field, v] of Object.entries(value as Record<string, unknown>)) appendQuery(parts, `${key}.${field}`, v);
    return;
  }
  parts.push(`${k}=${encodeURIComponent(scalar(value))}`);
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `application/x-www-form-urlencoded` encoding of a flat object (arrays repeat the key). */
export function formEncode(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, scalar(item));
    else params.append(k, scalar(v));
  }
  return params.toString();
}
