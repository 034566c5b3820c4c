// Hand-written vSphere rules beyond VMs, the /rest error form, BLOCKED/cancelable tasks,
// the spread of synthetic VMs and used-up faults. Every answer is checked against the spec.
import { describe, expect, it } from 'vitest';
import { loadGenerated } from '../src/index.js';
import { call, login, start, useMockServer } from './helpers/server.js';

const { routes } = await loadGenerated();
const enableExample = routes.find((r) => r.id === 'vcenter.namespaceManagement.clusters.enable')!.requestExample;

const mock = useMockServer({ taskMs: 60, users: { 'devops@vsphere.local': 'Secret1!' } });

const { api } = mock;

async function waitTask(id: string, until: (s: string) => boolean = (s) => s === 'SUCCEEDED' || s === 'FAILED'): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const t = await api('GET', `/api/cis/tasks/${encodeURIComponent(id)}`);
    if (until(t.body.status)) return t.body;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`task ${id} did not reach the expected state`);
}

describe('/rest wire form', () => {
  it('answers /rest errors as {type, value: {messages}} and successes as {value}', async () => {
    const unauth = await call(mock.server, 'GET', '/rest/com/vmware/cis/tagging/tag');
    expect(unauth.status).toBe(401);
    expect(unauth.body).toMatchObject({
      type: 'com.vmware.vapi.std.errors.unauthenticated',
      value: { messages: [expect.objectContaining({ id: expect.any(String) })] },
    });
    expect(unauth.body.error_type).toBeUndefined();
    const bad = await api('POST', '/rest/com/vmware/cis/tagging/tag', { create_spec: { name: 'x' } });
    expect([bad.status, bad.body.type]).toEqual([400, 'com.vmware.vapi.std.errors.invalid_argument']);
    const missing = await api('POST', '/rest/com/vmware/cis/tagging/tag', { create_spec: { name: 'x', description: '', category_id: 'urn:nope' } });
    expect([missing.status, missing.body.type]).toEqual([404, 'com.vmware.vapi.std.errors.not_found']);
    const unknown = await api('GET', '/rest/com/vmware/nope');
    // An unknown path answers what a real vCenter sends: NOT_FOUND with vapi's httpNotFound message.
    expect([unknown.status, unknown.body.type, unknown.body.value.messages[0].id]).toEqual([
      404,
      'com.vmware.vapi.std.errors.not_found',
      'com.vmware.vapi.rest.httpNotFound',
    ]);
    mock.server.faults.error('SERVICE_UNAVAILABLE', 'rest.cis.tagging.tag.list', { times: 1 });
    const busy = await api('GET', '/rest/com/vmware/cis/tagging/tag');
    expect([busy.status, busy.body.type]).toEqual([503, 'com.vmware.vapi.std.errors.service_unavailable']);
    const ok = await api('GET', '/rest/com/vmware/cis/tagging/tag');
    expect(ok.status).toBe(200);
    expect(Array.isArray(ok.body.value)).toBe(true);
    // /api keeps its own form.
    expect((await call(mock.server, 'GET', '/api/vcenter/vm')).body.error_type).toBe('UNAUTHENTICATED');
  });

  it('reads a task through /rest/cis/tasks in a value wrapper', async () => {
    const r = await api('POST', '/api/vcenter/vm?action=clone&vmw-task=true', { source: 'vm-1074', name: 'rest-task' });
    await waitTask(r.body);
    const t = await api('GET', `/rest/cis/tasks/${encodeURIComponent(r.body)}`);
    expect(t.status).toBe(200);
    expect(t.body.value.status).toBe('SUCCEEDED');
    expect((await api('GET', '/rest/cis/tasks/nope')).body.type).toBe('com.vmware.vapi.std.errors.not_found');
  });
});

describe('tagging', () => {
  it('keeps categories, tags and associations consistent, with SINGLE cardinality', async () => {
    const cat = await api('POST', '/api/cis/tagging/category', { name: 'tier', description: 'd', cardinality: 'SINGLE', associable_types: ['VirtualMachine'] });
    expect(cat.status).toBe(201);
    expect((await api('GET', '/api/cis/tagging/category')).body).toContain(cat.body);
    expect(
      (await api('POST', '/api/cis/tagging/category', { name: 'tier', description: 'd', cardinality: 'SINGLE', associable_types: [] })).body.error_type,
    ).toBe('ALREADY_EXISTS');
    const gold = (await api('POST', '/api/cis/tagging/tag', { name: 'gold', description: '', category_id: cat.body })).body;
    const silver = (await api('POST', '/rest/com/vmware/cis/tagging/tag', { create_spec: { name: 'silver', description: '', category_id: cat.body } })).body
      .value;
    expect((await api('POST', '/api/cis/tagging/tag', { name: 'x', description: '', category_id: 'urn:none' })).status).toBe(404);
    expect((await api('GET', '/rest/com/vmware/cis/tagging/tag')).body.value).toEqual(expect.arrayContaining([gold, silver]));

    const vm = { object_id: { type: 'VirtualMachine', id: 'vm-1072' } };
    expect((await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(gold)}?action=attach`, vm)).status).toBe(204);
    expect((await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(gold)}?action=attach`, vm)).status).toBe(204); // idempotent
    const second = await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(silver)}?action=attach`, vm);
    expect([second.status, second.body.error_type]).toEqual([400, 'INVALID_ARGUMENT']);
    const wrongType = await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(silver)}?action=attach`, {
      object_id: { type: 'HostSystem', id: 'host-1062' },
    });
    expect(wrongType.body.error_type).toBe('INVALID_ARGUMENT');
    expect(
      (
        await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(silver)}?action=attach`, {
          object_id: { type: 'VirtualMachine', id: 'vm-999999' },
        })
      ).status,
    ).toBe(404);
    expect((await api('POST', `/api/cis/tagging/tag-association/urn:nope?action=attach`, vm)).status).toBe(404);
    // /rest attach with the id: prefixed segment
    const rest = await api('POST', `/rest/com/vmware/cis/tagging/tag-association/id:${encodeURIComponent(silver)}?~action=attach`, {
      object_id: { type: 'VirtualMachine', id: 'vm-1073' },
    });
    expect(rest.status).toBe(200);

    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-tags', vm)).body).toEqual([gold]);
    expect(
      (await api('POST', '/rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags', { object_id: { type: 'VirtualMachine', id: 'vm-1073' } }))
        .body.value,
    ).toEqual([silver]);
    expect((await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(gold)}?action=list-attached-objects`)).body).toEqual([
      { type: 'VirtualMachine', id: 'vm-1072' },
    ]);

    // Deleting a tag removes its associations (the specs have no DELETE tag yet: the state API).
    const { deleteTag } = await import('../src/families/tagging/tagging.js');
    deleteTag(mock.server.state, gold);
    expect((await api('POST', '/api/cis/tagging/tag-association?action=list-attached-tags', vm)).body).toEqual([]);
    expect((await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(gold)}?action=list-attached-objects`)).status).toBe(404);
    // Now silver can go onto vm-1072 (SINGLE satisfied again); deleting the VM drops it.
    expect((await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(silver)}?action=attach`, vm)).status).toBe(204);
    await api('POST', '/api/vcenter/vm/vm-1072/power?action=stop');
    expect((await api('DELETE', '/api/vcenter/vm/vm-1072')).status).toBe(204);
    expect((await api('POST', `/api/cis/tagging/tag-association/${encodeURIComponent(silver)}?action=list-attached-objects`)).body).toEqual([
      { type: 'VirtualMachine', id: 'vm-1073' },
    ]);
    expect((await api('PATCH', `/api/cis/tagging/tag/${encodeURIComponent(silver)}`, { name: 'bronze' })).status).toBe(204);
  });
});

describe('content library items and update sessions', () => {
  it('creates a library and item, uploads through a session, cancels and fails sessions, deletes the library', async () => {
    const lib = await api('POST', '/api/content/local-library', {
      name: 'isos',
      type: 'LOCAL',
      storage_backings: [{ type: 'DATASTORE', datastore_id: 'datastore-1061' }],
    });
    expect(lib.status).toBe(201);
    expect((await api('GET', '/api/content/library')).body).toContain(lib.body);
    expect((await api('GET', `/api/content/library/${lib.body}`)).body).toMatchObject({ id: lib.body, name: 'isos', type: 'LOCAL' });
    expect(
      (await api('POST', '/api/content/local-library', { name: 'x', storage_backings: [{ type: 'DATASTORE', datastore_id: 'datastore-404' }] })).status,
    ).toBe(404);

    const item = await api('POST', '/api/content/library/item', { library_id: lib.body, name: 'alpine', type: 'iso' });
    expect(item.status).toBe(201);
    expect((await api('POST', '/api/content/library/item', { library_id: lib.body, name: 'alpine', type: 'iso' })).body.error_type).toBe('ALREADY_EXISTS');
    expect((await api('POST', '/api/content/library/item', { library_id: 'nope', name: 'a' })).status).toBe(404);
    expect((await api('GET', `/api/content/library/item?library_id=${lib.body}`)).body).toEqual([item.body]);

    const sess = await api('POST', '/api/content/library/item/update-session', { library_item_id: item.body });
    expect(sess.status).toBe(201);
    expect((await api('POST', '/api/content/library/item/update-session', { library_item_id: item.body })).body.error_type).toBe('RESOURCE_BUSY');
    const file = await api('POST', `/api/content/library/item/update-session/${sess.body}/file`, { name: 'alpine.iso', source_type: 'PUSH', size: 4096 });
    expect(file.status).toBe(201);
    expect(file.body.upload_endpoint.uri).toContain(sess.body);
    expect((await api('POST', `/api/content/library/item/update-session/${sess.body}?action=complete`)).status).toBe(204);
    const after = (await api('GET', `/api/content/library/item/${item.body}`)).body;
    expect([after.size, after.content_version]).toEqual([4096, '2']);
    expect(mock.server.state.libraryItems.get(item.body)!.files!.map((f) => f.name)).toEqual(['alpine.iso']);
    // A completed session cannot take files or complete again.
    expect((await api('POST', `/api/content/library/item/update-session/${sess.body}?action=complete`)).body.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');

    // Cancel: deleting an active session leaves the item unchanged and frees it.
    const s2 = (await api('POST', '/api/content/library/item/update-session', { library_item_id: item.body })).body;
    await api('POST', `/api/content/library/item/update-session/${s2}/file`, { name: 'other.iso', source_type: 'PUSH', size: 1 });
    expect((await api('DELETE', `/api/content/library/item/update-session/${s2}`)).status).toBe(204);
    expect((await api('GET', `/api/content/library/item/${item.body}`)).body.content_version).toBe('2');

    // Fail: a PULL source that cannot be fetched ends the session in ERROR.
    const s3 = (await api('POST', '/api/content/library/item/update-session', { library_item_id: item.body })).body;
    await api('POST', `/api/content/library/item/update-session/${s3}/file`, {
      name: 'pulled.iso',
      source_type: 'PULL',
      source_endpoint: { uri: 'https://depot.example.invalid/pulled.iso' },
    });
    const failed = await api('POST', `/api/content/library/item/update-session/${s3}?action=complete`);
    expect(failed.body.error_type).toBe('INVALID_ARGUMENT');
    expect(mock.server.state.rules.update_sessions[s3]!.state).toBe('ERROR');
    expect((await api('GET', `/api/content/library/item/${item.body}`)).body.content_version).toBe('2');

    expect((await api('DELETE', `/api/content/local-library/${lib.body}`)).status).toBe(204);
    expect((await api('GET', `/api/content/library/item/${item.body}`)).status).toBe(404);
    expect(mock.server.state.rules.update_sessions[s3]).toBeUndefined();
    expect((await api('GET', '/api/content/library')).body).not.toContain(lib.body);
  });
});

describe('esx settings software drafts', () => {
  it('creates a draft, edits it, commits it (a task) and the cluster software changes', async () => {
    const c = '/api/esx/settings/clusters/domain-c1055/software';
    const before = (await api('GET', c)).body;
    expect(before.base_image.version).toBe('8.0.2-0.0.22380479');
    const d = await api('POST', `${c}/drafts`);
    expect(d.status).toBe(201);
    const again = await api('POST', `${c}/drafts`);
    expect([again.status, again.body.error_type]).toEqual([400, 'ALREADY_EXISTS']);
    expect((await api('PUT', `${c}/drafts/${d.body}/software/base-image`, { version: '8.0.3-0.0.24022510' })).status).toBe(204);
    expect((await api('PUT', `${c}/drafts/${d.body}/software/components/Intel-i40en`, '2.5.0.12-1OEM.800.1.0.20613240')).status).toBe(204);
    expect((await api('PATCH', `${c}/drafts/${d.body}/software/components`, { components_to_set: { 'Broadcom-bnxt': '1.0-1' } })).status).toBe(204);
    expect(Object.keys((await api('GET', `${c}/drafts/${d.body}/software/components`)).body).sort()).toEqual(['Broadcom-bnxt', 'Intel-i40en']);
    expect((await api('GET', `${c}/drafts/${d.body}/software/base-image`)).body.version).toBe('8.0.3-0.0.24022510');
    // Not committed yet.
    expect((await api('GET', c)).body.base_image.version).toBe('8.0.2-0.0.22380479');

    const task = await api('POST', `${c}/drafts/${d.body}?action=commit&vmw-task=true`, { message: 'upgrade' });
    expect(task.status).toBe(202);
    const info = await waitTask(task.body);
    expect(info.status).toBe('SUCCEEDED');
    expect(info.result).toBe('2');
    const now = (await api('GET', c)).body;
    expect(now.base_image.version).toBe('8.0.3-0.0.24022510');
    expect(Object.keys(now.components).sort()).toEqual(['Broadcom-bnxt', 'Intel-i40en']);
    expect((await api('GET', `${c}/components/Intel-i40en`)).body.version).toBe('2.5.0.12-1OEM.800.1.0.20613240');
    expect((await api('GET', `${c}/drafts/${d.body}/software/base-image`)).status).toBe(404); // the draft is gone
    expect((await api('POST', `${c}/drafts`)).status).toBe(201); // a new draft is allowed again
    expect((await api('POST', '/api/esx/settings/clusters/domain-c404/software/drafts')).status).toBe(404);
  });

  it('refuses a commit when another commit happened since the draft (hosts too)', async () => {
    const h = '/api/esx/settings/hosts/host-1064/software';
    const a = (await api('POST', `${h}/drafts`)).body;
    const devops = await call(mock.server, 'POST', '/api/session', {
      headers: { authorization: 'Basic ' + Buffer.from('devops@vsphere.local:Secret1!').toString('base64') },
    });
    const other = devops.body as string;
    expect((await api('POST', `${h}/drafts`)).body.error_type).toBe('ALREADY_EXISTS'); // one draft per user
    const b = (await call(mock.server, 'POST', `${h}/drafts`, { session: other })).body; // another user's draft
    expect(a).not.toBe(b);
    expect((await waitTask((await api('POST', `${h}/drafts/${a}?action=commit&vmw-task=true`, {})).body)).status).toBe('SUCCEEDED');
    const late = await waitTask((await call(mock.server, 'POST', `${h}/drafts/${b}?action=commit&vmw-task=true`, { session: other, body: {} })).body);
    expect([late.status, late.error.error_type]).toEqual(['FAILED', 'CONCURRENT_CHANGE']);
  });
});

describe('namespaces and trust authority reference each other', () => {
  it('needs a Supervisor for a namespace and refuses to disable it or delete a used library', async () => {
    // Start from a cluster without a Supervisor (the seed holds the one and the namespace the examples name).
    delete mock.server.state.rules.namespaces['demo-ns'];
    delete mock.server.state.rules.supervisors['domain-c1055'];
    const ns = { cluster: 'domain-c1055', namespace: 'team-a', vm_service_spec: { content_libraries: ['6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f'] } };
    const early = await api('POST', '/api/vcenter/namespaces/instances', ns);
    expect([early.status, early.body.error_type]).toEqual([400, 'NOT_ALLOWED_IN_CURRENT_STATE']);
    expect((await api('GET', '/api/vcenter/namespace-management/clusters/domain-c1055')).status).toBe(404);
    expect((await api('POST', '/api/vcenter/namespace-management/clusters/domain-c1055?action=enable', enableExample)).status).toBe(204);
    expect((await api('POST', '/api/vcenter/namespace-management/clusters/domain-c1055?action=enable', enableExample)).body.error_type).toBe(
      'ALREADY_IN_DESIRED_STATE',
    );
    // cluster-c's Supervisor is the seed's; cluster-a's the one just enabled.
    expect((await api('GET', '/api/vcenter/namespace-management/clusters')).body.map((c: any) => c.cluster).sort()).toEqual(['domain-c1055', 'domain-c1102']);
    expect((await api('GET', '/api/vcenter/namespace-management/clusters/domain-c1055')).body.config_status).toBe('RUNNING');
    expect((await api('POST', '/api/vcenter/namespaces/instances', { ...ns, vm_service_spec: { content_libraries: ['nope'] } })).status).toBe(404);
    expect((await api('POST', '/api/vcenter/namespaces/instances', { ...ns, cluster: 'domain-c404' })).status).toBe(404);
    expect((await api('POST', '/api/vcenter/namespaces/instances', ns)).status).toBe(204);
    expect((await api('POST', '/api/vcenter/namespaces/instances', ns)).body.error_type).toBe('ALREADY_EXISTS');
    expect((await api('GET', '/api/vcenter/namespaces/instances/team-a')).body.cluster).toBe('domain-c1055');

    const disable = await api('POST', '/api/vcenter/namespace-management/clusters/domain-c1055?action=disable');
    expect([disable.status, disable.body.error_type]).toEqual([400, 'RESOURCE_IN_USE']);
    const delLib = await api('DELETE', '/api/content/local-library/6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f');
    expect([delLib.status, delLib.body.error_type]).toEqual([400, 'RESOURCE_IN_USE']);

    expect((await api('DELETE', '/api/vcenter/namespaces/instances/team-a')).status).toBe(204);
    expect((await api('GET', '/api/vcenter/namespaces/instances/team-a')).status).toBe(404);
    expect((await api('POST', '/api/vcenter/namespace-management/clusters/domain-c1055?action=disable')).status).toBe(204);
    expect((await api('DELETE', '/api/content/local-library/6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f')).status).toBe(204);
    expect([...mock.server.state.libraryItems.values()].filter((i) => i.library === '6f2a1c54-1a2b-4c3d-8e9f-0a1b2c3d4e5f')).toEqual([]);
  });

  it('keeps KMS providers under an enabled trust-authority cluster', async () => {
    const ta = '/api/vcenter/trusted-infrastructure/trust-authority-clusters';
    const provider = {
      provider: 'kmip-1',
      master_key_id: 'mk-1',
      key_server: {
        type: 'KMIP',
        kmip_server: { servers: [{ name: 'kms-01', address: { hostname: 'kms-01.example.com', port: 5696 } }], username: 'vsphere' },
      },
    };
    const run = async (method: string, path: string, body?: unknown) =>
      waitTask((await api(method, `${path}${path.includes('?') ? '&' : '?'}vmw-task=true`, body)).body);
    // Start from a cluster without providers (the seed holds the one the examples name).
    delete mock.server.state.rules.kms_providers['domain-c1055/kmip-provider-1'];
    expect((await api('GET', ta)).body).toEqual([
      { cluster: 'domain-c1055', state: 'ENABLE' },
      { cluster: 'domain-c1101', state: 'DISABLE' },
      { cluster: 'domain-c1102', state: 'DISABLE' },
    ]);
    expect((await run('POST', `${ta}/domain-c1055/kms/providers`, provider)).status).toBe('SUCCEEDED');
    expect((await run('POST', `${ta}/domain-c1055/kms/providers`, provider)).error.error_type).toBe('ALREADY_EXISTS');
    expect((await run('GET', `${ta}/domain-c1055/kms/providers`)).result).toEqual([{ provider: 'kmip-1', health: 'OK' }]);
    expect((await run('GET', `${ta}/domain-c1055/kms/providers/kmip-1`)).result.master_key_id).toBe('mk-1');
    const refused = await run('PATCH', `${ta}/domain-c1055`, { state: 'DISABLE' });
    expect(refused.error.error_type).toBe('RESOURCE_IN_USE');
    expect((await run('DELETE', `${ta}/domain-c1055/kms/providers/kmip-1`)).status).toBe('SUCCEEDED');
    expect((await run('GET', `${ta}/domain-c1055/kms/providers/kmip-1`)).error.error_type).toBe('NOT_FOUND');
    expect((await run('PATCH', `${ta}/domain-c1055`, { state: 'DISABLE' })).status).toBe('SUCCEEDED');
    expect((await api('GET', `${ta}/domain-c1055`)).body.state).toBe('DISABLE');
    expect((await run('POST', `${ta}/domain-c1055/kms/providers`, provider)).error.error_type).toBe('NOT_ALLOWED_IN_CURRENT_STATE');
    expect((await run('POST', `${ta}/domain-c404/kms/providers`, provider)).error.error_type).toBe('NOT_FOUND');
  });
});

describe('tasks: BLOCKED and cancel', () => {
  it('parks a task in BLOCKED until released, through the programmatic API and the admin endpoint', async () => {
    mock.server.faults.add({ operation: 'vcenter.vm.clone', blockTask: true, times: 2 });
    const r = await api('POST', '/api/vcenter/vm?action=clone&vmw-task=true', { source: 'vm-1074', name: 'blocked-1' });
    const blocked = await waitTask(r.body, (s) => s === 'BLOCKED');
    expect(blocked.cancelable).toBe(true);
    await new Promise((res) => setTimeout(res, 150)); // longer than taskMs: still parked
    expect((await api('GET', `/api/cis/tasks/${r.body}`)).body.status).toBe('BLOCKED');
    expect(mock.server.state.vms.size).toBe(5);
    mock.server.core.tasks.release(r.body);
    const done = await waitTask(r.body);
    expect(done.status).toBe('SUCCEEDED');
    expect((await api('GET', `/api/vcenter/vm/${done.result}`)).body.name).toBe('blocked-1');

    const r2 = await api('POST', '/api/vcenter/vm?action=clone&vmw-task=true', { source: 'vm-1074', name: 'blocked-2' });
    await waitTask(r2.body, (s) => s === 'BLOCKED');
    expect((await call(mock.server, 'POST', `/__mock/tasks/${encodeURIComponent(r2.body)}?action=release`)).status).toBe(204);
    expect((await waitTask(r2.body)).status).toBe('SUCCEEDED');
    expect((await call(mock.server, 'POST', `/__mock/tasks/${encodeURIComponent(r2.body)}?action=release`)).status).toBe(400);
  });

  it('cancels an unsettled task: FAILED with CANCELED and the operation does not run', async () => {
    mock.server.faults.add({ operation: 'vcenter.vm.clone', blockTask: true });
    const r = await api('POST', '/api/vcenter/vm?action=clone&vmw-task=true', { source: 'vm-1074', name: 'never' });
    await waitTask(r.body, (s) => s === 'BLOCKED');
    // The API's own cancel operation (the admin endpoint does the same).
    expect((await api('POST', `/api/cis/tasks/${encodeURIComponent(r.body)}?action=cancel`)).status).toBe(204);
    const info = (await api('GET', `/api/cis/tasks/${r.body}`)).body;
    expect([info.status, info.error.error_type, info.cancelable]).toEqual(['FAILED', 'CANCELED', false]);
    expect([...mock.server.state.vms.values()].some((v) => v.name === 'never')).toBe(false);
    const again = await api('POST', `/api/cis/tasks/${encodeURIComponent(r.body)}?action=cancel`);
    expect([again.status, again.body.error_type]).toEqual([400, 'UNSUPPORTED']);
    expect((await call(mock.server, 'POST', `/__mock/tasks/${encodeURIComponent(r.body)}?action=cancel`)).body.error_type).toBe('UNSUPPORTED');
    // A running (not blocked) task can be canceled too.
    mock.server.faults.clear();
    const r2 = await api('POST', '/api/vcenter/vm?action=clone&vmw-task=true', { source: 'vm-1074', name: 'never-2' });
    mock.server.core.tasks.cancel(r2.body);
    await new Promise((res) => setTimeout(res, 100));
    expect((await api('GET', `/api/cis/tasks/${r2.body}`)).body.error.error_type).toBe('CANCELED');
    expect([...mock.server.state.vms.values()].some((v) => v.name === 'never-2')).toBe(false);
    expect((await call(mock.server, 'GET', '/__mock/tasks')).body.length).toBeGreaterThanOrEqual(2);
  });
});

describe('faults with times', () => {
  it('stay listed with remaining 0 once used up', async () => {
    const id = mock.server.faults.error('RESOURCE_BUSY', 'vcenter.host.list', { times: 1 });
    expect(mock.server.faults.list()).toEqual([expect.objectContaining({ id, remaining: 1, hits: 0 })]);
    expect((await api('GET', '/api/vcenter/host')).status).toBe(500);
    expect((await api('GET', '/api/vcenter/host')).status).toBe(200);
    expect(mock.server.faults.list()).toEqual([expect.objectContaining({ id, remaining: 0, hits: 1 })]);
    expect(mock.server.faults.active).toBe(false);
    expect((await call(mock.server, 'GET', '/__mock/faults')).body[0].remaining).toBe(0);
    expect(mock.server.faults.remove(id)).toBe(true);
    expect(mock.server.faults.list()).toEqual([]);
  });
});

describe('vmCount', () => {
  it('spreads synthetic VMs over folders, hosts and clusters, each under the 4,000 limit', async () => {
    const big = await start({ vmCount: 9000 });
    try {
      const id = await login(big);
      const get = (p: string) => call(big, 'GET', p, { session: id });
      expect((await get('/api/vcenter/vm')).body.error_type).toBe('UNABLE_TO_ALLOCATE_RESOURCE');
      const seen = { folders: new Set<string>(), hosts: new Set<string>(), clusters: new Set<string>() };
      for (const vm of big.state.vms.values()) {
        seen.folders.add(vm.folder);
        if (vm.host) seen.hosts.add(vm.host);
        if (vm.cluster) seen.clusters.add(vm.cluster);
      }
      expect(seen.folders.size).toBeGreaterThanOrEqual(6);
      expect(seen.clusters.size).toBeGreaterThanOrEqual(6);
      for (const [key, ids] of [
        ['folders', seen.folders],
        ['hosts', seen.hosts],
        ['clusters', seen.clusters],
      ] as const) {
        let total = 0;
        for (const x of ids) {
          const r = await get(`/api/vcenter/vm?${key}=${x}`);
          expect(r.status, `${key}=${x}`).toBe(200);
          total += r.body.length;
        }
        expect(total, key).toBe([...big.state.vms.values()].filter((v) => key === 'folders' || (key === 'hosts' ? v.host : v.cluster)).length);
      }
      // Every generated folder, host and cluster is listed like any other.
      const folders = (await get('/api/vcenter/folder?type=VIRTUAL_MACHINE')).body.map((f: any) => f.folder);
      expect(folders).toEqual(expect.arrayContaining([...seen.folders]));
      // ...and so is every cluster, including the seed's empty ones (cluster-b and cluster-c hold no VM).
      const clusters = (await get('/api/vcenter/cluster')).body.map((c: any) => c.cluster);
      expect(clusters).toEqual(expect.arrayContaining([...seen.clusters]));
      expect(clusters).toHaveLength(big.state.clusters.size);
    } finally {
      await big.close();
    }
  }, 60_000);
});

describe('VM list answers', () => {
  it('always follow the live state (API changes, direct changes, deletions, order, filters, reset)', async () => {
    const list = async (q = '') => {
      const r = await api('GET', `/api/vcenter/vm${q}`);
      expect(r.status).toBe(200);
      return r.body as { vm: string; name: string; power_state: string; cpu_count: number; memory_size_MiB: number }[];
    };
    const expected = (filter: (v: any) => boolean = () => true) =>
      [...mock.server.state.vms.values()]
        .filter(filter)
        .map((v) => ({ vm: v.id, name: v.name, power_state: v.power_state, cpu_count: v.cpu_count, memory_size_MiB: v.memory_size_MiB }));
    expect(await list()).toEqual(expected());
    expect(await list()).toEqual(expected());
    await api('POST', '/api/vcenter/vm/vm-1074/power?action=start');
    expect((await list()).find((v) => v.vm === 'vm-1074')!.power_state).toBe('POWERED_ON');
    expect(await list('?power_states=POWERED_OFF')).toEqual(expected((v) => v.power_state === 'POWERED_OFF'));
    // Changes made on the state directly, not through the API.
    const vm = mock.server.state.vms.get('vm-1072')!;
    vm.name = 'renamed';
    vm.memory_size_MiB = 1234;
    expect(await list()).toEqual(expected());
    expect(await list('?names=renamed')).toEqual(expected((v) => v.name === 'renamed'));
    const ids = [...mock.server.state.vms.keys()];
    const last = ids[ids.length - 1]!;
    mock.server.state.vms.delete(last);
    expect(await list()).toEqual(expected());
    const first = mock.server.state.vms.get(ids[0]!)!;
    mock.server.state.vms.delete(first.id);
    mock.server.state.vms.set(first.id, first); // same VMs, another order
    expect(await list()).toEqual(expected());
    mock.server.reset();
    expect(await list()).toEqual(expected());
    expect((await list()).some((v) => v.name === 'renamed')).toBe(false);
  });
});
