/**
 * On-demand modules. From source these are plain dynamic imports; build.mjs replaces this file
 * in the bundle: the client stays a dynamic import of code in the main bundle (initialized on
 * first use), YAML (and the client's undici) become separately bundled, packed code compiled the
 * first time it is needed, so start-up parses none of it.
 */
export const loadClientApi = (): Promise<typeof import('./client-api.js')> => import('./client-api.js');
export const loadYaml = (): Promise<typeof import('./yaml-api.js')> => import('./yaml-api.js');
