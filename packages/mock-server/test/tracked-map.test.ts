// What the journal sees: records reached through get/set/delete while a change is open, compared
// with their JSON from before; overlapping (asynchronous) changes each get what they changed.
import { describe, expect, it } from 'vitest';
import { Inventory } from '../src/state/inventory.js';

describe('change tracking', () => {
  const followed = (): Inventory => {
    const inv = Inventory.defaults();
    inv.tracker.enabled = true; // as when a journal follows the state
    return inv;
  };

  it('reports the records changed in place, set and deleted while a change is open, and nothing for reads', () => {
    const inv = followed();
    inv.vms.get('vm-1072')!.power_state = 'POWERED_OFF'; // no change open: not tracked (reads cost one branch)
    expect(inv.tracker.pending).toBe(false);
    inv.beginChange();
    inv.vms.get('vm-1073')!.power_state = 'POWERED_OFF';
    inv.vms.get('vm-1074'); // read only
    inv.vms.set('vm-9', { ...inv.vms.peek('vm-1074')!, id: 'vm-9' });
    inv.vms.delete('vm-1076');
    inv.family('/api/x').set('a', { x: 1 });
    const changes = inv.tracker.collect();
    expect(changes.map((c) => [c.collection, c.id, c.value === undefined ? 'deleted' : 'set'])).toEqual([
      ['vms', 'vm-1073', 'set'],
      ['vms', 'vm-9', 'set'],
      ['vms', 'vm-1076', 'deleted'],
      ['generic//api/x', 'a', 'set'],
    ]);
    inv.endChange();
    expect(inv.tracker.pending).toBe(false);
  });

  it('notes nothing when no journal follows the state (no --state), and forgets what an unjournaled change noted', () => {
    const inv = Inventory.defaults();
    inv.beginChange();
    inv.vms.get('vm-1072')!.name = 'x';
    expect(inv.tracker.pending).toBe(false);
    inv.endChange();
    inv.tracker.enabled = true;
    inv.beginChange();
    inv.vms.get('vm-1072')!.name = 'y';
    expect(inv.tracker.pending).toBe(true);
    inv.endChange(); // nobody collected (no onChange): dropped, not kept forever
    expect(inv.tracker.pending).toBe(false);
  });

  it('overlapping changes: a collect while another change is open sees later edits of the same record again', () => {
    const inv = followed();
    inv.beginChange(); // change A (awaiting something)
    const vm = inv.vms.get('vm-1072')!;
    vm.cpu_count = 8;
    inv.beginChange(); // change B answers first
    inv.hosts.get('host-1062')!.connection_state = 'DISCONNECTED';
    expect(inv.tracker.collect().map((c) => c.id)).toEqual(['vm-1072', 'host-1062']);
    inv.endChange();
    vm.cpu_count = 16; // A goes on with the reference it holds
    const last = inv.tracker.collect();
    expect(last.map((c) => [c.id, (c.value as { cpu_count?: number }).cpu_count])).toEqual([['vm-1072', 16]]);
    inv.endChange();
  });

  it('a change that fails half-way is still journaled when it ends', () => {
    const inv = followed();
    let journaled = 0;
    inv.onChange = () => {
      journaled += inv.tracker.collect().length;
    };
    inv.beginChange();
    inv.vms.get('vm-1072')!.name = 'half';
    inv.endChange(); // no changed() call: the behaviour threw
    expect(journaled).toBe(1);
  });
});
