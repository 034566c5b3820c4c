#!/usr/bin/env node
// The end-to-end demo behind `npm run demo`: start the mock vCenter on
// loopback, then walk one VM through its life twice, first with the `vsphere`
// CLI (the built single-file bundle) and then with the typed client (the built
// package): inventory (a datacenter, networks), the VM's hardware (CPU, a disk,
// a NIC), its guest (Tools starting, identity, interfaces, a guest shutdown) and
// the appliance (version, SSH access). Every step prints what it does; the server
// is stopped at the end.
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

// VMware Tools report 1.5 s after a power-on here (5 s by default), so the demo shows the 503 before they do.
const TOOLS_START_MS = 1500;
// HTTPS with a certificate made at start; the CLI and the client pin its thumbprint (verification stays on).
const server = await startMockServer({ host: '127.0.0.1', port: 0, tls: true, toolsStartMs: TOOLS_START_MS });
console.log(`mock vCenter listening on ${server.url} (user ${DEFAULT_USERNAME}, certificate SHA-256 ${server.thumbprint})`);

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
async function vsphere(args, { input, expectExit = 0, quiet = false } = {}) {
  if (!quiet) console.log(`$ vsphere ${args.join(' ')}`);
  const child = spawn(process.execPath, [cliBundle, ...args], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      VSPHERE_SERVER: server.url,
      VSPHERE_USERNAME: DEFAULT_USERNAME,
      VSPHERE_THUMBPRINT: server.thumbprint,
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
  if (out && !quiet) console.log(out.replace(/^/gm, '  '));
  if (status !== expectExit) throw new Error(`vsphere ${args.join(' ')} exited ${status}, expected ${expectExit}`);
  return stdout.trim();
}

async function cliWorkflow() {
  step('CLI: log in (password on stdin; the session is kept in the profile, mode 0600)');
  await vsphere(['login', '--password-stdin'], { input: `${DEFAULT_PASSWORD}\n` });

  step('CLI: the appliance: its version, then SSH access turned off and read back');
  await vsphere(['appliance', 'system', 'version', 'get', '-o', 'yaml']);
  await vsphere(['appliance', 'access', 'ssh', 'set', '--enabled', 'false']);
  await vsphere(['appliance', 'access', 'ssh', 'get']);

  step('CLI: inventory: create a datacenter in the root folder, list datacenters and port groups');
  const rootFolder = (await vsphere(['vcenter', 'folder', 'list', '--type', 'DATACENTER', '-o', 'ids'])).split('\n')[0];
  const datacenter = await vsphere(['vcenter', 'datacenter', 'create', '--name', 'demo-dc', '--folder', rootFolder, '-o', 'ids']);
  await vsphere(['vcenter', 'datacenter', 'list']);
  const network = (await vsphere(['vcenter', 'network', 'list', '--types', 'STANDARD_PORTGROUP', '-o', 'ids'])).split('\n')[0];

  step('CLI: list VMs');
  await vsphere(['vcenter', 'vm', 'list']);

  step('CLI: find placement for a new VM');
  const folder = (await vsphere(['vcenter', 'folder', 'list', '--type', 'VIRTUAL_MACHINE', '-o', 'ids'])).split('\n')[0];
  const cluster = (await vsphere(['vcenter', 'cluster', 'list', '-o', 'ids'])).split('\n')[0];
  const datastore = (await vsphere(['vcenter', 'datastore', 'list', '--types', 'VMFS', '-o', 'ids'])).split('\n')[0];

  step('CLI: create a VM (flags plus a --spec file for the nested placement); without disks it gets the guest OS default');
  const specFile = join(work, 'vm-spec.json');
  writeFileSync(specFile, JSON.stringify({ placement: { folder, cluster, datastore }, cpu: { count: 2 }, memory: { size_MiB: 2048 } }));
  const vm = await vsphere(['vcenter', 'vm', 'create', '--name', 'demo-cli-vm', '--guest-os', 'RHEL_8_64', '--spec', `@${specFile}`, '-o', 'ids']);
  await vsphere(['vcenter', 'vm', 'hardware', 'disk', 'list', '--vm', vm]);

  step(`CLI: hardware of ${vm}: 4 CPUs, a second 40 GiB disk, a VMXNET3 NIC on ${network}`);
  await vsphere(['vcenter', 'vm', 'hardware', 'cpu', 'update', '--vm', vm, '--count', '4']);
  await vsphere(['vcenter', 'vm', 'hardware', 'cpu', 'get', '--vm', vm]);
  const diskFile = join(work, 'disk.json');
  writeFileSync(diskFile, JSON.stringify({ new_vmdk: { capacity: 40 * 1024 ** 3 } }));
  await vsphere(['vcenter', 'vm', 'hardware', 'disk', 'create', '--vm', vm, '--spec', `@${diskFile}`]);
  const nicFile = join(work, 'nic.json');
  writeFileSync(nicFile, JSON.stringify({ backing: { type: 'STANDARD_PORTGROUP', network } }));
  const nic = await vsphere([
    'vcenter',
    'vm',
    'hardware',
    'ethernet',
    'create',
    '--vm',
    vm,
    '--type',
    'VMXNET3',
    '--start-connected',
    '--spec',
    `@${nicFile}`,
    '-o',
    'ids',
  ]);
  await vsphere(['vcenter', 'vm', 'hardware', 'ethernet', 'get', '--vm', vm, '--nic', nic, '-o', 'json']);

  step(`CLI: power on ${vm}; its guest answers 503 until VMware Tools report (${TOOLS_START_MS} ms here)`);
  await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', vm]);
  await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', vm], { expectExit: 1 });
  step('CLI: vCenter refuses to delete a powered-on VM (exit 1, error type first)');
  await vsphere(['vcenter', 'vm', 'delete', '--vm', vm], { expectExit: 1 });
  await waitForTools(() => vsphere(['vcenter', 'vm', 'tools', 'get', '--vm', vm, '-o', 'json'], { quiet: true }).then((t) => JSON.parse(t).run_state));
  step('CLI: Tools run: the guest identity and interfaces, then a clean guest shutdown');
  await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', vm, '-o', 'yaml']);
  await vsphere(['vcenter', 'vm', 'guest', 'networking', 'interfaces', 'list', '--vm', vm, '-o', 'json']);
  await vsphere(['vcenter', 'vm', 'guest', 'power', 'shutdown', '--vm', vm]);
  await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', vm, '-o', 'yaml']);

  step(`CLI: delete ${vm} and the datacenter, log out`);
  await vsphere(['vcenter', 'vm', 'delete', '--vm', vm]);
  await vsphere(['vcenter', 'vm', 'list', '--names', 'demo-cli-vm', '-o', 'json']);
  await vsphere(['vcenter', 'datacenter', 'delete', '--datacenter', datacenter]);
  await vsphere(['logout']);
}

/** Polls the Tools run state until the guest reports, as a script against a real vCenter would. */
async function waitForTools(runState) {
  const deadline = Date.now() + 30_000;
  while ((await runState()) !== 'RUNNING') {
    if (Date.now() > deadline) throw new Error('VMware Tools did not start within 30 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log('  (VMware Tools are running)');
}

async function clientWorkflow() {
  step('client: new VsphereClient({ baseUrl, username, password, thumbprint }) — login is lazy');
  const client = new VsphereClient({ baseUrl: server.url, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, thumbprint: server.thumbprint });
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

    step(`client: hardware of ${vm} while it is powered off: 2 CPUs with CPU hot add turned on, a NIC on a port group`);
    await client.vcenter.vm.hardware.cpu.update(vm, { count: 2, hot_add_enabled: true });
    const [network] = await client.vcenter.network.list({ types: ['STANDARD_PORTGROUP'] });
    const nic = await client.vcenter.vm.hardware.ethernet.create(vm, {
      type: 'VMXNET3',
      start_connected: true,
      backing: { type: 'STANDARD_PORTGROUP', network: network.network },
    });
    const cpu = await client.vcenter.vm.hardware.cpu.get(vm);
    console.log(`  ${cpu.count} CPUs (hot add ${cpu.hot_add_enabled ? 'on' : 'off'}); NIC ${nic} on ${network.name}`);

    step(`client: power on ${vm}, read its power state; hot-add a CPU while it runs`);
    await client.vcenter.vm.power.start(vm);
    console.log(`  power state: ${(await client.vcenter.vm.power.get(vm)).state}`);
    try {
      await client.vcenter.vm.power.start(vm);
    } catch (err) {
      if (!(err instanceof VsphereApiError)) throw err;
      console.log(`  starting it again throws ${err.name} (errorType ${err.errorType}, HTTP ${err.status})`);
    }
    await client.vcenter.vm.hardware.cpu.update(vm, { count: 4 });
    console.log(`  CPUs now: ${(await client.vcenter.vm.hardware.cpu.get(vm)).count}`);

    step("client: the guest, once VMware Tools report: identity and the NIC's addresses, then a guest reboot");
    await waitForTools(async () => (await client.vcenter.vm.tools.get(vm)).run_state);
    const identity = await client.vcenter.vm.guest.identity.get(vm);
    console.log(`  ${identity.host_name}: ${identity.full_name.default_message}, ${identity.ip_address}`);
    for (const i of await client.vcenter.vm.guest.networking.interfaces.list(vm)) {
      console.log(`  NIC ${i.nic} ${i.mac_address}: ${(i.ip?.ip_addresses ?? []).map((a) => `${a.ip_address}/${a.prefix_length}`).join(', ')}`);
    }
    await client.vcenter.vm.guest.power.reboot(vm);
    console.log(`  after a guest reboot, Tools: ${(await client.vcenter.vm.tools.get(vm)).run_state}`);
    await client.vcenter.vm.power.stop(vm);
    console.log(`  power state: ${(await client.vcenter.vm.power.get(vm)).state}`);

    step('client: inventory and appliance reads');
    const datacenters = await client.vcenter.datacenter.list();
    const version = await client.appliance.system.version.get();
    console.log(`  ${datacenters.length} datacenters; appliance ${version.product} ${version.version} build ${version.build}`);

    step(`client: delete ${vm}`);
    await client.vcenter.vm.delete(vm);
    console.log(`  VMs named demo-client-vm left: ${(await client.vcenter.vm.list({ names: ['demo-client-vm'] })).length}`);
  } finally {
    step('client: close() logs out');
    await client.close();
  }
}
