/** vSphere standard errors: `{ error_type, messages: [{ id, default_message, args }], data? }`. */

import {
  ERROR_TYPE_STATUS,
  isVsphereErrorType,
  restErrorBody,
  type RestErrorBody,
  type VapiErrorBody,
  type VapiMessage,
  type VsphereErrorType,
} from '@vsphere-kit/core/error-types';

// The error types, their HTTP statuses and the body shapes are the shared ones of @vsphere-kit/core.
export type ErrorType = VsphereErrorType;
export type { RestErrorBody, VapiErrorBody, VapiMessage };
export { restErrorBody };

/** The HTTP status vCenter uses for each error type. */
export const ERROR_STATUS: Readonly<Record<ErrorType, number>> = ERROR_TYPE_STATUS;

export const ERROR_TYPES = Object.keys(ERROR_STATUS) as ErrorType[];

export const isErrorType = isVsphereErrorType;

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
    return {
      error_type: this.errorType,
      messages: [{ id: this.messageId, default_message: this.message, args: this.args.map(String) }],
      ...(this.data !== undefined ? { data: this.data } : {}),
    };
  }

  /** The legacy /rest form: `{ type: 'com.vmware.vapi.std.errors.<snake>', value: { messages, data? } }`. */
  toRestBody(): RestErrorBody {
    return restErrorBody(this.toBody());
  }
}

function defaultMessageId(type: ErrorType): string {
  return `vapi.std.errors.${type.toLowerCase()}`;
}

export const notFound = (kind: string, id: string, idKey = 'com.vmware.api.vcenter.not_found') =>
  new VapiError('NOT_FOUND', `${kind} with identifier '${id}' does not exist.`, [id], idKey);

export const invalidArgument = (message: string, args: string[] = [], id = 'vapi.std.errors.invalid_argument') =>
  new VapiError('INVALID_ARGUMENT', message, args, id);
