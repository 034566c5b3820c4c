// The replay's model of the vmware_rest modules (test/ansible/modules.ts): the payload an update module
// sends, the templates that read registered results, and the matching of expectations.
import { describe, expect, it } from 'vitest';
import { a, asIncluded, changedFields, containing, ExampleFailure, fillBody, fillPath, isSubset, mismatch } from './ansible/modules.js';

describe('Ansible replay: module model', () => {
  it('an update sends only the fields and sub-fields that differ, nothing when all match', () => {
    const current = { count: 2, hot_add_enabled: false, shares: { level: 'NORMAL', shares: 1000 } };
    expect(changedFields({ count: 1 }, current)).toEqual({ count: 1 });
    expect(changedFields({ count: 2, hot_add_enabled: false }, current)).toEqual({});
    expect(changedFields({ shares: { level: 'HIGH', shares: 1000 } }, current)).toEqual({ shares: { level: 'HIGH' } });
    expect(changedFields({ shares: { level: 'NORMAL' } }, current)).toEqual({});
    // A field the current state lacks is sent; lists are compared whole.
    expect(changedFields({ devices: [{ type: 'CDROM' }] }, { devices: [] })).toEqual({ devices: [{ type: 'CDROM' }] });
    expect(changedFields({ name: 'x' }, 'a string answer')).toEqual({ name: 'x' });
  });

  it('templates read registered results; a missing one names what it needed', () => {
    const vars = { test_vm1_info: { id: 'vm-1', value: { name: 'a b' } }, net: { value: [{ network: 'dvportgroup-9' }] } };
    expect(fillPath('/api/vcenter/vm/{test_vm1_info.id}/x/{test_vm1_info.value.name}', vars)).toBe('/api/vcenter/vm/vm-1/x/a%20b');
    expect(fillBody({ backing: { network: '{net.value.0.network}' }, n: 4, keep: 'text {not a template' }, vars)).toEqual({
      backing: { network: 'dvportgroup-9' },
      n: 4,
      keep: 'text {not a template',
    });
    expect(fillBody({ '{test_vm1_info.id}': { type: 'X' } }, vars)).toEqual({ 'vm-1': { type: 'X' } });
    let failure: unknown;
    try {
      fillPath('/api/vcenter/vm/{my_vm.id}', vars);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(ExampleFailure);
    expect((failure as ExampleFailure).missing).toBe('my_vm');
  });

  it('expectations match subsets, lists item by item, and typed wildcards', () => {
    expect(isSubset({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(isSubset({ a: 1 }, { a: 2 })).toBe(false);
    expect(isSubset([{ name: 'x' }], [{ name: 'x', id: 1 }])).toBe(true);
    expect(isSubset([{ name: 'x' }], [{ name: 'x' }, { name: 'y' }])).toBe(false);
    expect(isSubset({ run_state: a('string') }, { run_state: 'RUNNING' })).toBe(true);
    expect(isSubset({ run_state: a('string') }, { run_state: 3 })).toBe(false);
    expect(isSubset({ a: { b: 1 } }, { a: null })).toBe(false);
    expect(isSubset(containing(['a.com', 'b.com']), ['b.com', 'localhost', 'a.com'])).toBe(true);
    expect(isSubset(containing(['a.com']), ['b.com'])).toBe(false);
    expect(isSubset(asIncluded({ servers: ['a.com'] }), { servers: ['a.com', 'localhost'] })).toBe(true);
    expect(mismatch(containing(['a.com']), ['b.com'])).toBe('(the value): want {"$includes":["a.com"]}, got ["b.com"]');
  });

  it('a failed expectation names the first field that differs', () => {
    expect(mismatch({ name: 'vm', memory: { hot_add_enabled: true } }, { name: 'vm', memory: { hot_add_enabled: false, size_MiB: 1 } })).toBe(
      'memory.hot_add_enabled: want true, got false',
    );
    expect(mismatch([{ label: 'Hard disk 1' }], [])).toBe('(the value): want 1 item(s), got 0');
    expect(mismatch({ state: 'POWERED_ON' }, { state: 'POWERED_ON' })).toBeUndefined();
    expect(mismatch({ power: { state: 'ON' } }, {})).toBe('power: want {"state":"ON"}, got nothing');
  });
});
