// Every hand-written behaviour is reachable: its key names an operation of the specs. The
// compiler refuses a misspelt key in a family's table (HandlerTable is keyed by the
// generated RouteKey union; the @ts-expect-error below fails `tsc` if that ever stops);
// this test covers what the compiler cannot see (a key cast or built from plain strings).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { HandlerTable } from '../src/behaviours/types.js';
import { behaviourTable, FAMILIES } from '../src/families/index.js';
import { routeKey } from '@vsphere-kit/core/route';
import type { MockRouteDef } from '../src/server/route-types.js';

const routes = (createRequire(import.meta.url)('../src/generated/routes.gen.json') as { routes: MockRouteDef[] }).routes;
const operationKeys = new Set(routes.map(routeKey));

describe('behaviour keys', () => {
  it('every key of every family names an operation of the specs', () => {
    expect(FAMILIES.length).toBeGreaterThan(0);
    const dead = FAMILIES.flatMap((f) =>
      Object.keys(f.handlers)
        .filter((k) => !operationKeys.has(k))
        .map((k) => `${f.name}: ${k}`),
    );
    expect(dead).toEqual([]);
  });

  it('no two families define a behaviour for the same operation', () => {
    const total = FAMILIES.reduce((n, f) => n + Object.keys(f.handlers).length, 0);
    expect(Object.keys(behaviourTable())).toHaveLength(total);
  });

  it('the route-key formula is the one the /rest ~action keys use too', () => {
    // Both spellings of an action key are in the table; neither may collapse into the other.
    expect(operationKeys.has('POST /rest/com/vmware/cis/tagging/tag-association/id:{tag_id}?~action=attach')).toBe(true);
    expect(Object.keys(behaviourTable())).toContain('POST /rest/com/vmware/cis/tagging/tag-association/id:{tag_id}?~action=attach');
  });

  it('a misspelt key does not compile', () => {
    const table: HandlerTable = {
      // @ts-expect-error -- 'vms' is not an operation of the specs ('vm' is).
      'GET /api/vcenter/vms': () => ({ body: [] }),
    };
    expect(Object.keys(table)).toEqual(['GET /api/vcenter/vms']);
  });

  it('a misspelt path parameter does not compile', () => {
    const table: HandlerTable = {
      'GET /api/vcenter/vm/{vm}': ({ params }) => ({
        // @ts-expect-error -- the operation's path parameter is 'vm'.
        body: params.vm_id,
      }),
    };
    expect(Object.keys(table)).toEqual(['GET /api/vcenter/vm/{vm}']);
  });

  it('a misspelt query parameter does not compile', () => {
    const table: HandlerTable = {
      'GET /api/vcenter/vm': ({ query }) => ({
        // @ts-expect-error -- the operation's filter is 'power_states'.
        body: query.power_state,
      }),
    };
    expect(Object.keys(table)).toEqual(['GET /api/vcenter/vm']);
  });
});
