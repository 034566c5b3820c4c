import type { MockFamily } from '../family.js';
import { vapiMetadataHandlers } from './handlers.js';

/** vapi metadata (/api/vapi/metadata), answered from the metamodel of the API the mock serves. */
export const vapiMetadataFamily = {
  name: 'vapi-metadata',
  handlers: vapiMetadataHandlers,
} satisfies MockFamily;
