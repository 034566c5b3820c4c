// The baseline of the client benchmarks: raw undici GETs set up as the client sets up its own
// (16 keep-alive connections, keepAliveTimeout 10 s, keepAliveMaxTimeout 60 s, connect timeout
// 10 s, TLS verification on), with the client's headers and JSON decoding of each body.
import { Agent, buildConnector } from 'undici';

/** `get(path)` resolves to the decoded JSON of a 200 answer; `close()` ends the agent. */
export function rawUndici(baseUrl, sessionId) {
  const origin = new URL(baseUrl).origin;
  const agent = new Agent({
    connections: 16,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connect: buildConnector({ timeout: 10_000, rejectUnauthorized: true }),
  });
  const headers = {
    accept: 'application/json',
    'user-agent': `vsphere-kit/0.1 node/${process.versions.node}`,
    'vmware-api-session-id': sessionId,
  };
  return {
    async get(path) {
      const res = await agent.request({ origin, path, method: 'GET', headers });
      const body = JSON.parse(await res.body.text());
      if (res.statusCode !== 200) throw new Error(`raw GET ${path}: ${res.statusCode}`);
      return body;
    },
    close: () => agent.close(),
  };
}
