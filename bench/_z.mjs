import { Agent, buildConnector } from 'undici';
import { spawnMock, login } from './lib.mjs';
const mock = await spawnMock();
const sid = await login(mock.url); const origin = new URL(mock.url).origin;
const agent = new Agent({ connections: 16, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect: buildConnector({ timeout: 10_000 }) });
const headers = { accept: 'application/json', 'user-agent': 'vsphere-kit/0.1 node/20.20.2', 'vmware-api-session-id': sid };
for (let i = 0; i < 6000; i++) { const r = await agent.request({ origin, path: '/api/vcenter/vm', method: 'GET', headers }); JSON.parse(await r.body.text()); }
await mock.close(); process.exit(0);
