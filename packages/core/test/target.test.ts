import { describe, expect, it } from 'vitest';
import { routeKey, type RouteDef } from '../src/route.js';
import { assertOriginForm, buildTarget, formEncode } from '../src/target.js';

const power: RouteDef = {
  id: 'vcenter.vm.power.start',
  method: 'POST',
  path: '/api/vcenter/vm/{vm}/power',
  action: 'start',
  actionKey: 'action',
  pathParams: ['vm'],
  queryParams: [],
  successStatus: 204,
  responseBody: false,
  rest: false,
  auth: 'session',
};

const list: RouteDef = {
  id: 'vcenter.vm.list',
  method: 'GET',
  path: '/api/vcenter/vm',
  pathParams: [],
  queryParams: [
    { name: 'names', required: false, array: true, type: 'string' },
    { name: 'power_states', required: false, array: true, type: 'string' },
  ],
  successStatus: 200,
  responseBody: true,
  rest: false,
  auth: 'session',
};

describe('URL building', () => {
  it('puts the action first and encodes path parameters', () => {
    expect(buildTarget(power, { path: { vm: 'vm-42' } })).toBe('/api/vcenter/vm/vm-42/power?action=start');
    expect(buildTarget(power, { path: { vm: 'a/b c?d' } })).toBe('/api/vcenter/vm/a%2Fb%20c%3Fd/power?action=start');
  });

  it('explodes arrays, keeps declared order, appends undeclared keys and skips undefined', () => {
    const t = buildTarget(list, { query: { power_states: ['POWERED_ON', 'SUSPENDED'], names: ['web 01', 'db&1'], extra: 1, none: undefined } });
    expect(t).toBe('/api/vcenter/vm?names=web%2001&names=db%261&power_states=POWERED_ON&power_states=SUSPENDED&extra=1');
  });

  it('adds vmw-task=true last for task calls, after the action and the query', () => {
    const route: RouteDef = {
      ...power,
      id: 'vcenter.vm.clone',
      path: '/api/vcenter/vm',
      action: 'clone',
      pathParams: [],
      queryParams: [{ name: 'x', required: false, array: false, type: 'string' }],
    };
    expect(buildTarget(route, { query: { x: 'y' } }, true)).toBe('/api/vcenter/vm?action=clone&x=y&vmw-task=true');
  });

  it('uses ~action on /rest routes that declare it', () => {
    const rest: RouteDef = {
      ...power,
      id: 'rest.appliance.update.pending.stage',
      path: '/rest/appliance/update/pending/{version}',
      action: 'stage',
      actionKey: '~action',
      pathParams: ['version'],
      rest: true,
    };
    expect(buildTarget(rest, { path: { version: '8.0.2.1' } })).toBe('/rest/appliance/update/pending/8.0.2.1?~action=stage');
    expect(routeKey(rest)).toBe('POST /rest/appliance/update/pending/{version}?~action=stage');
  });

  it('flattens object query values and refuses missing path parameters', () => {
    expect(buildTarget(list, { query: { filter: { names: ['a', 'b'], type: 'X' } } })).toBe('/api/vcenter/vm?filter.names=a&filter.names=b&filter.type=X');
    expect(() => buildTarget(power, { path: {} })).toThrow(/path parameter "vm" is required/);
  });

  it('form-encodes bodies with repeated keys for arrays', () => {
    expect(formEncode({ grant_type: 'a:b', scope: ['openid', 'profile'], skip: undefined })).toBe('grant_type=a%3Ab&scope=openid&scope=profile');
  });
});

describe('origin-form check and dry-run placeholders', () => {
  it('accepts paths and queries, refuses anything that could leave the server', () => {
    for (const ok of ['/', '/api/vcenter/vm?names=a%20b&x=1', '/rest/com/vmware/cis/tagging/tag/id:urn%3Avmomi'])
      expect(() => assertOriginForm(ok), ok).not.toThrow();
    for (const bad of ['//evil/x', '/\\evil/x', 'https://evil/x', 'api/x', '/a\tb', '/é', '/x#y']) {
      expect(() => assertOriginForm(bad), bad).toThrow(/is not an origin-form path/);
    }
  });

  it('a dry run shows a missing path parameter as its placeholder; a call refuses it', () => {
    expect(buildTarget(power, { path: {} }, false, { placeholders: true })).toBe('/api/vcenter/vm/{vm}/power?action=start');
    expect(() => buildTarget(power, { path: {} })).toThrow(/path parameter "vm" is required/);
  });
});
