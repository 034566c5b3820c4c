/**
 * Node built-ins that only some calls need (gzip for SAML tokens, crypto for
 * PKCE), loaded on first use so that importing a core module stays cheap.
 */
export const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');
export const nodeZlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');
