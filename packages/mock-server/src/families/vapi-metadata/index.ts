import type { MockFamily } from '../family.js';

/** vapi metadata (/api/vapi/metadata), answered from the metamodel of the API the mock serves. */
export const vapiMetadataFamily = {
  name: 'vapi-metadata',
  handlers: {},
} satisfies MockFamily;
