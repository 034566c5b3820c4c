/** vSphere standard errors: `{ error_type, messages: [{ id, default_message, args }], data? }`. */

import { ERROR_TYPE_STATUS, type VsphereErrorType } from '../generated/error-types.gen.js';

// The error types and their HTTP statuses come from specs/common/errors.yaml.
export type ErrorType = VsphereErrorType;

/** The HTTP status vCenter uses for each error type. */
export const ERROR_STATUS: Readonly<Record<ErrorType, number>> = ERROR_TYPE_STATUS;

export const ERROR_TYPES = Object.keys(ERROR_STATUS) as ErrorType[];

export function isErrorType(v: unknown): v is ErrorType {
  return typeof v === 'string' && Object.hasOwn(ERROR_STATUS, v);
}

export interface VapiMessage {
  id: string;
  default_message: string;
  args: string[];
}

export interface VapiErrorBody {
  error_type: ErrorType;
  messages: VapiMessage[];
  data?: unknown;
}

/** Throw from a behaviour to answer with a vSphere error. */
export class VapiError extends Error {
  readonly status: number;
  constructor(
    readonly errorType: ErrorType,
    message: string,
    readonly args: string[] = [],
    readonly messageId: string = defaultMessageId(errorType),
    status?: number,
    readonly data?: unknown,
  ) {
    super(message);
    this.status = status ?? ERROR_STATUS[errorType];
  }

  toBody(): VapiErrorBody {
    const body: VapiErrorBody = {
      error_type: this.errorType,
      messages: [{ id: this.messageId, default_message: this.message, args: this.args.map(String) }],
    };
    if (this.data !== undefined) body.data = this.data;
    return body;
  }

  /** The legacy /rest form: `{ type: 'com.vmware.vapi.std.errors.<snake>', value: { messages, data? } }`. */
  toRestBody(): RestErrorBody {
    return restErrorBody(this.toBody());
  }
}

export interface RestErrorBody {
  type: string;
  value: { messages: VapiMessage[]; data?: unknown };
}

/** Converts an /api error body into its /rest twin (also used for task errors read through /rest). */
export function restErrorBody(body: VapiErrorBody): RestErrorBody {
  return {
    type: `com.vmware.vapi.std.errors.${body.error_type.toLowerCase()}`,
    value: { messages: body.messages, ...(body.data !== undefined ? { data: body.data } : {}) },
  };
}

function defaultMessageId(type: ErrorType): string {
  return `vapi.std.errors.${type.toLowerCase()}`;
}

export const notFound = (kind: string, id: string, idKey = 'com.vmware.api.vcenter.not_found') =>
  new VapiError('NOT_FOUND', `${kind} with identifier '${id}' does not exist.`, [id], idKey);

export const invalidArgument = (message: string, args: string[] = [], id = 'vapi.std.errors.invalid_argument') =>
  new VapiError('INVALID_ARGUMENT', message, args, id);
