/** Routes (method, path template, action or selector) to a MockRouteDef with a segment trie. */
import { actionKeyOf } from '@vsphere-kit/core/route';
import type { MockRouteDef } from './route-types.js';

interface Node {
  literal: Map<string, Node>;
  param?: { name: string; node: Node };
  /** Segments with a parameter inside literal text, e.g. `/rest/.../id:{tag_id}`. */
  patterns?: { prefix: string; suffix: string; name: string; node: Node }[];
  /** method → action ('' for none, `?name` for a selector) → route */
  routes?: Map<string, Map<string, MockRouteDef>>;
  /** the action key each action route uses on this node */
  actionKeys?: Set<string>;
  /** the selector query names of the selector routes on this node */
  selectors?: Set<string>;
}

const newNode = (): Node => ({ literal: new Map() });
/** No parameters (a static path): never written to. */
const NONE: string[] = [];

export interface RouteMatch {
  route: MockRouteDef;
  params: Record<string, string>;
}

export type MatchResult = { kind: 'ok'; match: RouteMatch } | { kind: 'not-found' } | { kind: 'bad-path' };

export class Router {
  private readonly root = newNode();
  private readonly byId = new Map<string, MockRouteDef>();
  /** Paths whose every segment is literal → their node (what the walk would find first). */
  private readonly statics = new Map<string, Node>();

  constructor(routes: readonly MockRouteDef[]) {
    for (const r of routes) this.add(r);
  }

  get(id: string): MockRouteDef | undefined {
    return this.byId.get(id);
  }

  /** How many operations are routed. */
  get size(): number {
    return this.byId.size;
  }

  all(): IterableIterator<MockRouteDef> {
    return this.byId.values();
  }

  private add(route: MockRouteDef): void {
    this.byId.set(route.id, route);
    let node = this.root;
    let literal = route.path.startsWith('/');
    for (const seg of route.path.split('/').slice(1)) {
      if (seg.includes('{')) literal = false;
      const m = /^\{(.+)\}$/.exec(seg);
      const inner = m ? null : /^([^{}]*)\{([^{}]+)\}([^{}]*)$/.exec(seg);
      if (m) {
        node.param ??= { name: m[1]!, node: newNode() };
        node = node.param.node;
      } else if (inner) {
        const [, prefix, name, suffix] = inner as unknown as [string, string, string, string];
        node.patterns ??= [];
        let pat = node.patterns.find((p) => p.prefix === prefix && p.suffix === suffix);
        if (!pat) node.patterns.push((pat = { prefix, suffix, name, node: newNode() }));
        node = pat.node;
      } else {
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, (next = newNode()));
        node = next;
      }
    }
    if (literal) this.statics.set(route.path, node);
    node.routes ??= new Map();
    let byAction = node.routes.get(route.method);
    if (!byAction) node.routes.set(route.method, (byAction = new Map()));
    // An action name never starts with `?`, so a selector's slot cannot collide with one.
    byAction.set(route.action ?? (route.selector ? `?${route.selector}` : ''), route);
    if (route.action) (node.actionKeys ??= new Set()).add(actionKeyOf(route));
    if (route.selector) (node.selectors ??= new Set()).add(route.selector);
  }

  /**
   * `getQuery(key)` returns the first value of a query key (used for the action).
   * Literal segments win over parameters; a template with a parameter is tried when
   * the literal branch does not lead to a route.
   */
  match(method: string, pathname: string, getQuery: (key: string) => string | null): MatchResult {
    // A path equal to an all-literal template: the walk tries literal segments first, so
    // it would end on that template's node; take it without splitting the path.
    let values = NONE;
    let names = NONE;
    let end = this.statics.get(pathname);
    if (!end) {
      const raw = pathname.split('/');
      if (raw[0] !== '') return { kind: 'not-found' };
      values = [];
      names = [];
      end = this.walk(this.root, raw.slice(1), 0, values, names);
    }
    if (!end?.routes) return { kind: 'not-found' };
    const byAction = end.routes.get(method);
    if (!byAction) return { kind: 'not-found' };
    let action = '';
    if (end.actionKeys) {
      for (const k of end.actionKeys) {
        const v = getQuery(k);
        if (v !== null) {
          action = v;
          break;
        }
      }
    }
    // No action given: a selector parameter present in the query picks the selecting operation.
    if (action === '' && end.selectors) {
      for (const name of end.selectors) {
        if (getQuery(name) !== null && byAction.has(`?${name}`)) {
          action = `?${name}`;
          break;
        }
      }
    }
    const route = byAction.get(action);
    if (!route) return { kind: 'not-found' };
    const params: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) {
      let v: string;
      try {
        v = decodeURIComponent(values[i]!);
      } catch {
        return { kind: 'bad-path' };
      }
      params[route.pathParams[i] ?? names[i]!] = v;
    }
    return { kind: 'ok', match: { route, params } };
  }

  /** The methods of the operations on `pathname`, whatever their action (405 and OPTIONS); empty for an unknown path. */
  methodsAt(pathname: string): string[] {
    let end = this.statics.get(pathname);
    if (!end) {
      const raw = pathname.split('/');
      if (raw[0] !== '') return [];
      end = this.walk(this.root, raw.slice(1), 0, [], []);
    }
    return end?.routes ? [...end.routes.keys()] : [];
  }

  private walk(node: Node, segs: string[], i: number, values: string[], names: string[]): Node | undefined {
    if (i === segs.length) return node.routes ? node : undefined;
    const seg = segs[i]!;
    const lit = node.literal.get(seg);
    if (lit) {
      const found = this.walk(lit, segs, i + 1, values, names);
      if (found) return found;
    }
    if (node.patterns) {
      for (const p of node.patterns) {
        if (seg.length > p.prefix.length + p.suffix.length && seg.startsWith(p.prefix) && seg.endsWith(p.suffix)) {
          values.push(seg.slice(p.prefix.length, seg.length - p.suffix.length));
          names.push(p.name);
          const found = this.walk(p.node, segs, i + 1, values, names);
          if (found) return found;
          values.pop();
          names.pop();
        }
      }
    }
    if (node.param && seg !== '') {
      values.push(seg);
      names.push(node.param.name);
      const found = this.walk(node.param.node, segs, i + 1, values, names);
      if (found) return found;
      values.pop();
      names.pop();
    }
    return undefined;
  }
}
