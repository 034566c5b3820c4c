// What the modules of VMware's Ansible collection `vmware.vmware_rest` (4.x) send for one task, replayed
// over HTTPS: every task is its own process, so it logs in through POST /rest/com/vmware/cis/session
// and then speaks /api with the `vmware-api-session-id` header. The plans below are the module
// families' logic (info, create then read back, update only when different, delete, action).
import type { HttpAnswer, HttpsJson } from './https.js';

/** Registered task results by name (Ansible's `register`), read by `{name.path}` templates. */
export type Vars = Record<string, unknown>;

/** One HTTP exchange of a task, for the report. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  errorType?: string;
  /** The error's first message, for the report. */
  errorMessage?: string;
}

/** What a module returns: the body it read (or {} after a 204 update), the object's id, changed. */
export interface ModuleResult {
  value: unknown;
  id?: string;
  changed: boolean;
}

export type Plan =
  /** GET a collection (with filters) or one object (`id`: the object's id the module reports). */
  | { kind: 'info'; path: string; query?: Record<string, unknown>; id?: string }
  /** List, then GET each item; with `label`, only the items of that label (the device info modules). */
  | { kind: 'info-each'; list: string; item: string; idKey: string; label?: string }
  /** POST the spec, then GET the new object by the id the POST answered. */
  | { kind: 'create'; path: string; body: unknown; item: string }
  /**
   * Look the name up first (`?names=`); create only when absent, else read the existing one. Without
   * `item` (vcenter_host: the API has no GET of one host) the value is the new id.
   */
  | { kind: 'ensure-named'; list: string; name: string; idKey: string; body: unknown; item?: string }
  /** Find the device with that label (list, GET each); update it when different, else create it. */
  | { kind: 'ensure-labelled'; list: string; item: string; idKey: string; label: string; body: unknown }
  /**
   * PATCH modules: GET the current state, then PATCH only the fields (and sub-fields) that differ,
   * or nothing. PUT modules (`set`): GET, PUT the whole spec, GET again; changed when the two differ.
   * With `field`, the GET answers that one body field's value (`GET …/ntp` is what `{servers}` sets).
   */
  | { kind: 'update'; path: string; body: Record<string, unknown>; method?: 'PATCH' | 'PUT'; field?: string }
  /** DELETE one object. */
  | { kind: 'delete'; path: string; query?: Record<string, unknown> }
  /** Find the object whose fields match (list, GET each), then DELETE it. */
  | { kind: 'delete-where'; list: string; item: string; idKey: string; match: Record<string, unknown> }
  /** POST a spec that creates nothing with an id (`state: add` of a list setting), answered 204. */
  | { kind: 'post'; path: string; body: unknown }
  /** POST `?action=NAME` (the `state: <action>` of a module). */
  | { kind: 'action'; path: string; action: string; body?: unknown };

export class ExampleFailure extends Error {
  constructor(
    message: string,
    readonly exchange?: Exchange,
    /** The registered result it needed and did not find (an earlier example failed). */
    readonly missing?: string,
    /** The module's result, when the module succeeded and only the replay's checks of it failed. */
    readonly result?: ModuleResult,
  ) {
    super(message);
  }
}

/** `a.b.0.c` inside `root`; undefined when any step is missing. */
export function lookup(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const step of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, step)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

function resolveVar(vars: Vars, path: string): unknown {
  const value = lookup(vars, path);
  if (value === undefined) throw new ExampleFailure(`{${path}} is not set`, undefined, path.split('.')[0]);
  return value;
}

/** `{name.path}` in a path, URL-encoded. */
export function fillPath(template: string, vars: Vars): string {
  return template.replace(/\{([^}]+)\}/g, (_, path: string) => encodeURIComponent(String(resolveVar(vars, path))));
}

/** Deep copy of a body where a string that is exactly `{name.path}` becomes that value. */
export function fillBody(body: unknown, vars: Vars): unknown {
  if (typeof body === 'string') {
    const m = /^\{([^}]+)\}$/.exec(body);
    return m ? resolveVar(vars, m[1]!) : body;
  }
  if (Array.isArray(body)) return body.map((b) => fillBody(b, vars));
  if (body !== null && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [fillBody(k, vars) as string, fillBody(v, vars)]));
  }
  return body;
}

function withQuery(path: string, query: Record<string, unknown> | undefined, vars: Vars): string {
  if (!query) return path;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(fillBody(query, vars) as Record<string, unknown>)) {
    for (const one of Array.isArray(v) ? v : [v]) sp.append(k, String(one));
  }
  return `${path}${path.includes('?') ? '&' : '?'}${sp}`;
}

/** In an expectation: any value of that JSON type. */
export const a = (type: 'string' | 'boolean' | 'number'): unknown => ({ $anyOfType: type });

/** In an expectation: a list whose every item matches `item` (what a filter must give). */
export const eachIs = (item: unknown): unknown => ({ $every: item });

/** In an expectation: a list holding (at least) these items, in any order. */
export const containing = (items: unknown[]): unknown => ({ $includes: items });

/** `want` with every list turned into `containing(list)`: what a set value must show when read back. */
export function asIncluded(want: unknown): unknown {
  if (Array.isArray(want)) return containing(want.map(asIncluded));
  if (want !== null && typeof want === 'object') return Object.fromEntries(Object.entries(want).map(([k, v]) => [k, asIncluded(v)]));
  return want;
}

/** Where `have` first departs from `want` (`memory.hot_add_enabled: want true, got false`), or undefined. */
export function mismatch(want: unknown, have: unknown, at = ''): string | undefined {
  if (isSubset(want, have)) return undefined;
  const here = at || '(the value)';
  const isObject = (x: unknown) => x !== null && typeof x === 'object';
  const special = isObject(want) && ('$anyOfType' in (want as object) || '$includes' in (want as object) || '$every' in (want as object));
  if (isObject(want) && !special && isObject(have) && Array.isArray(want) === Array.isArray(have)) {
    if (Array.isArray(want) && want.length !== (have as unknown[]).length) return `${here}: want ${want.length} item(s), got ${(have as unknown[]).length}`;
    for (const [k, w] of Object.entries(want as object)) {
      const inner = mismatch(w, (have as Record<string, unknown>)[k], at ? `${at}.${k}` : k);
      if (inner) return inner;
    }
  }
  const show = (x: unknown) => (x === undefined ? 'nothing' : JSON.stringify(x)).slice(0, 120);
  return `${here}: want ${show(want)}, got ${show(have)}`;
}

/** True when every field of `want` is in `have` with the same value (arrays compared whole). */
export function isSubset(want: unknown, have: unknown): boolean {
  const anyType = (want as { $anyOfType?: string } | null)?.$anyOfType;
  if (anyType !== undefined) return typeof have === anyType;
  const every = (want as { $every?: unknown } | null)?.$every;
  if (every !== undefined) return Array.isArray(have) && have.every((h) => isSubset(every, h));
  const includes = (want as { $includes?: unknown[] } | null)?.$includes;
  if (includes !== undefined) return Array.isArray(have) && includes.every((w) => have.some((h) => isSubset(w, h)));
  if (Array.isArray(want)) return Array.isArray(have) && want.length === have.length && want.every((w, i) => isSubset(w, have[i]));
  if (want === null || typeof want !== 'object' || Array.isArray(want)) return JSON.stringify(want) === JSON.stringify(have);
  if (have === null || typeof have !== 'object' || Array.isArray(have)) return false;
  return Object.entries(want).every(([k, v]) => isSubset(v, (have as Record<string, unknown>)[k]));
}

/**
 * The PATCH payload the modules send: the wanted fields minus those the current state already has
 * (an object field keeps only its differing sub-fields, and goes when none is left).
 */
export function changedFields(want: Record<string, unknown>, current: unknown): Record<string, unknown> {
  const have = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, w] of Object.entries(want)) {
    const h = have[k];
    const bothObjects = w !== null && typeof w === 'object' && !Array.isArray(w) && h !== null && typeof h === 'object' && !Array.isArray(h);
    if (bothObjects) {
      const sub = Object.fromEntries(Object.entries(w).filter(([sk, sv]) => JSON.stringify(sv) !== JSON.stringify((h as Record<string, unknown>)[sk])));
      if (Object.keys(sub).length) out[k] = sub;
    } else if (JSON.stringify(w) !== JSON.stringify(h)) out[k] = w;
  }
  return out;
}

const errorTypeOf = (a: HttpAnswer): string | undefined => {
  const b = a.body as { error_type?: unknown; type?: unknown } | undefined;
  return typeof b?.error_type === 'string' ? b.error_type : typeof b?.type === 'string' ? b.type : undefined;
};

const errorMessageOf = (a: HttpAnswer): string | undefined => {
  const b = a.body as { messages?: { default_message?: unknown }[]; value?: { messages?: { default_message?: unknown }[] } } | undefined;
  const text = (b?.messages ?? b?.value?.messages)?.[0]?.default_message;
  return typeof text === 'string' ? text.slice(0, 200) : undefined;
};

/** One Ansible task: its own /rest login, then the module's calls. */
export class AnsibleTask {
  readonly exchanges: Exchange[] = [];
  private session = '';

  constructor(
    private readonly http: HttpsJson,
    private readonly vars: Vars,
  ) {}

  async login(user: string, password: string): Promise<void> {
    const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const a = await this.exchange('POST', '/rest/com/vmware/cis/session', undefined, [200], { authorization });
    const value = (a.body as { value?: unknown } | undefined)?.value;
    if (typeof value !== 'string' || value === '') throw new ExampleFailure('the /rest login answered no session id in `value`');
    this.session = value;
  }

  /** One call with the session; a status outside `ok` fails the task (as the modules fail on errors). */
  async exchange(method: string, path: string, body: unknown, ok: number[], headers?: Record<string, string>): Promise<HttpAnswer> {
    const a = await this.http.send(method, path, {
      // The modules' HTTP session sends both headers on every call, GETs and empty POSTs included.
      headers: headers ?? { 'vmware-api-session-id': this.session, 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
    });
    const errorType = a.status >= 400 ? errorTypeOf(a) : undefined;
    const errorMessage = a.status >= 400 ? errorMessageOf(a) : undefined;
    const exchange: Exchange = { method, path, status: a.status, ...(errorType ? { errorType } : {}), ...(errorMessage ? { errorMessage } : {}) };
    this.exchanges.push(exchange);
    if (!ok.includes(a.status)) {
      throw new ExampleFailure(
        `${method} ${path} answered ${a.status}${errorType ? ` ${errorType}` : ''}${errorMessage ? ` (${errorMessage})` : ''}`,
        exchange,
      );
    }
    return a;
  }

  private async items(list: string, item: string, idKey: string): Promise<{ id: string; value: unknown }[]> {
    const summaries = (await this.exchange('GET', fillPath(list, this.vars), undefined, [200])).body;
    if (!Array.isArray(summaries)) throw new ExampleFailure(`GET ${list} did not answer a list`);
    const out: { id: string; value: unknown }[] = [];
    for (const s of summaries) {
      const id = String(lookup(s, idKey));
      const value = (await this.exchange('GET', fillPath(item, { ...this.vars, id }), undefined, [200])).body;
      out.push({ id, value });
    }
    return out;
  }

  private async createThenRead(path: string, body: unknown, item: string | undefined): Promise<ModuleResult> {
    const created = await this.exchange('POST', fillPath(path, this.vars), fillBody(body, this.vars), [201]);
    if (typeof created.body !== 'string' || created.body === '') throw new ExampleFailure(`POST ${path} answered no new id`);
    const id = created.body;
    if (item === undefined) return { id, value: id, changed: true };
    const value = (await this.exchange('GET', fillPath(item, { ...this.vars, id }), undefined, [200])).body;
    return { id, value, changed: true };
  }

  async run(plan: Plan): Promise<ModuleResult> {
    const v = this.vars;
    switch (plan.kind) {
      case 'info': {
        const value = (await this.exchange('GET', withQuery(fillPath(plan.path, v), plan.query, v), undefined, [200])).body;
        return { value, changed: false, ...(plan.id ? { id: String(fillBody(plan.id, v)) } : {}) };
      }
      case 'info-each': {
        const all = await this.items(plan.list, plan.item, plan.idKey);
        const label = plan.label;
        return { value: all.filter((i) => label === undefined || lookup(i.value, 'label') === label).map((i) => i.value), changed: false };
      }
      case 'create':
        return this.createThenRead(plan.path, plan.body, plan.item);
      case 'ensure-named': {
        const found = (await this.exchange('GET', withQuery(fillPath(plan.list, v), { names: plan.name }, v), undefined, [200])).body;
        if (Array.isArray(found) && found.length > 0) {
          const id = String(lookup(found[0], plan.idKey));
          if (plan.item === undefined) return { id, value: found[0], changed: false };
          return { id, value: (await this.exchange('GET', fillPath(plan.item, { ...v, id }), undefined, [200])).body, changed: false };
        }
        return this.createThenRead(plan.list, plan.body, plan.item);
      }
      case 'ensure-labelled': {
        const match = (await this.items(plan.list, plan.item, plan.idKey)).find((i) => lookup(i.value, 'label') === plan.label);
        const body = fillBody(plan.body, v);
        if (!match) return this.createThenRead(plan.list, body, plan.item);
        const payload = changedFields(body as Record<string, unknown>, match.value);
        if (Object.keys(payload).length === 0) return { id: match.id, value: match.value, changed: false };
        await this.exchange('PATCH', fillPath(plan.item, { ...v, id: match.id }), payload, [204]);
        return { id: match.id, value: {}, changed: true };
      }
      case 'update': {
        const path = fillPath(plan.path, v);
        const body = fillBody(plan.body, v) as Record<string, unknown>;
        const before = (await this.exchange('GET', path, undefined, [200])).body;
        if (plan.method === 'PUT') {
          await this.exchange('PUT', path, body, [200, 204]);
          const after = (await this.exchange('GET', path, undefined, [200])).body;
          const changed = JSON.stringify(before) !== JSON.stringify(after);
          return { value: changed ? after : {}, changed };
        }
        const payload = changedFields(body, before);
        if (Object.keys(payload).length === 0) return { value: before, changed: false };
        await this.exchange('PATCH', path, payload, [200, 204]);
        return { value: {}, changed: true };
      }
      case 'delete':
        await this.exchange('DELETE', withQuery(fillPath(plan.path, v), plan.query, v), undefined, [204]);
        return { value: {}, changed: true };
      case 'delete-where': {
        const match = (await this.items(plan.list, plan.item, plan.idKey)).find((i) => isSubset(fillBody(plan.match, v), i.value));
        if (!match) throw new ExampleFailure(`no item of ${plan.list} matches ${JSON.stringify(plan.match)}`);
        await this.exchange('DELETE', fillPath(plan.item, { ...v, id: match.id }), undefined, [204]);
        return { id: match.id, value: {}, changed: true };
      }
      case 'post':
        await this.exchange('POST', fillPath(plan.path, v), fillBody(plan.body, v), [204]);
        return { value: {}, changed: true };
      case 'action': {
        const a = await this.exchange('POST', `${fillPath(plan.path, v)}?action=${plan.action}`, fillBody(plan.body, v), [200, 204]);
        return { value: a.body ?? {}, changed: true };
      }
    }
  }
}
