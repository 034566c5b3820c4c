#!/usr/bin/env node
// The end-to-end demo behind `npm run demo`: start the mock vCenter on loopback, then run the
// steps of STEPS in order: one VM's life with the `vsphere` CLI (the built single-file bundle),
// then with the typed client (the built package), and what sets the toolkit apart (a fault the
// mock injects and the client rides out, a pinned certificate). Every step prints what it does;
// the server is stopped at the end. To show a new feature, add a step where it fits the story.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startMockServer, DEFAULT_USERNAME, DEFAULT_PASSWORD } = await import(join(root, 'packages/mock-server/dist/index.js'));
const { VsphereClient, VsphereApiError, VsphereTlsError } = await import(join(root, 'packages/client/dist/index.js'));
const cliBundle = join(root, 'packages/cli/dist/vsphere.cjs');

const work = mkdtempSync(join(tmpdir(), 'vsphere-kit-demo-'));
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

// VMware Tools report 1.5 s after a power-on here (5 s by default), so the demo shows the 503 before they do.
// A loaded machine may need longer to show it: VSPHERE_KIT_DEMO_TOOLS_MS sets it (the repo's test does).
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the demo runs outside turbo, so no turbo cache depends on it
const TOOLS_START_MS = Number(process.env.VSPHERE_KIT_DEMO_TOOLS_MS) || 1500;
// HTTPS with a certificate made at start; the CLI and the client pin its thumbprint (verification stays on).
const server = await startMockServer({ host: '127.0.0.1', port: 0, tls: true, toolsStartMs: TOOLS_START_MS });
console.log(`mock vCenter listening on ${server.url} (user ${DEFAULT_USERNAME}, certificate SHA-256 ${server.thumbprint})`);

/**
 * What steps share: ids found or made by earlier steps (`ctx.vm`, `ctx.folder`, …) and the
 * client once a step has made it. A step reads only what an earlier step set.
 */
const ctx = {};

/**
 * The story, in order. Each step: a title (printed as the step's heading) and `run(ctx)`, which
 * prints what it shows. Steps may throw: the demo stops there and says which step failed.
 */
const STEPS = [
  {
    title: 'CLI: log in (password on stdin; the session is kept in the profile, mode 0600)',
    run: () => vsphere(['login', '--password-stdin'], { input: `${DEFAULT_PASSWORD}\n` }),
  },
  {
    title: 'CLI: the appliance: its version, then SSH access turned off and read back',
    async run() {
      await vsphere(['appliance', 'system', 'version', 'get', '-o', 'yaml']);
      await vsphere(['appliance', 'access', 'ssh', 'set', '--enabled', 'false']);
      await vsphere(['appliance', 'access', 'ssh', 'get']);
    },
  },
  {
    title: 'CLI: inventory: create a datacenter in the root folder, list datacenters and port groups',
    async run(c) {
      const rootFolder = (await vsphere(['vcenter', 'folder', 'list', '--type', 'DATACENTER', '-o', 'ids'])).split('\n')[0];
      c.datacenter = await vsphere(['vcenter', 'datacenter', 'create', '--name', 'demo-dc', '--folder', rootFolder, '-o', 'ids']);
      await vsphere(['vcenter', 'datacenter', 'list']);
      c.network = (await vsphere(['vcenter', 'network', 'list', '--types', 'STANDARD_PORTGROUP', '-o', 'ids'])).split('\n')[0];
    },
  },
  { title: 'CLI: list VMs', run: () => vsphere(['vcenter', 'vm', 'list']) },
  {
    title: 'CLI: objects by name: web-01 is found by its name (an id or an inventory path work too)',
    async run(c) {
      await vsphere(['vcenter', 'vm', 'get', '--vm', 'web-01', '-o', 'json', '--fields', 'name,power_state,cpu.count']);
      await vsphere(['vcenter', 'vm', 'list', '--names', 'web-01', '-o', 'csv']);
      c.web01 = await vsphere(['vcenter', 'vm', 'list', '--names', 'web-01', '-o', 'ids'], { quiet: true });
    },
  },
  {
    title: (c) => `CLI: a task followed to its end: clone ${c.web01} (web-01) with --wait (progress on stderr, the new id on stdout), then delete the copy`,
    async run(c) {
      const copy = await vsphere(['vcenter', 'vm', 'clone', '--source', c.web01, '--name', 'demo-clone', '--wait']);
      await vsphere(['vcenter', 'vm', 'delete', '--vm', copy]);
    },
  },
  {
    title: 'CLI: find placement for a new VM',
    async run(c) {
      c.folder = (await vsphere(['vcenter', 'folder', 'list', '--type', 'VIRTUAL_MACHINE', '-o', 'ids'])).split('\n')[0];
      c.cluster = (await vsphere(['vcenter', 'cluster', 'list', '-o', 'ids'])).split('\n')[0];
      c.datastore = (await vsphere(['vcenter', 'datastore', 'list', '--types', 'VMFS', '-o', 'ids'])).split('\n')[0];
    },
  },
  {
    title: 'CLI: create a VM (flags plus a --spec file for the nested placement); without disks it gets the guest OS default',
    async run(c) {
      const specFile = join(work, 'vm-spec.json');
      const placement = { folder: c.folder, cluster: c.cluster, datastore: c.datastore };
      writeFileSync(specFile, JSON.stringify({ placement, cpu: { count: 2 }, memory: { size_MiB: 2048 } }));
      c.vm = await vsphere(['vcenter', 'vm', 'create', '--name', 'demo-cli-vm', '--guest-os', 'RHEL_8_64', '--spec', `@${specFile}`, '-o', 'ids']);
      await vsphere(['vcenter', 'vm', 'hardware', 'disk', 'list', '--vm', c.vm]);
    },
  },
  {
    title: (c) => `CLI: hardware of ${c.vm}: 4 CPUs, a second 40 GiB disk, a VMXNET3 NIC on ${c.network}`,
    async run(c) {
      await vsphere(['vcenter', 'vm', 'hardware', 'cpu', 'update', '--vm', c.vm, '--count', '4']);
      await vsphere(['vcenter', 'vm', 'hardware', 'cpu', 'get', '--vm', c.vm]);
      const diskFile = join(work, 'disk.json');
      writeFileSync(diskFile, JSON.stringify({ new_vmdk: { capacity: 40 * 1024 ** 3 } }));
      await vsphere(['vcenter', 'vm', 'hardware', 'disk', 'create', '--vm', c.vm, '--spec', `@${diskFile}`]);
      const nicFile = join(work, 'nic.json');
      writeFileSync(nicFile, JSON.stringify({ backing: { type: 'STANDARD_PORTGROUP', network: c.network } }));
      const nicArgs = ['--vm', c.vm, '--type', 'VMXNET3', '--start-connected', '--spec', `@${nicFile}`, '-o', 'ids'];
      const nic = await vsphere(['vcenter', 'vm', 'hardware', 'ethernet', 'create', ...nicArgs]);
      await vsphere(['vcenter', 'vm', 'hardware', 'ethernet', 'get', '--vm', c.vm, '--nic', nic, '-o', 'json']);
    },
  },
  {
    title: (c) => `CLI: power on ${c.vm}; its guest answers 503 until VMware Tools report (${TOOLS_START_MS} ms here)`,
    async run(c) {
      await vsphere(['vcenter', 'vm', 'power', 'start', '--vm', c.vm]);
      await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', c.vm], { expectExit: 1 });
    },
  },
  {
    title: 'CLI: vCenter refuses to delete a powered-on VM (exit 1, error type first)',
    run: (c) => vsphere(['vcenter', 'vm', 'delete', '--vm', c.vm], { expectExit: 1 }),
  },
  {
    title: 'CLI: Tools run: the guest identity and interfaces, then a clean guest shutdown',
    async run(c) {
      await waitForTools(() => vsphere(['vcenter', 'vm', 'tools', 'get', '--vm', c.vm, '-o', 'json'], { quiet: true }).then((t) => JSON.parse(t).run_state));
      await vsphere(['vcenter', 'vm', 'guest', 'identity', 'get', '--vm', c.vm, '-o', 'yaml']);
      await vsphere(['vcenter', 'vm', 'guest', 'networking', 'interfaces', 'list', '--vm', c.vm, '-o', 'json']);
      await vsphere(['vcenter', 'vm', 'guest', 'power', 'shutdown', '--vm', c.vm]);
      await vsphere(['vcenter', 'vm', 'power', 'get', '--vm', c.vm, '-o', 'yaml']);
    },
  },
  {
    title: (c) => `CLI: delete ${c.vm} and the datacenter, log out`,
    async run(c) {
      await vsphere(['vcenter', 'vm', 'delete', '--vm', c.vm]);
      await vsphere(['vcenter', 'vm', 'list', '--names', 'demo-cli-vm', '-o', 'json']);
      await vsphere(['vcenter', 'datacenter', 'delete', '--datacenter', c.datacenter]);
      await vsphere(['logout']);
    },
  },
  {
    title: 'client: new VsphereClient({ baseUrl, username, password, thumbprint }) — login is lazy',
    async run(c) {
      c.retries = [];
      // Retries are logged at debug level; the demo shows them to tell the fault step's story.
      const logger = { debug: (line) => line.includes('retry') && c.retries.push(line), warn: (line) => console.log(`  warn: ${line}`) };
      c.client = new VsphereClient({ baseUrl: server.url, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, thumbprint: server.thumbprint, logger });
      const session = await c.client.session.get();
      console.log(`  logged in as ${session.user}`);
    },
  },
  {
    title: 'client: client.vcenter.vm.list()',
    async run(c) {
      for (const v of await c.client.vcenter.vm.list()) console.log(`  ${v.vm.padEnd(9)} ${v.name.padEnd(12)} ${v.power_state}`);
    },
  },
  {
    title: 'client: a fault injected in the mock (the next VM list answers 503 SERVICE_UNAVAILABLE) and ridden out by a retry',
    async run(c) {
      console.log("  mock.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.list', { times: 1 })");
      server.faults.error('SERVICE_UNAVAILABLE', 'vcenter.vm.list', { times: 1 });
      const vms = await c.client.vcenter.vm.list();
      for (const line of c.retries) console.log(`  client log: ${line}`);
      if (c.retries.length === 0) throw new Error('the client did not retry the injected 503');
      console.log(`  the list came back on the retry: ${vms.length} VMs`);
    },
  },
  {
    title: 'client: the certificate is pinned: a client expecting another thumbprint refuses the server',
    async run() {
      const wrong = new VsphereClient({ baseUrl: server.url, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, thumbprint: '00'.repeat(32) });
      try {
        await wrong.session.get();
        throw new Error('a client with the wrong thumbprint got an answer');
      } catch (err) {
        if (!(err instanceof VsphereTlsError)) throw err;
        console.log(`  ${err.name} (${err.code}): the server presented ${err.peerThumbprint}`);
      } finally {
        await wrong.close();
      }
    },
  },
  {
    title: 'client: placement lookups and client.vcenter.vm.create(spec) with a 20 GiB disk',
    async run(c) {
      const { client } = c;
      const [folder] = await client.vcenter.folder.list({ type: 'VIRTUAL_MACHINE' });
      const [cluster] = await client.vcenter.cluster.list();
      const [datastore] = await client.vcenter.datastore.list({ types: ['VMFS'] });
      c.vm = await client.vcenter.vm.create({
        name: 'demo-client-vm',
        guest_OS: 'UBUNTU_64',
        placement: { folder: folder.folder, cluster: cluster.cluster, datastore: datastore.datastore },
        cpu: { count: 1 },
        memory: { size_MiB: 1024 },
        disks: [{ new_vmdk: { capacity: 20 * 1024 ** 3 } }],
      });
      console.log(`  created ${c.vm}`);
      const info = await client.vcenter.vm.get(c.vm);
      for (const d of Object.values(info.disks)) console.log(`  ${d.label}: ${d.backing.vmdk_file}, ${d.capacity / 1024 ** 3} GiB on ${d.type}`);
      for (const a of Object.values(info.scsi_adapters)) console.log(`  ${a.label}: ${a.type}`);
    },
  },
  {
    title: (c) => `client: hardware of ${c.vm} while it is powered off: 2 CPUs with CPU hot add turned on, a NIC on a port group`,
    async run(c) {
      const { client, vm } = c;
      await client.vcenter.vm.hardware.cpu.update(vm, { count: 2, hot_add_enabled: true });
      const [network] = await client.vcenter.network.list({ types: ['STANDARD_PORTGROUP'] });
      const nic = await client.vcenter.vm.hardware.ethernet.create(vm, {
        type: 'VMXNET3',
        start_connected: true,
        backing: { type: 'STANDARD_PORTGROUP', network: network.network },
      });
      const cpu = await client.vcenter.vm.hardware.cpu.get(vm);
      console.log(`  ${cpu.count} CPUs (hot add ${cpu.hot_add_enabled ? 'on' : 'off'}); NIC ${nic} on ${network.name}`);
    },
  },
  {
    title: (c) => `client: power on ${c.vm}, read its power state; hot-add a CPU while it runs`,
    async run(c) {
      const { client, vm } = c;
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
    },
  },
  {
    title: "client: the guest, once VMware Tools report: identity and the NIC's addresses, then a guest reboot",
    async run(c) {
      const { client, vm } = c;
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
    },
  },
  {
    title: 'client: inventory and appliance reads',
    async run(c) {
      const datacenters = await c.client.vcenter.datacenter.list();
      const version = await c.client.appliance.system.version.get();
      console.log(`  ${datacenters.length} datacenters; appliance ${version.product} ${version.version} build ${version.build}`);
    },
  },
  {
    title: (c) => `client: delete ${c.vm}`,
    async run(c) {
      await c.client.vcenter.vm.delete(c.vm);
      console.log(`  VMs named demo-client-vm left: ${(await c.client.vcenter.vm.list({ names: ['demo-client-vm'] })).length}`);
    },
  },
  {
    title: 'client: close() logs out',
    async run(c) {
      await c.client.close();
      c.client = undefined;
    },
  },
];

let failed = false;
let current = 0;
try {
  for (const [i, step] of STEPS.entries()) {
    current = i;
    const title = typeof step.title === 'function' ? step.title(ctx) : step.title;
    console.log(`\n${bold(`▶ ${i + 1}/${STEPS.length}`)} ${title}`);
    await step.run(ctx);
  }
} catch (err) {
  failed = true;
  console.error(`\ndemo failed at step ${current + 1}/${STEPS.length}: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await ctx.client?.close();
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

/** Polls the Tools run state until the guest reports, as a script against a real vCenter would. */
async function waitForTools(runState) {
  const deadline = Date.now() + 30_000;
  while ((await runState()) !== 'RUNNING') {
    if (Date.now() > deadline) throw new Error('VMware Tools did not start within 30 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log('  (VMware Tools are running)');
}
