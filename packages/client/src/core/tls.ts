import type { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import { VsphereTlsError } from '@vsphere-kit/core/errors';

/** TLS options of a client. Verification is on unless `insecure: true`. */
export interface TlsOptions {
  /** Trusted CA certificate(s), PEM. Replaces Node's default CA list for this client. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /**
   * Pin the server certificate by its thumbprint: SHA-256 (64 hex digits) or
   * SHA-1 (40 hex digits, as vCenter shows it), with or without colons. A
   * certificate with this thumbprint is accepted even when self-signed; any
   * other certificate is refused. With `ca` as well, both checks must pass.
   */
  readonly thumbprint?: string;
  /** Accept any certificate. Only for labs; emits a one-time process warning. */
  readonly insecure?: boolean;
  /** Client certificate and key (PEM), for mutual TLS. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** Override the SNI / certificate host name. */
  readonly servername?: string;
}

/** Normalizes a thumbprint: hex digits only, upper case. Throws on anything that is not SHA-1 or SHA-256. */
export function normalizeThumbprint(thumbprint: string): { algorithm: 'sha1' | 'sha256'; hex: string } {
  const hex = thumbprint.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex) || (hex.length !== 40 && hex.length !== 64)) {
    throw Object.assign(new TypeError('thumbprint must be a SHA-256 (64 hex digits) or SHA-1 (40 hex digits) fingerprint, colons optional'), {
      code: 'ERR_VSPHERE_BAD_THUMBPRINT',
    });
  }
  return { algorithm: hex.length === 64 ? 'sha256' : 'sha1', hex };
}

/** Formats hex as vCenter shows thumbprints: `AB:CD:...`. */
export function formatThumbprint(hex: string): string {
  return hex
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

let insecureWarned = false;

export function warnInsecureOnce(): void {
  if (insecureWarned) return;
  insecureWarned = true;
  process.emitWarning('vsphere-kit: TLS certificate verification is disabled (insecure: true). Use `ca` or `thumbprint` outside of labs.', {
    type: 'SecurityWarning',
    code: 'VSPHERE_KIT_INSECURE_TLS',
  });
}

/** Node / OpenSSL error codes that mean "the certificate was refused". */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'EPROTO',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'HOSTNAME_MISMATCH',
]);

export function isTlsErrorCode(code: unknown): boolean {
  return typeof code === 'string' && (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'));
}

/** Whether the certificate chain is verified: on, unless `insecure`, or a pinned thumbprint without a CA to check as well. */
function verifiesChain(tls: TlsOptions, pinned: boolean): boolean {
  return !tls.insecure && (!pinned || tls.ca !== undefined);
}

/** The options of `tls.connect` (and undici's connector) that a client's TLS options stand for. */
export function tlsConnectOptions(tls: TlsOptions) {
  const pinned = tls.thumbprint !== undefined && tls.thumbprint !== '';
  return {
    rejectUnauthorized: verifiesChain(tls, pinned),
    // Every connection to a pinned server shows its certificate again: no TLS session resumption.
    ...(pinned ? { maxCachedSessions: 0 } : {}),
    ...(tls.ca !== undefined ? { ca: tls.ca as string | Buffer | (string | Buffer)[] } : {}),
    ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls.key !== undefined ? { key: tls.key } : {}),
    ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
  };
}

/** The error for a peer certificate that does not have the pinned thumbprint; undefined when it has. */
export function pinMismatch(socket: TLSSocket, pin: { algorithm: 'sha1' | 'sha256'; hex: string }): VsphereTlsError | undefined {
  const cert = socket.getPeerCertificate?.();
  const seen = cert ? (pin.algorithm === 'sha256' ? cert.fingerprint256 : cert.fingerprint) : undefined;
  if (seen && seen.replace(/:/g, '').toUpperCase() === pin.hex) return undefined;
  return new VsphereTlsError(
    `server certificate thumbprint ${cert?.fingerprint256 ?? '(none)'} does not match the pinned ${pin.algorithm.toUpperCase()} thumbprint ${formatThumbprint(pin.hex)}`,
    { code: 'ERR_VSPHERE_THUMBPRINT_MISMATCH', peerThumbprint: cert?.fingerprint256 },
  );
}

type Connector = buildConnector.connector;

/**
 * The undici `connect` function for a client's TLS options. Thumbprint pinning
 * turns off chain verification (unless `ca` is also given) and checks the peer
 * certificate's fingerprint right after the handshake, before any byte of the
 * request is written; TLS session resumption is off so every connection is checked.
 * `build` is undici's `buildConnector` (undici is loaded lazily, on the first request).
 */
export function createConnector(build: typeof buildConnector, tls: TlsOptions, connectTimeoutMs: number): Connector {
  const pin = tls.thumbprint ? normalizeThumbprint(tls.thumbprint) : undefined;
  if (tls.insecure && !pin) warnInsecureOnce();
  const base = build({ timeout: connectTimeoutMs, ...tlsConnectOptions(tls) });
  if (!pin) return base;
  return (options, callback) =>
    base(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error('connect failed'), null);
        return;
      }
      const mismatch = options.protocol === 'https:' ? pinMismatch(socket as TLSSocket, pin) : undefined;
      if (!mismatch) {
        callback(null, socket);
        return;
      }
      socket.destroy();
      callback(mismatch, null);
    });
}
