/**
 * The vSphere error vocabulary, as data: every `error_type` with the HTTP
 * status vCenter answers it with (generated from specs/common/errors.yaml),
 * the `/api` error body and its message stack, the legacy `/rest` form, and
 * how a message template is filled. The mock builds bodies from it; the
 * client's error classes (errors.ts) read them.
 */
import { ERROR_TYPE_STATUS, type VsphereErrorType } from './generated/error-types.gen.js';

export { VSPHERE_ERROR_TYPES, ERROR_TYPE_STATUS, type VsphereErrorType } from './generated/error-types.gen.js';

/** One entry of the vSphere `messages` stack. */
export interface VapiMessage {
  readonly id: string;
  readonly default_message: string;
  readonly args: readonly string[];
  readonly params?: Readonly<Record<string, unknown>>;
  readonly localized?: string;
}

/** The `/api` error body: `{ error_type, messages, data? }`. */
export interface VapiErrorBody {
  readonly error_type: VsphereErrorType;
  readonly messages: readonly VapiMessage[];
  readonly data?: unknown;
}

/** `type` of a `/rest` error body is this prefix plus the error type in lower case. */
export const REST_ERROR_PREFIX = 'com.vmware.vapi.std.errors.';

/** The legacy `/rest` error body: `{ type: 'com.vmware.vapi.std.errors.not_found', value: { messages, data? } }`. */
export interface RestErrorBody {
  readonly type: string;
  readonly value: { readonly messages: readonly VapiMessage[]; readonly data?: unknown };
}

export function isVsphereErrorType(value: unknown): value is VsphereErrorType {
  return typeof value === 'string' && Object.hasOwn(ERROR_TYPE_STATUS, value);
}

/** The `/rest` twin of an `/api` error body. */
export function restErrorBody(body: VapiErrorBody): RestErrorBody {
  return {
    type: `${REST_ERROR_PREFIX}${body.error_type.toLowerCase()}`,
    value: { messages: body.messages, ...(body.data !== undefined ? { data: body.data } : {}) },
  };
}

/** The error type a `/rest` `type` names (`NOT_FOUND`), or undefined when it is not a vAPI standard error. */
export function errorTypeOfRestType(type: string): string | undefined {
  return type.startsWith(REST_ERROR_PREFIX) ? type.slice(REST_ERROR_PREFIX.length).toUpperCase() : undefined;
}

/** How a message stack reads as one line (the client's errors and the CLI's error output): innermost cause last. */
export function joinVapiMessages(messages: readonly string[]): string {
  return messages.join(' ← ');
}

/** Fills `{0}`-style positional and `{name}`-style named arguments of a message template. */
export function formatVapiMessage(message: Partial<VapiMessage>): string {
  const template = typeof message.default_message === 'string' ? message.default_message : (message.id ?? '');
  const args = Array.isArray(message.args) ? message.args : [];
  const params = message.params && typeof message.params === 'object' ? message.params : {};
  return template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, key: string) => {
    if (/^\d+$/.test(key)) {
      const v = args[Number(key)];
      return v === undefined ? whole : String(v);
    }
    const p = Object.hasOwn(params, key) ? (params as Record<string, unknown>)[key] : undefined;
    if (p && typeof p === 'object') {
      const o = p as Record<string, unknown>;
      for (const f of ['s', 'i', 'd', 'dt']) if (o[f] !== undefined) return String(o[f]);
      if (o.l && typeof o.l === 'object') return String((o.l as { id?: unknown }).id ?? whole);
    }
    return whole;
  });
}
