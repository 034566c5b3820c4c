/**
 * The rule for plain `http://`: a vSphere client sends credentials on every
 * exchange (Basic or a SIGN token to log in, then the session id), so plain
 * HTTP is allowed without asking only to this machine's loopback interface
 * (a local mock vCenter). Anywhere else it needs `allowInsecureHttp: true`.
 * The check runs when the client is created, before any connection.
 */

/** `localhost`, `127.0.0.0/8`, `::1` and its IPv4-mapped form, as `URL.hostname` writes them. */
export function isLoopbackHost(hostname: string): boolean {
  const lower = hostname.toLowerCase();
  const host = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  if (host === 'localhost' || host === '::1' || isLoopbackIPv4(host)) return true;
  // Checked last and rarely reached (a CLI checks one URL per run): the IPv4-mapped forms.
  return host.startsWith('::ffff:') && /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(host);
}

/** `127.x.y.z`, each part one to three digits. */
function isLoopbackIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => p.length >= 1 && p.length <= 3 && [...p].every((c) => c >= '0' && c <= '9'));
}

/** How a base URL carries credentials: TLS, plain HTTP to loopback, or plain HTTP to another host. */
export type CredentialChannel = 'tls' | 'loopback-http' | 'remote-http';

export function credentialChannel(url: URL): CredentialChannel {
  if (url.protocol !== 'http:') return 'tls';
  return isLoopbackHost(url.hostname) ? 'loopback-http' : 'remote-http';
}

function optionError(message: string, code: string): TypeError {
  return Object.assign(new TypeError(message), { code });
}

/**
 * Refuses what plain HTTP cannot do safely: credentials to a host other than
 * loopback (unless allowed), and a thumbprint, which pins a TLS certificate
 * that an http:// connection does not have.
 */
export function checkPlainHttp(url: URL, options: { readonly allowInsecureHttp?: boolean; readonly thumbprint?: string }): CredentialChannel {
  const channel = credentialChannel(url);
  if (channel === 'tls') return channel;
  if (options.thumbprint) {
    throw optionError(
      `thumbprint pins a TLS certificate, but ${url.origin} is plain http: use https:// or drop the thumbprint`,
      'ERR_VSPHERE_THUMBPRINT_WITHOUT_TLS',
    );
  }
  if (channel === 'remote-http' && !options.allowInsecureHttp) {
    throw optionError(
      `refusing plain http to ${url.host}: credentials and session ids would travel unencrypted. Use https://, or set allowInsecureHttp: true to accept that`,
      'ERR_VSPHERE_PLAIN_HTTP',
    );
  }
  return channel;
}
