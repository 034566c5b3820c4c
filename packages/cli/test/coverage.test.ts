import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { credsEnv, vsphere } from './helpers/cli.js';
import { useCliMock } from './helpers/cli-mock.js';

// The command tree covers the whole API, and output stays true to the wire.

const routesFile = fileURLToPath(new URL('../../mock-server/src/generated/routes.gen.json', import.meta.url));
const commandsDir = fileURLToPath(new URL('../src/generated/commands/', import.meta.url));

const cli = useCliMock();

describe('command tree', () => {
  it('has one command per operation in the specs', () => {
    const operations = (JSON.parse(readFileSync(routesFile, 'utf8')) as { routes: { id: string }[] }).routes.map((r) => r.id).sort();
    const commands = readdirSync(commandsDir)
      .flatMap((f) => [...readFileSync(`${commandsDir}${f}`, 'utf8').matchAll(/^ {6}id: "([^"]+)",$/gm)].map((m) => m[1]!))
      .sort();
    expect(commands).toEqual(operations);
  });

  it('reaches every top-level namespace from the root help', async () => {
    const r = await vsphere(['--help'], credsEnv(cli.url));
    expect(r.code).toBe(0);
    for (const top of ['appliance', 'cis', 'content', 'esx', 'rest', 'session', 'vcenter']) expect(r.stdout).toContain(top);
  });
});

describe('/rest operations', () => {
  it('-o json prints the exact /rest body with its value wrapper; tables show the content', async () => {
    // A fresh appliance forwards nowhere: configure one server (a /rest body keeps its wrapper too) so the table has a row.
    const set = await vsphere(
      ['rest', 'appliance', 'logging', 'forwarding', 'set', '--spec', '-'],
      credsEnv(cli.url),
      JSON.stringify({ cfg_list: [{ hostname: 'syslog.lab.local', port: 514, protocol: 'UDP' }] }),
    );
    expect(set.code, set.stderr).toBe(0);
    const json = await vsphere(['rest', 'appliance', 'logging', 'forwarding', 'get', '-o', 'json'], credsEnv(cli.url));
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout) as { value: unknown };
    expect(Object.keys(body)).toEqual(['value']);
    expect(body.value).toEqual([{ hostname: 'syslog.lab.local', port: 514, protocol: 'UDP' }]);
    const table = await vsphere(['rest', 'appliance', 'logging', 'forwarding', 'get', '-o', 'table'], credsEnv(cli.url));
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^HOSTNAME\s+PORT\s+PROTOCOL/);
    expect(table.stdout).not.toContain('value');
  });
});
