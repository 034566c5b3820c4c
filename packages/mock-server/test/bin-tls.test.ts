// The bin's TLS: the printed SHA-256 thumbprint is the fingerprint of the certificate it serves,
// whether generated at start (--tls) or given (--cert/--key); bad certificate files exit 2.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin, startBin, stopBin } from './helpers/bin.js';

/** The certificate the server at `url` presents (no verification: it is self-signed). */
function servedCertificate(url: string): Promise<PeerCertificate> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false, servername: 'localhost' }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.on('error', reject);
  });
}

const THUMBPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const dir = mkdtempSync(join(tmpdir(), 'vmock-tls-'));
let certFile: string;
let keyFile: string;
let otherKeyFile: string;
let certPem: string;

beforeAll(async () => {
  const mk = (cn: string) =>
    generate([{ name: 'commonName', value: cn }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
  const [a, b] = await Promise.all([mk('given.vsphere-mock.test'), mk('other.vsphere-mock.test')]);
  certPem = a.cert;
  certFile = join(dir, 'cert.pem');
  keyFile = join(dir, 'key.pem');
  otherKeyFile = join(dir, 'other-key.pem');
  writeFileSync(certFile, a.cert);
  writeFileSync(keyFile, a.private);
  writeFileSync(otherKeyFile, b.private);
});

describe('vsphere-mock TLS', () => {
  it('--tls: prints the SHA-256 thumbprint of the certificate it serves', async () => {
    const run = await startBin(['--port', '0', '--quiet', '--tls'], { tls: true });
    try {
      expect(run.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(run.thumbprint).toMatch(THUMBPRINT);
      const served = await servedCertificate(run.url);
      expect(served.fingerprint256).toBe(run.thumbprint);
      expect(served.subject.CN).toBe('vsphere-mock');
    } finally {
      expect(await stopBin(run)).toEqual({ code: 0, signal: null });
    }
  });

  it('--cert/--key: serves the given certificate and prints its thumbprint', async () => {
    const expected = new X509Certificate(certPem);
    const run = await startBin(['--port', '0', '--quiet', '--cert', certFile, '--key', keyFile], { tls: true });
    try {
      expect(run.url).toMatch(/^https:/);
      expect(run.thumbprint).toBe(expected.fingerprint256);
      const served = await servedCertificate(run.url);
      expect(served.fingerprint256).toBe(run.thumbprint);
      expect(served.raw.equals(expected.raw)).toBe(true);
      expect(served.subject.CN).toBe('given.vsphere-mock.test');
    } finally {
      expect(await stopBin(run)).toEqual({ code: 0, signal: null });
    }
  });

  it('refuses a missing file, a non-certificate and a key that does not match: message, exit 2', async () => {
    const missing = join(dir, 'missing.pem');
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    const cases: [string[], string][] = [
      [['--cert', missing, '--key', keyFile], `cannot read the certificate file ${missing} (ENOENT)`],
      [['--cert', garbage, '--key', keyFile], `${garbage}: not a PEM certificate`],
      [['--cert', certFile, '--key', otherKeyFile], `${otherKeyFile}: the key does not belong to the certificate ${certFile}`],
    ];
    const results = await Promise.all(cases.map(([args]) => runBin(['--port', '0', ...args])));
    results.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).not.toContain('listening');
      expect(r.stderr).toContain(`vsphere-mock: ${cases[i]![1]}`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });
  });
});
