/** Named customization specs (`/api/vcenter/guest/customization-specs`, kept by the generic CRUD behaviour) as a guest customization names them. */
import type { Inventory } from '../../state/inventory.js';
import { notFound } from '../../server/errors.js';
import type { CustomizationSpec } from './customization.js';

/** Where the generic behaviour keeps the collection (its path) and how it stores an item. */
const COLLECTION = '/api/vcenter/guest/customization-specs';

interface StoredSpec {
  id: string;
  /** The create body: `{ name, description, spec }`, or after a set `{ spec: { name, description, spec } }`. */
  spec: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The customization spec stored under `name`, or NOT_FOUND. */
export function namedCustomizationSpec(state: Inventory, name: string): CustomizationSpec {
  const stored = state.family(COLLECTION).get(name) as StoredSpec | undefined;
  // The stored body holds the spec one or two levels down, depending on create or set.
  let node: unknown = stored?.spec;
  for (let depth = 0; depth < 3 && isObject(node); depth++) {
    if (isObject(node.configuration_spec)) return node as CustomizationSpec;
    node = node.spec;
  }
  throw notFound('Customization spec', name, 'com.vmware.api.vcenter.guest.customization_specs.not_found');
}
