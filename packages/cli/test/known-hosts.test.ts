/**
 * The known-hosts file (as govc's): a thumbprint the user pinned is remembered per server once
 * the server proved it, later commands to that server are pinned by it, and a certificate that
 * no longer matches is refused loudly. Built bundle against the self-signed mock vCenter.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, USER, baseEnv, credsEnv, readJson, tempDir, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

const tls = useCliMock({ tls: true });
let host: string;
const OTHER = 'AB:'.repeat(31) + 'AB';

beforeAll(() => {
  host = new URL(tls.url).host;
});

const defaultFile = (env: NodeJS.ProcessEnv) => join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'known_hosts');
const list = ['vcenter', 'host', 'list', '-o', 'ids'];

function entries(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
}

describe('known hosts', () => {
  it('remembers a pinned thumbprint once the server proved it, and pins later commands with it', async () => {
    const env = credsEnv(tls.url);
    const first = await vsphere([...list, '--thumbprint', tls.mock.thumbprint!], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`Remembered the certificate thumbprint of ${host} in ${defaultFile(env)}.\n`);
    expect(entries(defaultFile(env))).toEqual([`${host} ${tls.mock.thumbprint}`]);
    expect(statSync(defaultFile(env)).mode & 0o777).toBe(0o600);
    // No flag: the file pins the server, quietly.
    const later = await vsphere(list, env);
    expect(later.code).toBe(0);
    expect(later.stdout).toContain('host-1062');
    expect(later.stderr).toBe('');
    // Giving the same pin again changes nothing.
    const again = await vsphere([...list, '--thumbprint', tls.mock.thumbprint!.replace(/:/g, '').toLowerCase()], env);
    expect(again.stderr).toBe('');
    expect(entries(defaultFile(env))).toHaveLength(1);
  });

  it("a profile's pin is stored already: it is not copied into the file", async () => {
    const env = baseEnv({ VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD });
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'vsphere-kit'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(env.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json'),
      JSON.stringify({ current: 'lab', profiles: { lab: { server: tls.url, thumbprint: tls.mock.thumbprint } } }),
      { mode: 0o600 },
    );
    const r = await vsphere(list, env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(existsSync(defaultFile(env))).toBe(false);
  });

  it('a wrong thumbprint is never remembered', async () => {
    const env = credsEnv(tls.url);
    const r = await vsphere([...list, '--thumbprint', OTHER], env);
    expect(r.code).toBe(1);
    expect(existsSync(defaultFile(env))).toBe(false);
  });

  it('refuses loudly a certificate that changed since it was pinned, and --thumbprint re-pins it', async () => {
    const env = credsEnv(tls.url);
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'vsphere-kit'), { recursive: true, mode: 0o700 });
    writeFileSync(defaultFile(env), `# lab\nother.example.com ${tls.mock.thumbprint}\n${host} ${OTHER}\n`, { mode: 0o600 });
    const r = await vsphere(list, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`error: the certificate of ${host} has CHANGED: it does not match the thumbprint pinned by known_hosts ${defaultFile(env)} line 3`);
    expect(lines[1]).toBe(`  pinned:    ${OTHER}`);
    expect(lines[2]).toBe(`  presented: ${tls.mock.thumbprint}`);
    expect(r.stderr).toContain(`Someone may be posing as ${host}`);
    expect(r.stderr).toContain(`pin it with --thumbprint ${tls.mock.thumbprint}`);
    const repin = await vsphere([...list, '--thumbprint', tls.mock.thumbprint!], env);
    expect(repin.code).toBe(0);
    expect(repin.stderr).toBe(`warning: replaced the pinned thumbprint of ${host} in ${defaultFile(env)} (was ${OTHER})\n`);
    // The other lines stay as they were.
    expect(readFileSync(defaultFile(env), 'utf8')).toBe(`# lab\nother.example.com ${tls.mock.thumbprint}\n${host} ${tls.mock.thumbprint}\n`);
  });

  it('--known-hosts, VSPHERE_KNOWN_HOSTS and the profile choose the file; login stores it', async () => {
    const dir = tempDir();
    const byFlag = join(dir, 'flag_hosts');
    const env = credsEnv(tls.url);
    expect((await vsphere([...list, '--thumbprint', tls.mock.thumbprint!, '--known-hosts', byFlag], env)).code).toBe(0);
    expect(entries(byFlag)).toEqual([`${host} ${tls.mock.thumbprint}`]);
    expect(existsSync(defaultFile(env))).toBe(false);
    expect((await vsphere(list, { ...env, VSPHERE_KNOWN_HOSTS: byFlag })).code).toBe(0);
    // Without the file the same command is refused: the pin came from the chosen file.
    expect((await vsphere(list, env)).code).toBe(1);
    const loginEnv = baseEnv();
    const login = await vsphere(['login', '--server', tls.url, '--username', USER, '--password-stdin', '--known-hosts', byFlag], loginEnv, PASSWORD);
    expect(login.code).toBe(0);
    expect(readJson(join(loginEnv.XDG_CONFIG_HOME!, 'vsphere-kit', 'config.json')).profiles.default.knownHosts).toBe(byFlag);
    expect((await vsphere(list, loginEnv)).code).toBe(0);
  });

  it('--ca-file and --insecure are trust of their own: the file is not consulted', async () => {
    const env = credsEnv(tls.url);
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'vsphere-kit'), { recursive: true, mode: 0o700 });
    writeFileSync(defaultFile(env), `${host} ${OTHER}\n`, { mode: 0o600 });
    const ca = join(tempDir(), 'ca.pem');
    writeFileSync(ca, tls.mock.certificate!);
    expect((await vsphere([...list, '--ca-file', ca], env)).code).toBe(0);
    const insecure = await vsphere([...list, '--insecure'], env);
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toMatch(/^warning: TLS certificate verification is off \(--insecure\)/);
  });

  it('a file that others can write is refused: it decides whom the CLI trusts', async () => {
    const env = credsEnv(tls.url);
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'vsphere-kit'), { recursive: true, mode: 0o700 });
    writeFileSync(defaultFile(env), `${host} ${tls.mock.thumbprint}\n`);
    chmodSync(defaultFile(env), 0o666);
    const r = await vsphere(list, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: refusing the known-hosts file ${defaultFile(env)}: others can write to it (chmod 600 ${defaultFile(env)})\n`);
  });

  it('a malformed thumbprint in the file is a usage error naming the file and line', async () => {
    const env = credsEnv(tls.url);
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'vsphere-kit'), { recursive: true, mode: 0o700 });
    writeFileSync(defaultFile(env), `\n${host} 12:34\n`, { mode: 0o600 });
    const r = await vsphere(list, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: invalid thumbprint '12:34' \\(from known_hosts ${defaultFile(env)} line 2\\)`));
  });
});
