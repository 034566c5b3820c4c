// In process: the connection settings reach the real client, whose refusals become usage errors.
// The client is only created here (it checks its options then); nothing connects, so the
// non-loopback address 192.0.2.1 (TEST-NET-1) never sees a packet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VsphereCore } from '@vsphere-kit/client';
import { connectionOptions, createClient, resolveSettings, warnAboutConnection } from '../src/runtime/connection.js';
import { UsageError } from '../src/runtime/errors.js';
import { baseEnv } from './helpers/cli.js';

function settingsFor(flags: Record<string, string>, env: NodeJS.ProcessEnv = baseEnv()) {
  return resolveSettings(new Map(Object.entries(flags).map(([k, v]) => [k, [v]])), env);
}

function open(flags: Record<string, string>, env?: NodeJS.ProcessEnv) {
  const settings = settingsFor(flags, env);
  const core = createClient(settings, () => new VsphereCore({ ...connectionOptions(settings), username: 'u', password: 'secret-pw' }));
  return { settings, core };
}

function captured() {
  let text = '';
  const write = (s: string): boolean => {
    text += s;
    return true;
  };
  return { stream: { write } as unknown as NodeJS.WritableStream, text: () => text };
}

describe('plain http to another host', () => {
  it('is refused as a usage error without --allow-http', () => {
    expect(() => open({ server: 'http://192.0.2.1' })).toThrow(UsageError);
    expect(() => open({ server: 'http://192.0.2.1' })).toThrow(/^refusing plain http to 192\.0\.2\.1: .* --allow-http \(or VSPHERE_ALLOW_HTTP\)/);
  });

  it('reaches the client as allowInsecureHttp from the flag, the environment or the profile, and the warning names it', () => {
    const env = baseEnv();
    const dir = join(env.XDG_CONFIG_HOME!, 'vsphere-kit');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ current: 'lab', profiles: { lab: { server: 'http://192.0.2.1', allowHttp: true } } }));
    const cases: [Record<string, string>, NodeJS.ProcessEnv | undefined, string][] = [
      [{ server: 'http://192.0.2.1', 'allow-http': 'true' }, undefined, '--allow-http'],
      [{ server: 'http://192.0.2.1' }, baseEnv({ VSPHERE_ALLOW_HTTP: 'yes' }), 'VSPHERE_ALLOW_HTTP'],
      [{}, env, "profile 'lab'"],
    ];
    for (const [flags, e, from] of cases) {
      const { settings, core } = open(flags, e);
      expect(core.baseUrl).toBe('http://192.0.2.1');
      const out = captured();
      warnAboutConnection(settings, out.stream);
      expect(out.text()).toBe(`warning: plain http to 192.0.2.1: credentials travel unencrypted (allowed by ${from})\n`);
    }
  });
});

describe("the client's other refusals", () => {
  it('become usage errors that name the source of the value', () => {
    expect(() => open({ server: 'https://192.0.2.1', thumbprint: 'xyz' })).toThrow("invalid thumbprint 'xyz' (from --thumbprint)");
    expect(() => open({ server: 'http://127.0.0.1:1' }, baseEnv({ VSPHERE_THUMBPRINT: 'AB'.repeat(32) }))).toThrow(
      'a thumbprint (from VSPHERE_THUMBPRINT) pins a TLS certificate, but http://127.0.0.1:1 is plain http',
    );
  });

  it('any other option the client refuses when created is a usage error too; other failures pass through', () => {
    const settings = settingsFor({ server: 'https://192.0.2.1' });
    expect(() => createClient(settings, () => new VsphereCore({ baseUrl: 'ftp://x' }))).toThrow(
      /^invalid connection settings: baseUrl must use https: or http:$/,
    );
    const boom = new Error('boom');
    expect(() =>
      createClient(settings, () => {
        throw boom;
      }),
    ).toThrow(boom);
  });
});
