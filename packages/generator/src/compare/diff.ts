import { escapePointerToken } from '../load/spec-problem.js';
import { type Location, type NormalOperation, type NormalParam, type NormalResponse, type NormalSpec, placedAt, type SchemaAt } from './model.js';

type Json = Record<string, unknown>;

/** The kinds of difference, in the order the report lists them. */
export const DIFFERENCE_KINDS = [
  'path-param-name',
  'param',
  'param-required',
  'body',
  'response-body',
  'type',
  'format',
  'enum',
  'property',
  'required',
  'map',
  'success-status',
  'error-status',
  'task-mode',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

export interface Difference {
  readonly kind: DifferenceKind;
  /** Where in the operation: `body.spec.name`, `query names`, `response 200[]`. */
  readonly where: string;
  readonly message: string;
  /** The JSON pointer in each file: the node itself, or the place that lacks it. */
  readonly ours: Location;
  readonly theirs: Location;
}

export interface OperationDiff {
  readonly key: string;
  readonly differences: readonly Difference[];
}

export interface OnlyOneSide {
  readonly key: string;
  readonly at: Location;
}

export interface Comparison {
  readonly ours: string;
  readonly theirs: string;
  /**
   * The `/api/<namespace>` prefixes VMware's file covers. VMware publishes one file per
   * namespace (7.x, 8.x), so our operations outside them are not "only in ours".
   */
  readonly scope: readonly string[];
  /** Operations only in VMware's file. */
  readonly onlyTheirs: readonly OnlyOneSide[];
  readonly onlyOurs: readonly OnlyOneSide[];
  readonly shared: number;
  /** Shared operations that differ, each with its differences. */
  readonly operations: readonly OperationDiff[];
}

/** Compares every `/api` operation of two normalized documents. */
export function compareSpecs(ours: NormalSpec, theirs: NormalSpec): Comparison {
  const onlyTheirs: OnlyOneSide[] = [];
  const onlyOurs: OnlyOneSide[] = [];
  const operations: OperationDiff[] = [];
  let shared = 0;
  const scope = [...new Set([...theirs.operations.values()].map((op) => namespaceOf(op.path)))].sort();
  for (const [key, op] of theirs.operations) if (!ours.operations.has(key)) onlyTheirs.push({ key, at: op.at });
  for (const [key, op] of ours.operations) {
    if (!scope.includes(namespaceOf(op.path))) continue;
    const other = theirs.operations.get(key);
    if (!other) {
      onlyOurs.push({ key, at: op.at });
      continue;
    }
    shared++;
    const differences = new OperationDiffer(ours, theirs).run(op, other);
    if (differences.length > 0) operations.push({ key, differences });
  }
  return { ours: ours.label, theirs: theirs.label, scope, onlyTheirs, onlyOurs, shared, operations };
}

/** `/api/vcenter/vm/{vm}` → `/api/vcenter`. */
function namespaceOf(path: string): string {
  return path.split('/').slice(0, 3).join('/');
}

class OperationDiffer {
  private readonly out: Difference[] = [];
  /** Pairs of named schemas being walked: a recursive type is compared once. */
  private readonly walking = new Set<string>();

  constructor(
    private readonly ours: NormalSpec,
    private readonly theirs: NormalSpec,
  ) {}

  run(a: NormalOperation, b: NormalOperation): Difference[] {
    this.params(a, b);
    if (a.body && b.body) this.schema(a.body, b.body, 'body');
    else if (a.body || b.body) this.add('body', 'body', `a request body only in ${this.side(!!a.body)}`, a.body?.at ?? a.at, b.body?.at ?? b.at);
    this.responses(a, b);
    if (a.task !== b.task) {
      this.add('task-mode', 'task', `task mode ${a.task ?? 'none'} in ${this.ours.label}, ${b.task ?? 'none'} in ${this.theirs.label}`, a.at, b.at);
    }
    // VMware's files do not name what a task returns (their 202 is the task id); a result type
    // is compared where both documents state one (`x-vsphere-task-result`, two trees of ours).
    if (a.taskResult && b.taskResult) this.schema(a.taskResult, b.taskResult, 'task result');
    return this.out;
  }

  private params(a: NormalOperation, b: NormalOperation): void {
    a.pathParams.forEach((pa, i) => {
      const pb = b.pathParams[i];
      if (!pb) return;
      if (pa.name !== pb.name) {
        this.add(
          'path-param-name',
          `path {${pa.name}}`,
          `path parameter ${i + 1} is {${pa.name}} in ${this.ours.label}, {${pb.name}} in ${this.theirs.label}`,
          pa.at,
          pb.at,
        );
      }
      this.schema(pa.schema, pb.schema, `path {${pa.name}}`);
    });
    const theirs = new Map(b.queryParams.map((p) => [p.name, p]));
    const ours = new Map(a.queryParams.map((p) => [p.name, p]));
    for (const pa of a.queryParams) {
      const pb = theirs.get(pa.name);
      if (!pb) this.add('param', `query ${pa.name}`, `query parameter '${pa.name}' only in ${this.ours.label}`, pa.at, b.at);
      else this.param(pa, pb);
    }
    for (const pb of b.queryParams) {
      if (!ours.has(pb.name)) this.add('param', `query ${pb.name}`, `query parameter '${pb.name}' only in ${this.theirs.label}`, a.at, pb.at);
    }
  }

  private param(pa: NormalParam, pb: NormalParam): void {
    const where = `query ${pa.name}`;
    if (pa.required !== pb.required) {
      this.add('param-required', where, `required in ${this.side(pa.required)}, optional in ${this.side(!pa.required)}`, pa.at, pb.at);
    }
    this.schema(pa.schema, pb.schema, where);
  }

  private responses(a: NormalOperation, b: NormalOperation): void {
    const theirs = new Map(b.responses.map((r) => [r.status, r]));
    const ours = new Map(a.responses.map((r) => [r.status, r]));
    const kind = (r: NormalResponse): DifferenceKind => (r.status < 300 ? 'success-status' : 'error-status');
    for (const ra of a.responses) {
      const rb = theirs.get(ra.status);
      if (!rb) {
        this.add(kind(ra), `response ${ra.status}`, `status ${ra.status} only in ${this.ours.label}`, ra.at, responsesOf(b));
        continue;
      }
      // Error bodies are the one vSphere error structure on both sides; only their statuses are compared.
      if (ra.status >= 300) continue;
      if (ra.schema && rb.schema) this.schema(ra.schema, rb.schema, `response ${ra.status}`);
      else if (ra.schema || rb.schema) {
        this.add('response-body', `response ${ra.status}`, `a response body only in ${this.side(!!ra.schema)}`, ra.schema?.at ?? ra.at, rb.schema?.at ?? rb.at);
      }
    }
    for (const rb of b.responses) {
      if (!ours.has(rb.status)) this.add(kind(rb), `response ${rb.status}`, `status ${rb.status} only in ${this.theirs.label}`, responsesOf(a), rb.at);
    }
  }

  /** Walks two schemas side by side; `$ref`s are followed, so structure is compared, not names. */
  private schema(a0: SchemaAt, b0: SchemaAt, where: string): void {
    const a = resolve(this.ours, a0);
    const b = resolve(this.theirs, b0);
    const pair = `${a.at.file}${a.at.pointer}|${b.at.file}${b.at.pointer}`;
    if (this.walking.has(pair)) return;
    this.walking.add(pair);
    try {
      this.schemaBody(a, b, where);
    } finally {
      this.walking.delete(pair);
    }
  }

  private schemaBody(a: SchemaAt, b: SchemaAt, where: string): void {
    const sa = (a.node ?? {}) as Json;
    const sb = (b.node ?? {}) as Json;
    const ta = typeOf(sa);
    const tb = typeOf(sb);
    if (ta !== tb) {
      this.add('type', where, `type ${ta} in ${this.ours.label}, ${tb} in ${this.theirs.label}`, a.at, b.at);
      return;
    }
    if (sa.format !== sb.format) {
      this.add(
        'format',
        where,
        `format ${String(sa.format ?? 'none')} in ${this.ours.label}, ${String(sb.format ?? 'none')} in ${this.theirs.label}`,
        a.at,
        b.at,
      );
    }
    this.enums(sa, sb, a, b, where);
    if (ta === 'array') {
      this.schema(childOf(a, 'items'), childOf(b, 'items'), `${where}[]`);
      return;
    }
    if (ta !== 'object') return;
    const pa = (sa.properties ?? {}) as Json;
    const pb = (sb.properties ?? {}) as Json;
    for (const name of Object.keys(pa)) {
      if (Object.hasOwn(pb, name)) this.schema(childOf(a, 'properties', name), childOf(b, 'properties', name), `${where}.${name}`);
      else this.add('property', `${where}.${name}`, `property '${name}' only in ${this.ours.label}`, childOf(a, 'properties', name).at, b.at);
    }
    for (const name of Object.keys(pb)) {
      if (!Object.hasOwn(pa, name))
        this.add('property', `${where}.${name}`, `property '${name}' only in ${this.theirs.label}`, a.at, childOf(b, 'properties', name).at);
    }
    const ra = new Set(stringList(sa.required));
    const rb = new Set(stringList(sb.required));
    for (const name of ra) {
      if (!rb.has(name)) this.add('required', `${where}.${name}`, `'${name}' is required only in ${this.ours.label}`, childOf(a, 'required').at, b.at);
    }
    for (const name of rb) {
      if (!ra.has(name)) this.add('required', `${where}.${name}`, `'${name}' is required only in ${this.theirs.label}`, a.at, childOf(b, 'required').at);
    }
    // A map is `additionalProperties` with a schema; `false` (our closed request bodies) or absent is no map.
    const ma = isSchema(sa.additionalProperties);
    const mb = isSchema(sb.additionalProperties);
    if (ma && mb) this.schema(childOf(a, 'additionalProperties'), childOf(b, 'additionalProperties'), `${where}{}`);
    else if (ma || mb) {
      this.add(
        'map',
        `${where}{}`,
        `a map (additionalProperties) only in ${this.side(ma)}`,
        ma ? childOf(a, 'additionalProperties').at : a.at,
        mb ? childOf(b, 'additionalProperties').at : b.at,
      );
    }
  }

  private enums(sa: Json, sb: Json, a: SchemaAt, b: SchemaAt, where: string): void {
    const ea = Array.isArray(sa.enum) ? sa.enum.map(String) : undefined;
    const eb = Array.isArray(sb.enum) ? sb.enum.map(String) : undefined;
    if (!ea && !eb) return;
    if (!ea || !eb) {
      this.add('enum', where, `an enum only in ${this.side(!!ea)}`, ea ? childOf(a, 'enum').at : a.at, eb ? childOf(b, 'enum').at : b.at);
      return;
    }
    const onlyA = ea.filter((v) => !eb.includes(v));
    const onlyB = eb.filter((v) => !ea.includes(v));
    if (onlyA.length === 0 && onlyB.length === 0) return;
    const parts = [
      ...(onlyA.length ? [`${onlyA.join(', ')} only in ${this.ours.label}`] : []),
      ...(onlyB.length ? [`${onlyB.join(', ')} only in ${this.theirs.label}`] : []),
    ];
    this.add('enum', where, `enum values ${parts.join('; ')}`, childOf(a, 'enum').at, childOf(b, 'enum').at);
  }

  private side(ours: boolean): string {
    return ours ? this.ours.label : this.theirs.label;
  }

  private add(kind: DifferenceKind, where: string, message: string, ours: Location, theirs: Location): void {
    this.out.push({ kind, where, message, ours, theirs });
  }
}

/** Follows `$ref`s, and `allOf` of one schema (how OpenAPI 3.1 puts a description beside a ref). */
function resolve(side: NormalSpec, start: SchemaAt): SchemaAt {
  let current = start;
  for (let i = 0; i < 32; i++) {
    const node = current.node as Json | undefined;
    if (!node || typeof node !== 'object') return current;
    if (typeof node.$ref === 'string') {
      const next = side.resolveRef(node.$ref);
      if (!next) return current;
      current = next;
    } else if (Array.isArray(node.allOf) && node.allOf.length === 1 && node.type === undefined && node.properties === undefined) {
      current = childOf(current, 'allOf', 0);
    } else return current;
  }
  return current;
}

function childOf(parent: SchemaAt, ...tokens: (string | number)[]): SchemaAt {
  let node: unknown = parent.node;
  // Own members only: a property named `constructor` is not Object.prototype's.
  for (const t of tokens) node = node && typeof node === 'object' && Object.hasOwn(node, String(t)) ? (node as Json)[String(t)] : undefined;
  const at = placedAt(node) ?? {
    file: parent.at.file,
    pointer: parent.at.pointer + tokens.map((t) => `/${escapePointerToken(String(t))}`).join(''),
  };
  return { node: node ?? {}, at };
}

function responsesOf(op: NormalOperation): Location {
  return { file: op.at.file, pointer: `${op.at.pointer}/responses` };
}

/** The JSON type a schema describes; `null` in a type list (OpenAPI 3.1's nullable) is not a difference. */
function typeOf(s: Json): string {
  const t = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null') : s.type;
  if (Array.isArray(t)) return t.length === 1 ? String(t[0]) : t.map(String).sort().join('|');
  if (typeof t === 'string') return t;
  if (s.properties !== undefined || s.additionalProperties !== undefined) return 'object';
  if (s.items !== undefined) return 'array';
  if (Array.isArray(s.enum) && s.enum.length > 0) return typeof s.enum[0];
  if (Array.isArray(s.oneOf)) return 'oneOf';
  if (Array.isArray(s.anyOf)) return 'anyOf';
  return 'any';
}

function isSchema(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
