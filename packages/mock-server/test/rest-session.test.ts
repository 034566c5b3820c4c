// The legacy /rest login (POST/DELETE /rest/com/vmware/cis/session, GET or POST ?~action=get) shares one
// session store with /api/session, takes the header or the cookie it sets, and keeps the /api
// login's lockout and secret rules; its answers and errors are in the /rest wire form.
import { describe, expect, it } from 'vitest';
import { BASIC, call, login, useMockServer } from './helpers/server.js';

const REST = '/rest/com/vmware/cis/session';
const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const restLogin = (mock: ReturnType<typeof useMockServer>, authorization = BASIC) => call(mock.server, 'POST', REST, { headers: { authorization } });

describe('/rest session', () => {
  const mock = useMockServer({ prism: false });

  it('logs in with Basic: 200 {value: id}, the id also set as an HttpOnly cookie scoped to /rest', async () => {
    const r = await restLogin(mock);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ value: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toContain(`vmware-api-session-id=${r.body.value};`);
    expect(cookie).toContain('Path=/rest');
    expect(cookie).toContain('HttpOnly');
    // Plain http: no Secure attribute (bin-tls covers https).
    expect(cookie).not.toContain('Secure');
  });

  it('a /rest session works on /api and an /api session works on /rest', async () => {
    const restId = (await restLogin(mock)).body.value as string;
    const onApi = await call(mock.server, 'GET', '/api/session', { session: restId });
    expect(onApi.status).toBe(200);
    expect(onApi.body.user).toBe('VSPHERE.LOCAL\\administrator');
    expect((await call(mock.server, 'GET', '/api/vcenter/vm', { session: restId })).status).toBe(200);

    const apiId = await login(mock.server);
    const onRest = await call(mock.server, 'POST', `${REST}?~action=get`, { session: apiId });
    expect(onRest.status).toBe(200);
    expect(onRest.body).toEqual({
      value: { user: 'VSPHERE.LOCAL\\administrator', created_time: expect.any(String), last_accessed_time: expect.any(String) },
    });
    expect(Date.parse(onRest.body.value.last_accessed_time)).toBeGreaterThanOrEqual(Date.parse(onRest.body.value.created_time));
  });

  it('takes the session from the cookie on /rest, never on /api (the cookie is scoped to /rest)', async () => {
    const id = (await restLogin(mock)).body.value as string;
    const cookie = { cookie: `other=1; vmware-api-session-id=${id}` };
    expect((await call(mock.server, 'POST', `${REST}?~action=get`, { headers: cookie })).status).toBe(200);
    const api = await call(mock.server, 'GET', '/api/session', { headers: cookie });
    expect(api.status).toBe(401);
    expect(api.body.error_type).toBe('UNAUTHENTICATED');
  });

  it('logout through /rest ends the session on both APIs and clears the cookie', async () => {
    const id = (await restLogin(mock)).body.value as string;
    const out = await call(mock.server, 'DELETE', REST, { session: id });
    expect(out.status).toBe(200);
    expect(out.body).toBeUndefined();
    expect(out.headers.get('set-cookie')).toMatch(/^vmware-api-session-id=; Max-Age=0;/);
    expect((await call(mock.server, 'GET', '/api/session', { session: id })).status).toBe(401);
    expect((await call(mock.server, 'POST', `${REST}?~action=get`, { session: id })).status).toBe(401);
  });

  it('logout through /api ends a /rest session', async () => {
    const id = (await restLogin(mock)).body.value as string;
    expect((await call(mock.server, 'DELETE', '/api/session', { session: id })).status).toBe(204);
    expect((await call(mock.server, 'POST', `${REST}?~action=get`, { session: id })).status).toBe(401);
  });

  it('answers failures in the /rest error form and never echoes the password', async () => {
    const wrong = await restLogin(mock, basic('administrator@vsphere.local', 'Not-The-Pass-7'));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      type: 'com.vmware.vapi.std.errors.unauthenticated',
      value: { messages: [expect.objectContaining({ default_message: 'Invalid user name or password.' })] },
    });
    expect(JSON.stringify(wrong.body)).not.toContain('Not-The-Pass-7');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const none = await call(mock.server, 'POST', REST);
    expect(none.status).toBe(401);
    expect(none.body.type).toBe('com.vmware.vapi.std.errors.unauthenticated');

    const noSession = await call(mock.server, 'POST', `${REST}?~action=get`);
    expect(noSession.status).toBe(401);
    expect(noSession.body.type).toBe('com.vmware.vapi.std.errors.unauthenticated');
    expect((await call(mock.server, 'DELETE', REST, { session: 'not-a-session' })).status).toBe(401);
  });

  it("answers the plain GET that VMware's 7.x/8.x clients send as it answers POST ?~action=get", async () => {
    const info = { user: 'VSPHERE.LOCAL\\administrator', created_time: expect.any(String), last_accessed_time: expect.any(String) };
    const id = (await restLogin(mock)).body.value as string;
    const byHeader = await call(mock.server, 'GET', REST, { session: id });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body).toEqual({ value: info });
    const action = await call(mock.server, 'POST', `${REST}?~action=get`, { session: id });
    // Same session, same owner and creation time; the later read moved the last access on.
    expect(action.body.value).toEqual({ ...byHeader.body.value, last_accessed_time: expect.any(String) });
    expect(Date.parse(action.body.value.last_accessed_time)).toBeGreaterThanOrEqual(Date.parse(byHeader.body.value.last_accessed_time));

    const byCookie = await call(mock.server, 'GET', REST, { headers: { cookie: `vmware-api-session-id=${id}` } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body).toEqual({ value: info });

    const apiId = await login(mock.server);
    const fromApi = await call(mock.server, 'GET', REST, { session: apiId });
    expect(fromApi.status).toBe(200);
    expect(fromApi.body).toEqual({ value: info });

    for (const r of [await call(mock.server, 'GET', REST), await call(mock.server, 'GET', REST, { session: 'not-a-session' })]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        type: 'com.vmware.vapi.std.errors.unauthenticated',
        value: { messages: [expect.objectContaining({ default_message: expect.any(String) })] },
      });
    }
    await call(mock.server, 'DELETE', REST, { session: id });
    expect((await call(mock.server, 'GET', REST, { session: id })).status).toBe(401);
  });

  it('failed /rest logins count towards the lockout that /api logins meet, and the reverse', async () => {
    for (let i = 0; i < 3; i++) expect((await restLogin(mock, basic('administrator@vsphere.local', `wrong-${i}`))).status).toBe(401);
    for (let i = 0; i < 2; i++) {
      const r = await call(mock.server, 'POST', '/api/session', { headers: { authorization: basic('administrator@vsphere.local', `x-${i}`) } });
      expect(r.status).toBe(401);
    }
    const locked = await restLogin(mock);
    expect(locked.status).toBe(401);
    expect(locked.body.value.messages[0].default_message).toBe('The user account is locked.');
    expect((await call(mock.server, 'POST', '/api/session', { headers: { authorization: BASIC } })).status).toBe(401);
    mock.server.reset();
    expect((await restLogin(mock)).status).toBe(200);
  });
});
