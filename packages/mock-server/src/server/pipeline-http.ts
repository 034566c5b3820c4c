/**
 * The part of node:http's request and response that the operation pipeline
 * (core.ts) uses. node:http's IncomingMessage and ServerResponse fit it, and so
 * do the objects of a lane (lanes/fast/), so one pipeline serves both.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export interface PipelineRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** Body events ('data', 'end', 'error'), as on a readable stream. */
  // biome-ignore lint/suspicious/noExplicitAny: each event's listener takes its own argument types (Buffer, Error, none)
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface PipelineResponse {
  readonly headersSent: boolean;
  /** The status sent (meaningful once headersSent). */
  readonly statusCode: number;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  /** `headers` as an object or a flat [name, value, name, value, ...] list. */
  writeHead(status: number, headers?: OutgoingHttpHeaders | string[]): unknown;
  end(body?: string): unknown;
  destroy(): unknown;
}

/** What a lane in front of node:http reports: calls it answered, connections it handed to node:http. */
export interface LaneStats {
  answered: number;
  handedOver: number;
}
