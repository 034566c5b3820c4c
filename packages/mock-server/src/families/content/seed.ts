/** Seed checks of content libraries and their items. */
import type { ContentLibraryModelLibraryType } from '@vsphere-kit/core/api-types';
import { enumValues, N, OPT, S, type SeedRules } from '../../state/seed-rules.js';

const LIBRARY_TYPES = enumValues<ContentLibraryModelLibraryType>({ LOCAL: true, SUBSCRIBED: true });

export const contentSeedRules: SeedRules = {
  libraries: {
    id: S(),
    name: S(),
    type: S({ enum: LIBRARY_TYPES }),
    description: OPT('string'),
    datastore: OPT('string', { ref: ['datastores'] }),
    creation_time: S(),
    last_modified_time: OPT('string'),
    spec: OPT('object'),
  },
  library_items: {
    id: S(),
    library: S({ ref: ['libraries'] }),
    name: S(),
    type: S(),
    description: OPT('string'),
    size: N(),
    creation_time: S(),
    last_modified_time: OPT('string'),
    content_version: OPT('string'),
    files: OPT('array'),
    vm_template: OPT('string', { ref: ['templates'] }),
  },
};
