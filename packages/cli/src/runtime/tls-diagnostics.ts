/**
 * Looks at a server's TLS side after a failure, to tell the user what happened: the
 * certificate it presents (for its thumbprint), and whether a port reached with http://
 * speaks TLS. Each probe is a bare handshake that sends no request and no credential.
 * Loaded only when a connection failed (connection-errors.ts).
 */
import type { TLSSocket } from 'node:tls';

const PROBE_MS = 5_000;

export interface PeerCertificate {
  /** SHA-256, `AB:CD:…`, as vCenter shows it. */
  readonly thumbprint: string;
  /** The subject's common name, when it has one. */
  readonly subject?: string;
}

/** The certificate `host:port` presents (none when there is no TLS there or no answer within a few seconds). */
export function peerCertificate(url: URL): Promise<PeerCertificate | undefined> {
  const { connect } = process.getBuiltinModule('node:tls');
  const { isIP } = process.getBuiltinModule('node:net');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || 443;
  return new Promise((resolve) => {
    let socket: TLSSocket | undefined;
    const done = (cert?: PeerCertificate): void => {
      clearTimeout(timer);
      socket?.destroy();
      resolve(cert);
    };
    const timer = setTimeout(() => done(), PROBE_MS);
    // Not trusted: this only reads the certificate, to show its thumbprint.
    socket = connect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false }, () => {
      const cert = socket!.getPeerCertificate();
      done(cert?.fingerprint256 ? { thumbprint: cert.fingerprint256, subject: typeof cert.subject?.CN === 'string' ? cert.subject.CN : undefined } : undefined);
    });
    socket.on('error', () => done());
  });
}
