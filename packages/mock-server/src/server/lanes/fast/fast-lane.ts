/**
 * The fast lane: answers plain API calls straight from the socket, without
 * node:http's request and response objects and streams, which cost more CPU
 * per call than the operation pipeline itself (bench/mock-throughput.mjs
 * prints the mock with and without the lane).
 *
 * It takes only the requests that are trivial to read right: one complete
 * HTTP/1.1 request per chunk (with its small Content-Length body, if any), no
 * duplicate or special headers, on a path that no extra route (admin, IdP) owns. Anything else, and every later
 * request on that connection, goes to node:http: the lane hands the socket and
 * the bytes it read over to the server's own connection handler. So node:http
 * stays the one judge of odd, partial, pipelined or malformed input.
 */
import { STATUS_CODES, validateHeaderName, validateHeaderValue, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { MockCore } from '../../core.js';
import type { LaneStats, PipelineResponse } from '../../pipeline-http.js';
import { parseSimpleRequest } from './simple-request.js';

/** How many calls the lane answered and how many connections it handed to node:http. */
export type FastLaneStats = LaneStats;

/**
 * Puts the lane in front of `server`'s connection handler ('connection', or
 * 'secureConnection' for https), which must still be its only listener there.
 * Returns its counters, or undefined when the server has no handler to hand
 * connections to (the lane then stays out).
 */
export function installFastLane(server: Server, core: MockCore, secure: boolean): FastLaneStats | undefined {
  const event = secure ? 'secureConnection' : 'connection';
  const listeners = server.listeners(event) as ((socket: Socket) => void)[];
  if (listeners.length !== 1) return undefined;
  const nodeHttp = listeners[0]!;
  const stats: FastLaneStats = { answered: 0, handedOver: 0 };
  const keepAliveMs = server.keepAliveTimeout;
  // The header node:http sends on keep-alive answers.
  const keepAliveHeader = keepAliveMs > 0 ? `Keep-Alive: timeout=${Math.floor(keepAliveMs / 1000)}\r\n` : '';
  server.removeListener(event, nodeHttp);
  server.on(
    event,
    (socket: Socket) =>
      new LaneConnection(socket, core, stats, keepAliveMs, keepAliveHeader, (pending) => {
        stats.handedOver++;
        nodeHttp.call(server, socket);
        // node:http now reads the socket; give it what the lane had read.
        socket.emit('data', pending);
      }),
  );
  return stats;
}

/** One connection while the lane serves it. */
class LaneConnection {
  private inFlight = false;
  private ended = false;
  private readonly onData = (chunk: Buffer): void => this.data(chunk);
  private readonly onEnd = (): void => {
    this.ended = true;
    if (!this.inFlight) this.socket.end();
  };
  private readonly onTimeout = (): void => {
    // Idle keep-alive connections close, as node:http closes them; a call that is still
    // being answered (injected latency, a slow behaviour) keeps its connection.
    if (!this.inFlight) this.socket.destroy();
  };
  private readonly onError = (): void => {
    this.socket.destroy();
  };

  constructor(
    readonly socket: Socket,
    private readonly core: MockCore,
    private readonly stats: FastLaneStats,
    keepAliveMs: number,
    readonly keepAliveHeader: string,
    private readonly handOver: (pending: Buffer) => void,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('timeout', this.onTimeout);
    if (keepAliveMs > 0) socket.setTimeout(keepAliveMs);
  }

  private data(chunk: Buffer): void {
    const req = parseSimpleRequest(chunk);
    if (!req || this.core.ownsExtraPath(req.pathname)) {
      this.leave(chunk);
      return;
    }
    this.inFlight = true;
    const res = new LaneResponse(this);
    const pending = this.core.handle(req, res);
    // A paused socket emits no data, so the next request is read only once this one is
    // answered, and answers stay in order.
    if (pending !== undefined && !res.finished) this.socket.pause();
  }

  /** Called by the response once its bytes are written. */
  answered(close: boolean): void {
    this.stats.answered++;
    this.inFlight = false;
    if (close || this.ended) this.socket.end();
    else if (this.socket.isPaused()) this.socket.resume();
  }

  /** Hands the connection to node:http, with the bytes read but not answered. */
  private leave(pending: Buffer): void {
    const s = this.socket;
    s.off('data', this.onData);
    s.off('end', this.onEnd);
    s.off('error', this.onError);
    s.off('timeout', this.onTimeout);
    s.setTimeout(0);
    this.handOver(pending);
  }
}

/** The parts of ServerResponse the pipeline uses; the whole answer leaves in one write. */
class LaneResponse implements PipelineResponse {
  headersSent = false;
  finished = false;
  private status = 200;

  get statusCode(): number {
    return this.status;
  }
  /** Lower-case names of the headers set, and each one's line(s) as sent, in order. */
  private readonly names: string[] = [];
  private readonly lines: string[] = [];

  constructor(private readonly connection: LaneConnection) {}

  setHeader(name: string, value: string | number | readonly string[]): this {
    if (this.headersSent) throw new Error('Cannot set headers after they are sent.');
    validateHeaderName(name);
    let line = '';
    if (typeof value === 'string' || typeof value === 'number') {
      validateHeaderValue(name, String(value));
      line = `${name}: ${value}\r\n`;
    } else {
      for (const v of value) {
        validateHeaderValue(name, v);
        line += `${name}: ${v}\r\n`;
      }
    }
    const lower = name.toLowerCase();
    const at = this.names.indexOf(lower);
    if (at >= 0) this.lines[at] = line;
    else {
      this.names.push(lower);
      this.lines.push(line);
    }
    return this;
  }

  writeHead(status: number, headers?: OutgoingHttpHeaders | string[]): this {
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.setHeader(headers[i]!, headers[i + 1]!);
    } else if (headers) {
      for (const [k, v] of Object.entries(headers)) if (v !== undefined) this.setHeader(k, v);
    }
    this.status = status;
    this.headersSent = true;
    return this;
  }

  end(body = ''): this {
    if (this.finished) return this;
    this.headersSent = true;
    this.finished = true;
    const { names, status } = this;
    const noBody = status === 204 || status === 304 || status < 200;
    let head = statusLine(status);
    for (let i = 0; i < this.lines.length; i++) head += this.lines[i];
    if (!noBody && !names.includes('content-length')) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    if (!names.includes('date')) head += `Date: ${utcDate()}\r\n`;
    const connectionAt = names.indexOf('connection');
    const close = connectionAt >= 0 && /^connection:\s*close\s*$/i.test(this.lines[connectionAt]!.trim());
    if (connectionAt < 0) head += 'Connection: keep-alive\r\n';
    if (!close) head += this.connection.keepAliveHeader;
    this.connection.socket.write(noBody ? `${head}\r\n` : `${head}\r\n${body}`);
    this.connection.answered(close);
    return this;
  }

  destroy(): this {
    this.finished = true;
    this.connection.socket.destroy();
    return this;
  }
}

const statusLines = new Map<number, string>();

/** `HTTP/1.1 200 OK\r\n`, built once per status. */
function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (line === undefined) statusLines.set(status, (line = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`));
  return line;
}

let dateSecond = -1;
let dateText = '';

/** The Date header, computed once a second as node:http does. */
function utcDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
