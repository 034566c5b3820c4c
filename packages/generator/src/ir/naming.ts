/** The public naming contract: how paths and actions become namespaces, methods and CLI words. */

/** `namespace-management` → `namespaceManagement`; `stage_and_install` → `stageAndInstall`. */
export function camelCase(word: string): string {
  return word.replace(/[-_.]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `stageAndInstall` → `stage-and-install`; already-kebab words stay as they are. */
export function kebabCase(word: string): string {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** `vcenter.vm.power` → `VcenterVmPower`. */
export function pascalCase(parts: readonly string[]): string {
  return parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** Literal path segments (kebab form) that make up the namespace of an operation. */
export function namespaceSegments(path: string): string[] {
  // Any segment holding a template ({vm}, or /rest's id:{tag_id}) is a parameter, not a namespace word.
  const segments = path.split('/').filter((s) => s !== '' && !s.includes('{'));
  const base = segments.shift();
  if (base === 'api') return segments;
  if (base === 'rest') {
    if (segments[0] === 'com' && segments[1] === 'vmware') segments.splice(0, 2);
    return ['rest', ...segments];
  }
  throw new Error(`path '${path}' is neither under /api nor /rest`);
}

/** The namespace (camelCase words) the naming contract derives from a path. */
export function namespaceOf(path: string): string[] {
  return namespaceSegments(path).map(camelCase);
}

/**
 * The method name of `?action=NAME`: camelCase NAME, or NAME + `Action` when a plain (method-derived)
 * operation of the same namespace already has that name (`DELETE /api/hvc/links/{link}` is
 * `hvc.links.delete`, so `POST /api/hvc/links/{link}?action=delete` is `hvc.links.deleteAction`).
 */
export function actionMethodName(action: string, takenByPlainOperation: boolean): string {
  const name = camelCase(action);
  return takenByPlainOperation ? `${name}Action` : name;
}

/**
 * Splits a spec path key into the path template and what selects the operation: `?action=NAME`
 * (or `~action`), or `?NAME`, a bare required query parameter whose presence selects the operation.
 */
export function splitPathKey(key: string): {
  path: string;
  action?: string;
  actionKey?: 'action' | '~action';
  selector?: string;
  extraQuery?: string;
} {
  const q = key.indexOf('?');
  if (q === -1) return { path: key };
  const path = key.slice(0, q);
  const query = key.slice(q + 1);
  if (QUERY_NAME.test(query)) return { path, selector: query };
  const params = new URLSearchParams(key.slice(q + 1));
  const entries = [...params.entries()];
  const [first, ...rest] = entries;
  if (!first || (first[0] !== 'action' && first[0] !== '~action') || first[1] === '') {
    return { path, extraQuery: key.slice(q + 1) };
  }
  return { path, action: first[1], actionKey: first[0], extraQuery: rest.length ? new URLSearchParams(rest).toString() : undefined };
}

/** A bare query parameter name as a selector: snake_case wire name. */
const QUERY_NAME = /^[a-z][a-z0-9_]*$/;

export const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;
