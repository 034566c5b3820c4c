/**
 * Node built-ins that only some calls need (gzip for SAML tokens, crypto for
 * PKCE, fs for the session cache file), loaded on first use so
 * that importing the client stays cheap.
 */
export const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');
export const nodeZlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');
export const nodeFsSync = (): typeof import('node:fs') => process.getBuiltinModule('node:fs');
