// VMware's Ansible collection vmware.vmware_rest cannot run here (it needs Python packages), so this
// suite replays what its modules send for every documented example (./ansible/examples.ts) against
// `vsphere-mock --tls` started as a subprocess, over verified HTTPS, and prints one row per example.
// The mock lanes of issue #11 make more of them pass as they land: raise GUARD with them.
import { randomBytes } from 'node:crypto';
import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from './ansible/examples.js';
import { HttpsJson, pinnedCertificate } from './ansible/https.js';
import { formatTable, replayAll } from './ansible/replay.js';
import { type BinRun, startBin, stopBin } from './helpers/bin.js';

/** Documented examples that must pass; the suite fails below it (raise it as lanes land). */
const GUARD = 167;
/** The examples of the collection's guide and task outputs that map to /api (all of them). */
const DOCUMENTED = 167;

describe('Ansible vmware.vmware_rest examples replayed against vsphere-mock --tls', () => {
  const adminToken = randomBytes(16).toString('hex');
  let run: BinRun;
  let http: HttpsJson;

  beforeAll(async () => {
    // Tools report half a second after a power-on: the waits of the examples still poll, but briefly.
    run = await startBin(['--port', '0', '--quiet', '--tls', '--admin-token', adminToken, '--tools-start-ms', '500'], { tls: true });
    http = new HttpsJson(run.url, await pinnedCertificate(run.url, run.thumbprint!));
  });
  afterAll(async () => {
    http?.close();
    if (run) expect(await stopBin(run)).toEqual({ code: 0, signal: null });
  });

  it('verifies the certificate: without the pinned CA the connection is refused', async () => {
    const err = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      get(`${run.url}/api/session`, (res) => reject(new Error(`answered ${res.statusCode}`))).on('error', resolve);
    });
    expect(err.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
  });

  it('the /rest login answers {value} with a Secure, HttpOnly cookie scoped to /rest, and the id works on /api', async () => {
    const authorization = `Basic ${Buffer.from('administrator@vsphere.local:VMware1!').toString('base64')}`;
    const login = await http.send('POST', '/rest/com/vmware/cis/session', { headers: { authorization } });
    expect(login.status).toBe(200);
    const id = (login.body as { value: string }).value;
    expect(String(login.headers['set-cookie'])).toMatch(new RegExp(`^vmware-api-session-id=${id}; Path=/rest; Secure; HttpOnly`));
    const vms = await http.send('GET', '/api/vcenter/vm', { headers: { 'vmware-api-session-id': id } });
    expect(vms.status).toBe(200);
    expect(Array.isArray(vms.body)).toBe(true);
  });

  it('replays every documented example and prints the table', async () => {
    const reset = async () => {
      const r = await http.send('POST', '/__mock/reset', { headers: { authorization: `Bearer ${adminToken}` } });
      if (r.status !== 204) throw new Error(`reset answered ${r.status}`);
    };
    const rows = await replayAll(http, reset);
    console.log(formatTable(rows));
    const documented = rows.filter((r) => !r.example.setup);
    expect(documented).toHaveLength(DOCUMENTED);
    expect(new Set(documented.map((r) => r.example.key)).size).toBe(DOCUMENTED);
    expect(SCENARIOS.flatMap((s) => s.examples).length).toBe(rows.length);
    expect(documented.filter((r) => r.ok).length).toBeGreaterThanOrEqual(GUARD);
  }, 240_000);
});
