/**
 * What a failed connection or login means, told in the user's terms and naming the server:
 * refused, unknown host name, no route, timeouts (with where the timeout came from), an
 * untrusted certificate (with its thumbprint and the flag that pins it), a pinned
 * certificate that changed, http and https mixed up, wrong credentials, an expired stored
 * session. Loaded only when a command failed (cli.ts reportError).
 */
import { connectionContext, type ConnectionContext } from './connection.js';
import { formatDuration } from './duration.js';
import { CliError } from './errors.js';

interface FailureShape {
  name?: string;
  message?: string;
  code?: string;
  errorType?: string;
  peerThumbprint?: string;
  operation?: { id?: string };
  status?: number;
  bodySnippet?: string;
  messages?: readonly string[];
}

/** Why Node refused a certificate, by its OpenSSL / Node code. */
const CERT_REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it chains up to a self-signed root CA that is not trusted here',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the CA that issued it is not trusted here',
  UNABLE_TO_GET_ISSUER_CERT: 'the CA that issued it is not trusted here',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the CA that issued it is not trusted here',
  CERT_UNTRUSTED: 'it is not trusted',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
  HOSTNAME_MISMATCH: 'it was issued for another host name',
  CERT_REJECTED: 'it was rejected',
  CERT_REVOKED: 'it was revoked',
  CERT_SIGNATURE_FAILURE: 'its signature does not verify',
};

/** The one line an OpenSSL error is about (`wrong version number`), without its file and line. */
function opensslReason(message: string): string {
  const m = /routines:[^:]*:([^:\n]+)/.exec(message);
  return (m ? m[1]! : message.replace(/^TLS failure:\s*/, '')).trim();
}

/** A client message without its ` (session.create: POST /api/session)` tail: the CLI names the server instead. */
function withoutOperation(message: string): string {
  return message.replace(/ \([\w.]+: [A-Z]+ \/[^)]*\)$/, '');
}

/** `--timeout`, `VSPHERE_TIMEOUT`, `profile 'lab'`, or the default. */
function timeoutSource(ctx: ConnectionContext): string {
  return ctx.settings.origins.timeout ?? 'the default; see --timeout';
}

/** A connection or login failure as a message for the user, or undefined when `err` is something else. */
export async function explainFailure(err: unknown): Promise<CliError | undefined> {
  const ctx = connectionContext();
  if (!ctx?.settings.baseUrl || !err || typeof err !== 'object') return undefined;
  const e = err as FailureShape;
  const url = new URL(ctx.settings.baseUrl);
  const host = url.host;
  if (e.errorType === 'UNAUTHENTICATED') return unauthenticated(e, ctx, host);
  if (e.name === 'VsphereResponseError' && e.status === 400 && /plain HTTP request was sent to HTTPS port/i.test(e.bodySnippet ?? '')) {
    return new CliError(`${host} speaks HTTPS, not plain HTTP: use https://${host}`);
  }
  if (e.name === 'VsphereTlsError') return tlsFailure(e, ctx, url);
  if (e.name === 'VsphereTimeoutError') {
    const wait = formatDuration(ctx.timeoutMs);
    if (e.code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new CliError(
        `cannot connect to ${host}: no answer within ${wait} (${timeoutSource(ctx)}); is the address right, or is a firewall dropping the packets?`,
      );
    }
    return new CliError(`${host} did not answer within ${wait} (${timeoutSource(ctx)}); give a longer --timeout for slow operations`);
  }
  if (e.name !== 'VsphereConnectionError') return undefined;
  switch (e.code) {
    case 'ECONNREFUSED':
      return new CliError(`cannot connect to ${host}: connection refused (is the server running, and is the port right?)`);
    case 'ENOTFOUND':
      return new CliError(`cannot find the server ${url.hostname}: the name does not resolve (check ${ctx.settings.origins.server ?? '--server'})`);
    case 'EAI_AGAIN':
      return new CliError(`cannot look up ${url.hostname}: the DNS server did not answer (check the network, then try again)`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new CliError(`cannot reach ${host}: no route to it (check the network or VPN)`);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      if (url.protocol === 'http:' && (await speaksTls(url))) return new CliError(`${host} speaks HTTPS, not plain HTTP: use https://${host}`);
      return new CliError(`${host} closed the connection without answering (is it a vCenter, and is the port right?)`);
    default:
      return new CliError(`cannot talk to ${host}: ${withoutOperation(e.message ?? String(err)).replace(/^connection failed:\s*/, '')}`);
  }
}

async function speaksTls(url: URL): Promise<boolean> {
  const { peerCertificate } = await import('./tls-diagnostics.js');
  return (await peerCertificate(url)) !== undefined;
}

function unauthenticated(e: FailureShape, ctx: ConnectionContext, host: string): CliError | undefined {
  const said = e.messages?.length ? ` ("${e.messages.join(' ')}")` : '';
  if (e.operation?.id === 'session.create') {
    if (!ctx.passwordLogin) return new CliError(`${host} refused the login${said}`);
    const who = ctx.settings.username ? `the login of ${ctx.settings.username}` : 'the login';
    const from = ctx.settings.origins.password ? ` (password from ${ctx.settings.origins.password})` : '';
    return new CliError(`wrong user name or password: ${host} refused ${who}${from}${said}`);
  }
  if (ctx.storedSessionOnly) {
    const name = ctx.settings.profileName;
    return new CliError(
      `the session stored in profile '${name}' has expired or was ended: log in again with vsphere login${name === 'default' ? '' : ` --profile ${name}`}`,
    );
  }
  return undefined;
}

async function tlsFailure(e: FailureShape, ctx: ConnectionContext, url: URL): Promise<CliError> {
  const host = url.host;
  const code = e.code ?? '';
  const knownHosts = ctx.settings.knownHostsFile;
  if (code === 'ERR_VSPHERE_THUMBPRINT_MISMATCH') {
    const from = ctx.settings.origins.thumbprint ?? '--thumbprint';
    const presented = e.peerThumbprint ?? '(unknown)';
    return new CliError(
      [
        `the certificate of ${host} has CHANGED: it does not match the thumbprint pinned by ${from}`,
        `  pinned:    ${ctx.settings.thumbprint}`,
        `  presented: ${presented}`,
        `Someone may be posing as ${host}, or its certificate was replaced. Check the new thumbprint with the vCenter administrator;`,
        `if it is right, pin it with --thumbprint ${presented} (which also replaces the entry in ${knownHosts}).`,
      ].join('\n'),
    );
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(e.message ?? '')) {
    return new CliError(`${host} does not speak TLS (it answers like a plain-HTTP server): check the port, or use http://${host} if it serves plain HTTP`);
  }
  const reason = CERT_REASONS[code];
  if (!reason) return new CliError(`the TLS handshake with ${host} failed: ${opensslReason(withoutOperation(e.message ?? code))}`);
  const { peerCertificate } = await import('./tls-diagnostics.js');
  const cert = await peerCertificate(url);
  const lines = [`the certificate of ${host} is not trusted: ${reason}`];
  if (cert) {
    lines.push(
      `SHA-256 thumbprint: ${cert.thumbprint}`,
      'If your vCenter shows this thumbprint (vSphere Client, Administration > Certificates), pin it with:',
      `  --thumbprint ${cert.thumbprint}`,
      `(remembered in ${knownHosts} for later commands), or trust the CA that issued it with --ca-file FILE.`,
    );
  } else {
    lines.push('Pin its certificate with --thumbprint SHA256, or trust the CA that issued it with --ca-file FILE.');
  }
  return new CliError(lines.join('\n'));
}
