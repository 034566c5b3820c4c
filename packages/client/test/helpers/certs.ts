/** Test certificates made with openssl: a CA, a leaf it signed for 127.0.0.1, and a self-signed leaf. */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCerts {
  caCert: string;
  leafCert: string;
  leafKey: string;
  selfCert: string;
  selfKey: string;
}

export function makeCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'vsk-certs-'));
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=vsphere-kit test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=127.0.0.1');
  ssl(
    'x509',
    '-req',
    '-in',
    f('leaf.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('leaf.pem'),
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
  );
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('self.key'),
    '-out',
    f('self.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  const r = (n: string) => readFileSync(f(n), 'utf8');
  return { caCert: r('ca.pem'), leafCert: r('leaf.pem'), leafKey: r('leaf.key'), selfCert: r('self.pem'), selfKey: r('self.key') };
}

export const sha256Of = (pem: string): string => new X509Certificate(pem).fingerprint256;
export const sha1Of = (pem: string): string => new X509Certificate(pem).fingerprint;
