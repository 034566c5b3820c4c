import { getAtPointer } from '../load/spec-problem.js';
import {
  type HttpMethod,
  type Location,
  type NormalOperation,
  type NormalParam,
  type NormalResponse,
  type NormalSpec,
  operationKey,
  type SchemaAt,
  splitKey,
} from './model.js';

/** One operation as a reader finds it under one path key, before task variants are merged. */
export interface KeyedOperation {
  readonly method: HttpMethod;
  /** The path key, prefixed as the API serves it (`/api/...`). */
  readonly key: string;
  readonly at: Location;
  readonly params: readonly NormalParam[];
  readonly body?: SchemaAt;
  readonly responses: readonly NormalResponse[];
  /** Task mode the document states on the operation itself (our `x-vsphere-task`). */
  readonly task?: 'only' | 'both';
  readonly taskResult?: SchemaAt;
}

/** What a reader of one document format supplies. */
export interface DocumentReader {
  readonly label: string;
  operations(): Iterable<KeyedOperation>;
  resolveRef(ref: string): SchemaAt | undefined;
}

/** A `$ref` resolver over one document whose pointers `locate` places in files. */
export function refResolver(doc: unknown, locate: (pointer: string) => Location | undefined): (ref: string) => SchemaAt | undefined {
  return (ref) => {
    if (!ref.startsWith('#')) return undefined;
    const node = getAtPointer(doc, ref);
    const at = locate(ref);
    return node === undefined || !at ? undefined : { node, at };
  };
}

/**
 * The `/api` operations of a document, matched by method + path + action. VMware lists the
 * task form of an operation under its own key (`…&vmw-task=true`): with a synchronous twin the
 * operation runs both ways, alone it exists only as a task.
 */
export function normalize(reader: DocumentReader): NormalSpec {
  const groups = new Map<string, { sync?: KeyedOperation; task?: KeyedOperation; path: string; action?: string; method: HttpMethod }>();
  const all = [...reader.operations()]
    .map((op) => ({ op, split: splitKey(op.key) }))
    .filter(({ split }) => split.path === '/api' || split.path.startsWith('/api/'));
  const unmarked = new Set(all.filter(({ split }) => !split.marker).map(({ op, split }) => operationKey(op.method, split.path, split.action)));
  for (const { op, split } of all) {
    const { path, action, taskVariant, marker } = split;
    // `GET …/file?file_name` beside `GET …/file` is a second operation (get beside list): it keeps
    // its marker in the key. Alone (`GET …/item?library_id`), the marker only restates a parameter.
    const plain = operationKey(op.method, path, action);
    const key = marker && unmarked.has(plain) ? `${plain}?${marker}` : plain;
    const group = groups.get(key) ?? { path, method: op.method, ...(action ? { action } : {}) };
    groups.set(key, group);
    if (taskVariant) group.task = op;
    else group.sync = op;
  }
  const operations = new Map<string, NormalOperation>();
  for (const key of [...groups.keys()].sort()) {
    const { sync, task, path, action, method } = groups.get(key)!;
    const main = (sync ?? task)!;
    // The sync form's statuses, plus the task form's 202.
    const responses = [...main.responses];
    if (sync && task) for (const r of task.responses) if (!responses.some((x) => x.status === r.status)) responses.push(r);
    responses.sort((a, b) => a.status - b.status);
    const mode = sync && task ? 'both' : task ? 'only' : main.task;
    const pathParams = main.params.filter((p) => p.in === 'path');
    const queryParams = main.params.filter((p) => p.in === 'query').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    operations.set(key, {
      key,
      method,
      path,
      ...(action ? { action } : {}),
      at: main.at,
      pathParams,
      queryParams,
      ...(main.body ? { body: main.body } : {}),
      responses,
      ...(mode ? { task: mode } : {}),
      ...(main.taskResult ? { taskResult: main.taskResult } : {}),
    });
  }
  return { label: reader.label, operations, resolveRef: (ref) => reader.resolveRef(ref) };
}
