import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpDispatcher, VsphereClient, VsphereTlsError, normalizeThumbprint } from '../src/index.js';
import { makeCerts, sha1Of, sha256Of, type TestCerts } from './helpers/certs.js';
import { ADMIN, startMock, type MockServer } from './helpers/mock.js';

// Every TLS rule holds for both transports: undici (the default) and
// NodeHttpDispatcher (Node's http stack, used by the CLI).
describe.each([
  ['undici', false],
  ['node:http', true],
] as const)('TLS against the mock in TLS mode (%s transport)', (_transport, nodeHttp) => {
  let certs: TestCerts;
  let selfSigned: MockServer; // the mock's own generated self-signed certificate
  let caSigned: MockServer; // a certificate from our test CA
  let pinned: MockServer; // an openssl self-signed certificate
  beforeAll(async () => {
    certs = makeCerts();
    selfSigned = await startMock({ tls: true });
    caSigned = await startMock({ tls: { cert: certs.leafCert, key: certs.leafKey } });
    pinned = await startMock({ tls: { cert: certs.selfCert, key: certs.selfKey } });
  });
  afterAll(async () => {
    await Promise.all([selfSigned?.close(), caSigned?.close(), pinned?.close()]);
  });

  const list = async (options: ConstructorParameters<typeof VsphereClient>[0]) => {
    const o = options as { ca?: string; thumbprint?: string; insecure?: boolean };
    const dispatcher = nodeHttp ? new NodeHttpDispatcher({ ca: o.ca, thumbprint: o.thumbprint, insecure: o.insecure }) : undefined;
    const client = new VsphereClient({ ...(options as object), ...(dispatcher ? { dispatcher } : {}) } as never);
    try {
      return await client.vcenter.vm.list();
    } finally {
      await client.close();
      await dispatcher?.close();
    }
  };

  it('verifies by default and refuses a self-signed certificate', async () => {
    expect(selfSigned.url.startsWith('https://')).toBe(true);
    const err = await list({ baseUrl: selfSigned.url, ...ADMIN, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTlsError);
  });

  it('accepts the self-signed certificate pinned by its SHA-256 thumbprint (with or without colons)', async () => {
    expect(selfSigned.thumbprint).toBeTruthy();
    expect((await list({ baseUrl: selfSigned.url, ...ADMIN, thumbprint: selfSigned.thumbprint })).length).toBeGreaterThan(0);
    const bare = sha256Of(certs.selfCert).replace(/:/g, '').toLowerCase();
    expect((await list({ baseUrl: pinned.url, ...ADMIN, thumbprint: bare })).length).toBeGreaterThan(0);
  });

  it('accepts a SHA-1 thumbprint as vCenter shows it', async () => {
    expect((await list({ baseUrl: pinned.url, ...ADMIN, thumbprint: sha1Of(certs.selfCert) })).length).toBeGreaterThan(0);
  });

  it('refuses any other certificate when a thumbprint is pinned', async () => {
    const err = await list({ baseUrl: pinned.url, ...ADMIN, thumbprint: selfSigned.thumbprint, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTlsError);
    expect((err as VsphereTlsError).code).toBe('ERR_VSPHERE_THUMBPRINT_MISMATCH');
    expect((err as VsphereTlsError).peerThumbprint).toBe(sha256Of(certs.selfCert));
  });

  it('trusts a server certificate signed by the given CA, and only with it', async () => {
    expect((await list({ baseUrl: caSigned.url, ...ADMIN, ca: certs.caCert })).length).toBeGreaterThan(0);
    const err = await list({ baseUrl: caSigned.url, ...ADMIN, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VsphereTlsError);
    const wrongCa = await list({ baseUrl: pinned.url, ...ADMIN, ca: certs.caCert, retry: false }).catch((e: unknown) => e);
    expect(wrongCa).toBeInstanceOf(VsphereTlsError);
  });

  it('accepts anything with insecure: true, after a one-time warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      expect((await list({ baseUrl: selfSigned.url, ...ADMIN, insecure: true })).length).toBeGreaterThan(0);
      expect((await list({ baseUrl: pinned.url, ...ADMIN, insecure: true })).length).toBeGreaterThan(0);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    const ours = warnings.filter((w) => (w as { code?: string }).code === 'VSPHERE_KIT_INSECURE_TLS');
    // Once per process: the first transport's run sees it, the second sees none.
    expect(ours).toHaveLength(nodeHttp ? 0 : 1);
  });

  it('validates thumbprints', () => {
    expect(normalizeThumbprint('ab:cd:' + 'ef'.repeat(30)).algorithm).toBe('sha256');
    expect(() => normalizeThumbprint('not-a-thumbprint')).toThrow(TypeError);
  });
});
