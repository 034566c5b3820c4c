// Input checks (#13 item 8): integers within what their format and a JSON number hold,
// UTF-8 only (never stored with U+FFFD), JSON content types only. Each refused request
// leaves the state as it was.
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { call, useMockServer, type Res } from './helpers/server.js';

const mock = useMockServer();
let sent = 0;
let serverErrors = 0;
afterAll(() => console.log(`input-checks: ${sent} requests, ${serverErrors} answers 5xx`));

async function send(method: string, path: string, raw?: string | Buffer, contentType = 'application/json'): Promise<Res> {
  sent++;
  const r =
    raw === undefined
      ? await call(mock.server, method, path, { session: mock.sid })
      : await fetch(mock.server.url + path, { method, headers: { 'content-type': contentType, 'vmware-api-session-id': mock.sid }, body: raw }).then(
          async (f) => {
            const text = await f.text();
            return { status: f.status, body: text ? JSON.parse(text) : undefined, headers: f.headers } as Res;
          },
        );
  if (r.status >= 500) serverErrors++;
  return r;
}

const PLACEMENT = '"placement":{"folder":"group-v1003","host":"host-1062","datastore":"datastore-1061"}';
const vmBody = (fields: string) => `{"name":"checked","guest_OS":"OTHER_LINUX_64",${PLACEMENT}${fields ? `,${fields}` : ''}}`;
const vmNames = async () => ((await send('GET', '/api/vcenter/vm')).body as { name: string }[]).map((v) => v.name);

describe('integers', () => {
  it.each([
    ['2^70 as an integer literal', '"memory":{"size_MiB":1180591620717411303424}', 'number_out_of_range'],
    ['2^53+1 as an integer literal', '"memory":{"size_MiB":9007199254740993}', 'number_out_of_range'],
    ['-(2^53+1)', '"cpu":{"count":-9007199254740993}', 'number_out_of_range'],
    ['a number that overflows to Infinity', '"memory":{"size_MiB":1e400}', 'number_out_of_range'],
    ['1e19 for an int64 (an integer to JavaScript, not the one sent)', '"memory":{"size_MiB":1e19}', 'invalid.value'],
  ])('refuses %s with 400 and creates nothing', async (_label, fields, messageId) => {
    const before = await vmNames();
    const r = await send('POST', '/api/vcenter/vm', vmBody(fields));
    expect(r.status).toBe(400);
    expect(r.body.messages[0].id).toContain(messageId);
    expect(await vmNames()).toEqual(before);
  });

  it.each([
    ['cpu.count -1', '"cpu":{"count":-1}', 'spec.cpu.count'],
    ['cpu.count 0', '"cpu":{"count":0}', 'spec.cpu.count'],
    ['cpu.cores_per_socket 0', '"cpu":{"count":2,"cores_per_socket":0}', 'spec.cpu.cores_per_socket'],
    ['memory.size_MiB -4', '"memory":{"size_MiB":-4}', 'spec.memory.size_MiB'],
    ['3 cores on sockets of 2', '"cpu":{"count":3,"cores_per_socket":2}', 'spec.cpu.count'],
  ])('refuses %s with INVALID_ARGUMENT naming the field', async (_label, fields, field) => {
    const before = await vmNames();
    const r = await send('POST', '/api/vcenter/vm', vmBody(fields));
    expect(r.status).toBe(400);
    expect(r.body.error_type).toBe('INVALID_ARGUMENT');
    expect(r.body.messages[0].default_message).toContain(field);
    expect(await vmNames()).toEqual(before);
  });

  it('takes ordinary values, and digits inside strings as text', async () => {
    const r = await send('POST', '/api/vcenter/vm', vmBody('"cpu":{"count":2},"memory":{"size_MiB":4096}'));
    expect(r.status).toBe(201);
    const info = await send('GET', `/api/vcenter/vm/${r.body}`);
    expect(info.body.memory.size_MiB).toBe(4096);
    // Numbers inside strings are text, not numbers.
    expect((await send('POST', '/api/vcenter/vm', vmBody('"cpu":{"count":2}').replace('"checked"', '"9007199254740993999"'))).status).toBe(201);
  });
});

describe('UTF-8 only', () => {
  it('refuses a body with invalid UTF-8 instead of storing U+FFFD', async () => {
    const before = await vmNames();
    const body = Buffer.concat([Buffer.from('{"name":"bad'), Buffer.from([0xff, 0xfe]), Buffer.from(`","guest_OS":"OTHER_LINUX_64",${PLACEMENT}}`)]);
    const r = await send('POST', '/api/vcenter/vm', body);
    expect(r.status).toBe(400);
    expect(r.body.messages[0].id).toBe('com.vmware.mock.http.invalid_utf8');
    expect(await vmNames()).toEqual(before);
    // Valid UTF-8 beyond ASCII is fine.
    expect((await send('POST', '/api/vcenter/vm', vmBody('').replace('"checked"', '"café-北京"'))).status).toBe(201);
    expect(await vmNames()).toContain('café-北京');
  });

  it('refuses percent-escapes that do not spell UTF-8 in the query and in the path', async () => {
    const q = await send('GET', '/api/vcenter/vm?names=%FF');
    expect(q.status).toBe(400);
    expect(q.body.messages[0].id).toBe('com.vmware.mock.http.bad_query');
    const p = await send('GET', '/api/vcenter/vm/vm-%FF');
    expect(p.status).toBe(400);
    expect(p.body.messages[0].id).toBe('com.vmware.mock.http.bad_path');
    // Escaped UTF-8 is fine.
    expect((await send('GET', `/api/vcenter/vm?names=${encodeURIComponent('café')}`)).status).toBe(200);
  });

  // node:http's parser refuses these itself; the fast lane leaves them to it.
  it('refuses raw bytes beyond ASCII in the request target', async () => {
    sent++;
    const status = await new Promise<number>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: mock.server.port }, () => {
        s.end(
          Buffer.concat([
            Buffer.from('GET /api/vcenter/vm?names='),
            Buffer.from([0xc3, 0xa9]),
            Buffer.from(` HTTP/1.1\r\nhost: x\r\nvmware-api-session-id: ${mock.sid}\r\n\r\n`),
          ]),
        );
      });
      let got = '';
      s.on('data', (d: Buffer) => (got += d.toString('latin1')));
      s.on('error', () => {});
      s.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0)));
    });
    expect(status).toBe(400);
  });
});

describe('JSON content types only', () => {
  it.each(['text/notjson', 'text/plain', 'application/xml', 'application/json; charset=utf-16', 'application/jsonx'])('refuses %s with 415', async (type) => {
    const before = await vmNames();
    const r = await send('POST', '/api/vcenter/vm', vmBody(''), type);
    expect(r.status).toBe(415);
    expect(r.body.error_type).toBe('INVALID_REQUEST');
    expect(r.body.messages[0].default_message).toContain(type.split(';')[0]);
    expect(await vmNames()).toEqual(before);
  });

  it.each(['application/json', 'application/json; charset=UTF-8', 'Application/JSON;charset="utf-8"', 'application/vnd.vmware+json'])(
    'takes %s',
    async (type) => {
      expect((await send('POST', '/api/vcenter/vm', vmBody(''), type)).status).toBe(201);
    },
  );
});
