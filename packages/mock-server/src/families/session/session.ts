/** POST/GET/DELETE /api/session: Basic or SIGN (SAML) login, session info, logout. */
import { gunzipSync } from 'node:zlib';
import { parseBasicAuthorization, parseSignAuthorization } from '@vsphere-kit/core/auth';
import { VapiError } from '../../server/errors.js';
import type { HandlerTable, OpContext } from '../../behaviours/types.js';

const unauthenticated = (msg = 'Authentication required.') =>
  new VapiError('UNAUTHENTICATED', msg, [], 'com.vmware.vapi.endpoint.method.authentication.required');

function login(ctx: OpContext): string {
  const header = ctx.headers.authorization;
  if (typeof header !== 'string' || header === '') throw unauthenticated();
  const sp = header.indexOf(' ');
  const scheme = (sp < 0 ? header : header.slice(0, sp)).toLowerCase();
  const basic = parseBasicAuthorization(header);
  if (basic !== undefined) {
    if (basic === null) throw unauthenticated('Invalid credentials.');
    const { username: user, password } = basic;
    const expected = ctx.server.users[user] ?? ctx.server.users[user.toLowerCase()];
    if (expected === undefined || expected !== password) throw unauthenticated('Invalid user name or password.');
    return user;
  }
  if (scheme === 'sign') {
    const token = parseSignAuthorization(header);
    if (token === undefined) throw unauthenticated('Malformed SIGN authorization header.');
    let xml: string;
    try {
      // token = base64(gzip(the SAML assertion XML)), as the guide describes.
      xml = gunzipSync(Buffer.from(token, 'base64')).toString('utf8');
    } catch {
      throw unauthenticated('The SAML token cannot be decoded.');
    }
    const user = ctx.server.startedIdp()?.verifySaml(xml);
    if (!user) throw unauthenticated('The SAML token is invalid or has expired.');
    return user;
  }
  throw unauthenticated(`Unsupported authorization scheme '${scheme.slice(0, 40)}'.`);
}

/** `administrator@vsphere.local` → `VSPHERE.LOCAL\administrator`, as vCenter reports users. */
export function displayUser(user: string): string {
  const at = user.lastIndexOf('@');
  return at < 0 ? user : `${user.slice(at + 1).toUpperCase()}\\${user.slice(0, at)}`;
}

export const sessionHandlers: HandlerTable = {
  'POST /api/session': (ctx) => {
    const user = login(ctx);
    const s = ctx.sessions.create(user);
    return { status: 201, body: s.id };
  },
  'GET /api/session': (ctx) => {
    const s = ctx.sessions.use(ctx.sessionId)!;
    return {
      body: {
        user: displayUser(s.user),
        created_time: new Date(s.created).toISOString(),
        last_accessed_time: new Date(s.lastAccess).toISOString(),
      },
    };
  },
  'DELETE /api/session': (ctx) => {
    if (ctx.sessionId) ctx.sessions.delete(ctx.sessionId);
    return { status: 204 };
  },
};
