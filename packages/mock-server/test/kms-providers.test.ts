// Key Providers of a trust-authority cluster: an update (a task) changes the provider that get reads.
import { describe, expect, it } from 'vitest';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer({ taskMs: 0 });
const api = mock.api;
const KMS = '/api/vcenter/trusted-infrastructure/trust-authority-clusters/domain-c1055/kms/providers';

async function settled(started: { status: number; body: unknown }): Promise<any> {
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return (await api('GET', `/api/cis/tasks/${encodeURIComponent(started.body as string)}`)).body;
}

describe('kms providers', () => {
  it('take an update of the master key, which get then shows', async () => {
    const spec = { provider: 'kp-1', master_key_id: 'key-1', key_server: { type: 'KMIP', kmip_server: { servers: [], username: 'u' } } };
    expect((await settled(await api('POST', `${KMS}?vmw-task=true`, spec))).status).toBe('SUCCEEDED');
    expect((await settled(await api('PATCH', `${KMS}/kp-1?vmw-task=true`, { master_key_id: 'key-2' }))).status).toBe('SUCCEEDED');
    const got = await settled(await api('GET', `${KMS}/kp-1?vmw-task=true`));
    expect(got.result.master_key_id).toBe('key-2');
  });

  it('answer NOT_FOUND for an update of an unknown provider', async () => {
    const task = await settled(await api('PATCH', `${KMS}/nope?vmw-task=true`, { master_key_id: 'key-2' }));
    expect([task.status, task.error.error_type, task.error.messages[0].args]).toEqual(['FAILED', 'NOT_FOUND', ['nope']]);
  });
});
