// The replay's HTTPS side, as strict as Ansible's `validate_certs: true`: the mock's self-signed
// certificate is accepted only after its SHA-256 fingerprint matched the thumbprint the bin printed,
// and from then on as the one trusted CA, so every request verifies the chain and the host name.
import { Agent, request } from 'node:https';
import { connect } from 'node:tls';

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or undefined for an empty body (a non-JSON body stays text). */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Reads the certificate the server presents and returns it as PEM when its SHA-256 fingerprint is
 * `thumbprint`. This handshake sends no request: it only fetches what is then pinned.
 */
export function pinnedCertificate(url: string, thumbprint: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false, servername: 'localhost' }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      if (cert.fingerprint256 !== thumbprint) {
        reject(new Error(`the served certificate ${cert.fingerprint256} is not the printed thumbprint ${thumbprint}`));
        return;
      }
      const b64 = cert.raw.toString('base64').replace(/(.{64})/g, '$1\n');
      resolve(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
    });
    socket.on('error', reject);
  });
}

/** JSON over HTTPS to one server, trusting only `ca` (verification stays on). */
export class HttpsJson {
  private readonly agent: Agent;
  constructor(
    readonly baseUrl: string,
    ca: string,
  ) {
    this.agent = new Agent({ ca, keepAlive: true, maxSockets: 4 });
  }

  send(method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpAnswer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.baseUrl), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
