/**
 * POST/GET/DELETE /api/session: Basic or SIGN (SAML) login, session info, logout; and the legacy
 * `/rest/com/vmware/cis/session` forms of the same three, on the same session store and login rules.
 */
import { gunzipSync } from 'node:zlib';
import { parseBasicAuthorization, parseSignAuthorization } from '@vsphere-kit/core/auth';
import { ErrorAnswer, isErrorAnswer } from '../../server/errors.js';
import { sessionCookieHeader, type Session } from '../../server/sessions.js';
import type { HandlerTable, OpContext } from '../../behaviours/types.js';

const unauthenticated = (msg = 'Authentication required.') =>
  new ErrorAnswer('UNAUTHENTICATED', msg, [], 'com.vmware.vapi.endpoint.method.authentication.required');

/** The user the call's credentials name, or the 401 that refuses them. */
function login(ctx: OpContext): string | ErrorAnswer {
  const header = ctx.headers.authorization;
  if (typeof header !== 'string' || header === '') return unauthenticated();
  const sp = header.indexOf(' ');
  const scheme = (sp < 0 ? header : header.slice(0, sp)).toLowerCase();
  const basic = parseBasicAuthorization(header);
  if (basic !== undefined) {
    if (basic === null) return unauthenticated('Invalid credentials.');
    const { username: user, password } = basic;
    const users = ctx.server.users;
    const account = Object.hasOwn(users, user) ? user : user.toLowerCase();
    const expected = Object.hasOwn(users, account) ? users[account] : undefined;
    const lockout = ctx.server.lockout;
    // Checked before the password, so that a locked account cannot be probed.
    if (lockout.isLocked(account)) return unauthenticated('The user account is locked.');
    if (expected === undefined || expected !== password) {
      lockout.failed(account);
      return unauthenticated('Invalid user name or password.');
    }
    lockout.succeeded(account);
    return user;
  }
  if (scheme === 'sign') {
    const token = parseSignAuthorization(header);
    if (token === undefined) return unauthenticated('Malformed SIGN authorization header.');
    let xml: string;
    try {
      // token = base64(gzip(the SAML assertion XML)), as the guide describes.
      xml = gunzipSync(Buffer.from(token, 'base64')).toString('utf8');
    } catch {
      return unauthenticated('The SAML token cannot be decoded.');
    }
    const user = ctx.server.startedIdp()?.verifySaml(xml);
    if (!user) return unauthenticated('The SAML token is invalid or has expired.');
    return user;
  }
  return unauthenticated(`Unsupported authorization scheme '${scheme.slice(0, 40)}'.`);
}

/** `administrator@vsphere.local` → `VSPHERE.LOCAL\administrator`, as vCenter reports users. */
export function displayUser(user: string): string {
  const at = user.lastIndexOf('@');
  return at < 0 ? user : `${user.slice(at + 1).toUpperCase()}\\${user.slice(0, at)}`;
}

function sessionInfo(s: Session) {
  return {
    user: displayUser(s.user),
    created_time: new Date(s.created).toISOString(),
    last_accessed_time: new Date(s.lastAccess).toISOString(),
  };
}

/** The /rest session read: the /api answer wrapped in `value`; the auth gate has already checked the session. */
const restSessionInfo = (ctx: OpContext) => ({ body: { value: sessionInfo(ctx.sessions.use(ctx.sessionId)!) } });

const secure = (ctx: OpContext): boolean => ctx.server.baseUrl().startsWith('https:');

export const sessionHandlers: HandlerTable = {
  'POST /api/session': (ctx) => {
    const user = login(ctx);
    if (isErrorAnswer(user)) return user;
    const s = ctx.sessions.create(user);
    return { status: 201, body: s.id };
  },
  'GET /api/session': (ctx) => ({ body: sessionInfo(ctx.sessions.use(ctx.sessionId)!) }),
  'DELETE /api/session': (ctx) => {
    if (ctx.sessionId) ctx.sessions.delete(ctx.sessionId);
    return { status: 204 };
  },
  // The /rest forms: same login (lockout included) and store, answers wrapped in `value`, and the cookie.
  'POST /rest/com/vmware/cis/session': (ctx) => {
    const user = login(ctx);
    if (isErrorAnswer(user)) return user;
    const s = ctx.sessions.create(user);
    return { body: { value: s.id }, headers: { 'set-cookie': sessionCookieHeader(s.id, secure(ctx)) } };
  },
  // VMware publishes the read as POST ?~action=get; its own 7.x/8.x clients send a plain GET. One handler answers both.
  'GET /rest/com/vmware/cis/session': restSessionInfo,
  'POST /rest/com/vmware/cis/session?~action=get': restSessionInfo,
  'DELETE /rest/com/vmware/cis/session': (ctx) => {
    if (ctx.sessionId) ctx.sessions.delete(ctx.sessionId);
    return { headers: { 'set-cookie': sessionCookieHeader(undefined, secure(ctx)) } };
  },
};
