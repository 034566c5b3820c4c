import type { IncomingHttpHeaders } from 'node:http';
import type { MockCore } from '../server/core.js';
import type { MockRouteDef } from '../server/route-types.js';

export interface OpContext {
  core: MockCore;
  route: MockRouteDef;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** The session's user ('' on login/none operations). */
  user: string;
  sessionId?: string;
  headers: IncomingHttpHeaders;
  /** True when the operation runs as a task (the handler is running at task completion). */
  asTask: boolean;
}

export interface OpResult {
  status?: number;
  body?: unknown;
  /** `JSON.stringify(body)` when the behaviour has it already; sent as is (body is still what is validated). */
  json?: string;
  headers?: Record<string, string>;
}

export type OpHandler = (ctx: OpContext) => OpResult | void | Promise<OpResult | void>;

/** Handlers are keyed by `METHOD /path/template` or `METHOD /path/template?action=name`. */
export type HandlerTable = Record<string, OpHandler>;
