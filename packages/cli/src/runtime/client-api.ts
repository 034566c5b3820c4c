/**
 * The parts of @vsphere-kit/client the CLI uses. Loaded through `lazy.ts`:
 * the bundle keeps this (with undici) as a compiled-on-demand string, so
 * commands that never talk to a server (help, completion) never parse it.
 */
export {
  VsphereCore,
  NodeHttpDispatcher,
  OAuthError,
  createAuthorizationRequest,
  createFederatedAuthenticator,
  discoverOidc,
  formatThumbprint,
  normalizeThumbprint,
  parseAuthorizationResponse,
  tokenRequest,
  deviceAuthorizationRequest,
  resolveObject,
  isObjectKind,
  looksLikeId,
  AmbiguousObjectError,
  ObjectNotFoundError,
  INVENTORY_PATH_LAYOUT,
  listAll,
  OBJECT_KINDS,
} from '@vsphere-kit/client';
