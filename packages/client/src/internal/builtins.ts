/**
 * Node built-ins that only some calls need (gzip for SAML tokens, crypto for
 * PKCE and session cache names, fs for the cache file), loaded on first use so
 * that importing the client stays cheap.
 */
export const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');
export const nodeZlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');
export const nodeFs = (): typeof import('node:fs/promises') => process.getBuiltinModule('node:fs/promises');
export const nodeFsSync = (): typeof import('node:fs') => process.getBuiltinModule('node:fs');
