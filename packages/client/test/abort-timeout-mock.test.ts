import { startMockServer, type MockServer } from '@vsphere-kit/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VsphereAbortError, VsphereClient, VsphereConnectionError, VsphereTimeoutError } from '../src/index.js';
import { ADMIN } from './helpers/mock.js';

// A latency fault holds the mock's answer for 2 s. Had the client ignored the
// abort or the timeout, the call would resolve with the VM after that delay;
// a VsphereAbortError / VsphereTimeoutError can only come from the client
// giving up before the answer.
const LATENCY_MS = 2_000;

describe('AbortSignal and per-request timeout against the mock (latency fault)', () => {
  let mock: MockServer;
  let client: VsphereClient;
  let vm: string;
  const lines: string[] = [];
  const hits = (id: string): number | undefined => mock.faults.list().find((f) => f.id === id)?.hits;

  beforeAll(async () => {
    mock = await startMockServer({ port: 0, host: '127.0.0.1' });
    client = new VsphereClient({
      baseUrl: mock.url,
      ...ADMIN,
      retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10 },
      logger: { debug: (l) => lines.push(l) },
    });
    vm = (await client.vcenter.vm.list())[0].vm;
  });
  afterEach(() => mock.faults.clear());
  afterAll(async () => {
    await client?.close();
    await mock?.close();
  });

  it('aborts an ordinary call: VsphereAbortError before the answer, no retry', async () => {
    const id = mock.faults.latency(LATENCY_MS, 'vcenter.vm.get');
    const before = lines.length;
    const err = await client.vcenter.vm.get(vm, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereAbortError);
    expect(err).toBeInstanceOf(VsphereConnectionError);
    expect(err).not.toBeInstanceOf(VsphereTimeoutError);
    expect((err as VsphereAbortError).operation?.id).toBe('vcenter.vm.get');
    expect(hits(id)).toBe(1); // one attempt: an abort is never retried
    expect(lines.slice(before).some((l) => l.includes('retry'))).toBe(false);
    // the client is still usable afterwards
    mock.faults.clear();
    expect((await client.vcenter.vm.get(vm)).name).toBeTruthy();
  });

  it("aborts with the caller's own AbortController, and refuses an already aborted signal without sending", async () => {
    const id = mock.faults.latency(LATENCY_MS, 'vcenter.vm.get');
    const ac = new AbortController();
    const pending = client.vcenter.vm.get(vm, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(VsphereAbortError);
    expect(hits(id)).toBe(1);
    await expect(client.vcenter.vm.get(vm, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(VsphereAbortError);
    expect(hits(id)).toBe(1);
  });

  it('times out one request with timeoutMs (VsphereTimeoutError), retrying the idempotent GET up to the cap', async () => {
    const id = mock.faults.latency(LATENCY_MS, 'vcenter.vm.get');
    const err = await client.vcenter.vm.get(vm, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTimeoutError);
    expect(err).not.toBeInstanceOf(VsphereAbortError);
    expect((err as VsphereTimeoutError).operation?.id).toBe('vcenter.vm.get');
    expect(hits(id)).toBe(3); // first attempt + maxRetries (2)
  });

  it('applies the client-wide timeoutMs, and never retries a POST that timed out', async () => {
    const quick = new VsphereClient({ baseUrl: mock.url, ...ADMIN, timeoutMs: 100, retry: false });
    await quick.core.login();
    const get = mock.faults.latency(LATENCY_MS, 'vcenter.vm.get');
    await expect(quick.vcenter.vm.get(vm)).rejects.toBeInstanceOf(VsphereTimeoutError);
    expect(hits(get)).toBe(1);
    await quick.close();

    const post = mock.faults.latency(LATENCY_MS, 'vcenter.vm.power.reset');
    const err = await client.vcenter.vm.power.reset(vm, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTimeoutError);
    expect(hits(post)).toBe(1);
  });
});
