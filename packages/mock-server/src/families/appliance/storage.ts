/**
 * The appliance's storage: one partition per virtual disk, as an 8.0 appliance lays its
 * disks out. A disk grown in the seed
 * (`disk_size_mib` above `size_mib`) is taken up by `resize`; `resize-ex` says what changed.
 */
import type { HandlerTable } from '../../behaviours/types.js';
import type { Inventory } from '../../state/inventory.js';
import { section, writeSection } from './config.js';

/** Grows every partition to its disk and answers each partition's sizes before and after, in MiB. */
function resize(s: Inventory): Record<string, { old_size: number; new_size: number }> {
  const { partitions } = section(s, 'storage');
  const changes: Record<string, { old_size: number; new_size: number }> = {};
  const grown = partitions.map((p) => {
    const size = Math.max(p.size_mib, p.disk_size_mib);
    changes[p.partition] = { old_size: p.size_mib, new_size: size };
    return { ...p, size_mib: size };
  });
  writeSection(s, 'storage', { partitions: grown });
  return changes;
}

export const storageHandlers: HandlerTable = {
  'GET /api/appliance/system/storage': ({ state }) => ({
    body: section(state, 'storage').partitions.map((p) => ({
      disk: p.disk,
      partition: p.partition,
      description: { id: `com.vmware.appliance.system.storage.${p.partition}`, default_message: `Partition ${p.partition} (${p.size_mib} MiB)`, args: [] },
    })),
  }),
  'POST /api/appliance/system/storage?action=resize': ({ state }) => {
    resize(state);
  },
  'POST /api/appliance/system/storage?action=resize-ex': ({ state }) => ({ body: resize(state) }),
};
