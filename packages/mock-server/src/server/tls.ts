/** TLS material: a self-signed certificate generated at start, or files given by the user. */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 thumbprint, colon-separated upper-case hex (as vCenter shows it). */
  thumbprint: string;
}

export function thumbprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export async function selfSignedTls(host: string): Promise<TlsMaterial> {
  const isIp = /^[\d.]+$|:/.test(host);
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (host && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1' && host !== '0.0.0.0') {
    altNames.push(isIp ? { type: 7, ip: host } : { type: 2, value: host });
  }
  // Loaded only when TLS is asked for (it is not cheap to load).
  const ns = (await import('selfsigned')) as unknown as { default?: { generate: unknown }; generate?: unknown };
  const selfsigned = (ns.generate ? ns : ns.default!) as { generate: unknown };
  const pems = await (
    selfsigned.generate as unknown as (attrs: unknown, opts: unknown) => Promise<{ cert: string; private: string }> | { cert: string; private: string }
  )(
    [
      { name: 'commonName', value: 'vsphere-mock' },
      { name: 'organizationName', value: 'vsphere-kit' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
  );
  return { cert: pems.cert, key: pems.private, thumbprint: thumbprintOf(pems.cert) };
}

export function fileTls(certFile: string, keyFile: string): TlsMaterial {
  const cert = readFileSync(certFile, 'utf8');
  const key = readFileSync(keyFile, 'utf8');
  return { cert, key, thumbprint: thumbprintOf(cert) };
}
