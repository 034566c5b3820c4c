// MockCore.handle() is the one entry point of node:http and of lanes. A lane's request
// object answers operations like node:http's; on a path that only node:http may serve (an
// extra route: admin, IdP) it is refused as the lane's bug, with a 500, not served half-way.
import { describe, expect, it } from 'vitest';
import { SimpleRequest } from '../src/server/lanes/fast/simple-request.js';
import type { PipelineResponse } from '../src/server/pipeline-http.js';
import { useMockServer } from './helpers/server.js';

const logs: string[] = [];
const mock = useMockServer({ log: (line) => logs.push(line) });

function capture(): PipelineResponse & { status: number; body: string } {
  return {
    status: 0,
    body: '',
    headersSent: false,
    get statusCode() {
      return this.status;
    },
    setHeader() {
      return this;
    },
    writeHead(status: number) {
      this.status = status;
      return this;
    },
    end(body = '') {
      this.body = body;
      return this;
    },
    destroy() {
      return this;
    },
  };
}

const laneRequest = (path: string) => new SimpleRequest('GET', path, path, { host: '127.0.0.1', 'vmware-api-session-id': mock.sid });

describe('MockCore.handle', () => {
  it('answers an operation from a lane request as node:http does', async () => {
    const res = capture();
    await mock.server.core.handle(laneRequest('/api/vcenter/vm?names=web-01'), res);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual((await mock.api('GET', '/api/vcenter/vm?names=web-01')).body);
  });

  it('refuses a lane request on a path only node:http may serve', async () => {
    const res = capture();
    await mock.server.core.handle(laneRequest('/__mock/health'), res);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error_type).toBe('INTERNAL_SERVER_ERROR');
    expect(logs.some((l) => l.includes("a lane passed '/__mock/health'"))).toBe(true);
  });
});
