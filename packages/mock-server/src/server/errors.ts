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

/**
 * Whether VapiErrors capture a stack trace (process-wide; off unless a server runs with
 * `errorStacks`). An error answer is an ordinary outcome, not a fault of the mock: capturing
 * its stack cost as much CPU as building and sending the whole answer.
 */
let stackUsers = 0;

/** Turns stack capture of VapiErrors on (debug mode) for as long as one caller keeps it on. */
export function captureErrorStacks(on: boolean): void {
  stackUsers = Math.max(0, stackUsers + (on ? 1 : -1));
}

/** The vSphere error body, built directly (the pipeline's own refusals need no Error at all). */
export function vapiErrorBody(
  errorType: ErrorType,
  message: string,
  args: readonly string[] = [],
  messageId = defaultMessageId(errorType),
  data?: unknown,
): VapiErrorBody {
  return {
    error_type: errorType,
    messages: [{ id: messageId, default_message: message, args: args.map(String) }],
    ...(data !== undefined ? { data } : {}),
  };
}

/** Throw from a behaviour to answer with a vSphere error. It has no stack trace unless stacks are captured (debug mode). */
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
    const limit = Error.stackTraceLimit;
    if (stackUsers === 0) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.status = status ?? ERROR_STATUS[errorType];
  }

  toBody(): VapiErrorBody {
    return vapiErrorBody(this.errorType, this.message, this.args, this.messageId, this.data);
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
