/**
 * The parts of @vsphere-kit/client the CLI uses. Loaded through `lazy.ts`, so commands that
 * never talk to a server (help, completion) never run it; undici, which only federated logins
 * use, stays a separate bundle compiled on demand (build.mjs).
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
