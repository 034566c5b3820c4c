#!/usr/bin/env node
// The end-to-end demo behind `npm run demo`: start the mock vCenter on
// loopback, then walk one VM through its life twice, first with the `vsphere`
// CLI (the built single-file bundle) and then with the typed client (the built
// package). Every step prints what it does; the server is stopped at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startMockServer, DEFAULT_USERNAME, DEFAULT_PASSWORD } = await import(join(root, 'packages/mock-server/dist/index.js'));
const { VsphereClient, VsphereApiError } = await import(join(root, 'packages/client/dist/index.js'));
const cliBundle = join(root, 'packages/cli/dist/vsphere.cjs');

const work = mkdtempSync(join(tmpdir(), 'vsphere-kit-demo-'));
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);
const step = (text) => console.log(`\n${bold('▶')} ${text}`);

const server = await startMockServer({ host: '127.0.0.1', port: 0 });
console.log(`mock vCenter listening on ${server.url} (user ${DEFAULT_USERNAME})`);

let failed = false;
try {
  await cliWorkflow();
  await clientWorkflow();
} catch (err) {
  failed = true;
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
  console.log('\nmock vCenter stopped');
}
process.exit(failed ? 1 : 0);

/**
 * Runs the CLI bundle as a child process; the password only ever travels on
 * stdin. Asynchronous on purpose: the mock lives in this process and must keep
 * answering while the CLI runs.
 */
async function vsphere(args, { input, expectExit = 0 } = {}) {
  console.log(`$ vsphere ${args.join(' ')}`);
  const child = spawn(process.execPath, [cliBundle, ...args], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      VSPHERE_SERVER: server.url,
      VSPHERE_USERNAME: DEFAULT_USERNAME,
      XDG_CONFIG_HOME: join(work, 'config'),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  child.stdin.end(input ?? '');
  const status = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const out = `${stdout}${stderr}`.trimEnd();
  if (out) console.log(out.replace(/^/gm, '  '));
  if (status !== expectExit) throw new Error(`vsphere ${args.join(' ')} exited ${status}, expected ${expectExit}`);
  return stdout.trim();
}

async function cliWorkflow() {
  step('CLI: log in (password on stdin; the session is kept in the profile, mode 0600)');
  await vsphere(['login', '--password-stdin'], { input: `${DEFAULT_PASSWORD}\n` });

  step('CLI: list VMs');
  await vsphere(['vcenter', 'vm', 'list']);

  step('CLI: find placement for a new VM');
  const folder = (await vsphere(['vcenter', 'folder', 'list', '--type', 'VIRTUAL_MACHINE', '-o', 'ids'])).split('\n')[0];
  const cluster = (await vsphere(['vcenter', 'cluster', 'list', '-o', 'ids'])).split('\n')[0];
  const datastore = (await vsphere(['vcenter', 'datastore', 'list', '--types', 'VMFS', '-o', 'ids'])).split('\n')[0];

  step('CLI: create a VM (flags plus a --spec file for the nested placement)');
  const specFile = join(work, 'vm-spec.json');
  writeFileSync(specFile, JSON.stringify({ placement: { folder, cluster, datastore }, cpu: { count: 2 }, memory: { size_MiB: 2048 } }));
  const vm = await vsphere(['vcenter', 'vm', 'create', '--name', 'demo-cli-vm', '--guest-os', 'RHEL_8_64', '--spec', `@${specFile}`, '-o', 'ids']);

  step(`CLI: power on ${vm}, read its power state, power it off`);
  await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', vm]);
  await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', vm, '-o', 'json']);
  step('CLI: vCenter refuses to delete a powered-on VM (exit 1, error type first)');
  await vsphere(['vcenter', 'vm', 'delete', '--vm', vm], { expectExit: 1 });
  await vsphere(['vcenter', 'vm', 'power', 'stop', '--vm', vm]);
  await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', vm, '-o', 'yaml']);

  step(`CLI: delete ${vm} and log out`);
  await vsphere(['vcenter', 'vm', 'delete', '--vm', vm]);
  await vsphere(['vcenter', 'vm', 'list', '--names', 'demo-cli-vm', '-o', 'json']);
  await vsphere(['logout']);
}

async function clientWorkflow() {
  step('client: new VsphereClient({ baseUrl, username, password }) — login is lazy');
  const client = new VsphereClient({ baseUrl: server.url, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD });
  try {
    const session = await client.session.get();
    console.log(`  logged in as ${session.user}`);

    step('client: client.vcenter.vm.list()');
    const vms = await client.vcenter.vm.list();
    for (const v of vms) console.log(`  ${v.vm.padEnd(9)} ${v.name.padEnd(12)} ${v.power_state}`);

    step('client: placement lookups and client.vcenter.vm.create(spec) with a 20 GiB disk');
    const [folder] = await client.vcenter.folder.list({ type: 'VIRTUAL_MACHINE' });
    const [cluster] = await client.vcenter.cluster.list();
    const [datastore] = await client.vcenter.datastore.list({ types: ['VMFS'] });
    const vm = await client.vcenter.vm.create({
      name: 'demo-client-vm',
      guest_OS: 'UBUNTU_64',
      placement: { folder: folder.folder, cluster: cluster.cluster, datastore: datastore.datastore },
      cpu: { count: 1 },
      memory: { size_MiB: 1024 },
      disks: [{ new_vmdk: { capacity: 20 * 1024 ** 3 } }],
    });
    console.log(`  created ${vm}`);
    const info = await client.vcenter.vm.get(vm);
    for (const d of Object.values(info.disks)) console.log(`  ${d.label}: ${d.backing.vmdk_file}, ${d.capacity / 1024 ** 3} GiB on ${d.type}`);
    for (const a of Object.values(info.scsi_adapters)) console.log(`  ${a.label}: ${a.type}`);

    step(`client: power on ${vm}, read its power state, power it off`);
    await client.vcenter.vm.power.start(vm);
    console.log(`  power state: ${(await client.vcenter.vm.power.get(vm)).state}`);
    try {
      await client.vcenter.vm.power.start(vm);
    } catch (err) {
      if (!(err instanceof VsphereApiError)) throw err;
      console.log(`  starting it again throws ${err.name} (errorType ${err.errorType}, HTTP ${err.status})`);
    }
    await client.vcenter.vm.power.stop(vm);
    console.log(`  power state: ${(await client.vcenter.vm.power.get(vm)).state}`);

    step(`client: delete ${vm}`);
    await client.vcenter.vm.delete(vm);
    console.log(`  VMs named demo-client-vm left: ${(await client.vcenter.vm.list({ names: ['demo-client-vm'] })).length}`);
  } finally {
    step('client: close() logs out');
    await client.close();
  }
}
