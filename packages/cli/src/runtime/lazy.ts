/**
 * On-demand modules. From source these are plain dynamic imports; build.mjs
 * replaces this file in the bundle with loaders that compile an embedded,
 * separately bundled copy of each module the first time it is needed, so
 * start-up parses none of it.
 */
export const loadClientApi = (): Promise<typeof import('./client-api.js')> => import('./client-api.js');
export const loadYaml = (): Promise<typeof import('./yaml-api.js')> => import('./yaml-api.js');
