import { dict } from '../../state/dict.js';
import type { SoftwareSpec } from '../../state/types.js';

/** A deep copy of a software spec whose components (keyed by component name) stay a null-prototype record. */
export function softwareSpecCopy(spec: SoftwareSpec): SoftwareSpec {
  return { ...structuredClone(spec), components: dict(spec.components) };
}
