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

/**
 * A vSphere error answer as a value: a behaviour returns it (`return notFound(...)`) and the
 * pipeline sends it, with no Error built and no stack unwound (a throw cost as much CPU as the
 * whole answer). A helper deep inside a behaviour that cannot return it may throw it; the pipeline
 * and the task runner take a thrown ErrorAnswer as they take a VapiError (errorAnswerOf).
 */
export class ErrorAnswer {
  readonly status: number;
  /** Where the answer was made: only in debug mode (captureErrorStacks), for the log. */
  readonly stack: string | undefined;
  constructor(
    readonly errorType: ErrorType,
    readonly message: string,
    readonly args: readonly string[] = [],
    readonly messageId: string = defaultMessageId(errorType),
    status?: number,
    readonly data?: unknown,
  ) {
    this.status = status ?? ERROR_STATUS[errorType];
    this.stack = stackUsers === 0 ? undefined : new Error(message).stack;
  }

  toBody(): VapiErrorBody {
    return vapiErrorBody(this.errorType, this.message, this.args, this.messageId, this.data);
  }

  /**
   * `JSON.stringify(this.toBody())`, written out directly: no body object to build and walk
   * (an error answer is as common as an answer and should cost no more).
   */
  toJson(): string {
    const message = `{"id":${JSON.stringify(this.messageId)},"default_message":${JSON.stringify(this.message)},"args":${JSON.stringify(this.args.map(String))}}`;
    const data = this.data === undefined ? '' : `,"data":${JSON.stringify(this.data)}`;
    return `{"error_type":${JSON.stringify(this.errorType)},"messages":[${message}]${data}}`;
  }

  /** The legacy /rest form: `{ type: 'com.vmware.vapi.std.errors.<snake>', value: { messages, data? } }`. */
  toRestBody(): RestErrorBody {
    return restErrorBody(this.toBody());
  }
}

/** True when a behaviour's result (or a helper's) is an error answer to pass on. */
export const isErrorAnswer = (value: unknown): value is ErrorAnswer => value instanceof ErrorAnswer;

/** What `answer` makes of `value`, or `value` itself when it is an error answer (a lookup that found nothing). */
export function unlessRefused<T, R>(value: T | ErrorAnswer, answer: (found: T) => R): R | ErrorAnswer {
  return value instanceof ErrorAnswer ? value : answer(value);
}

/**
 * An error answer as an Error, for what must throw (injected faults, promise rejections): the
 * answer itself is an ErrorAnswer (`answer`), which this only carries. It has no stack trace unless
 * stacks are captured (debug mode).
 */
export class VapiError extends Error {
  readonly answer: ErrorAnswer;
  constructor(errorType: ErrorType, message: string, args: readonly string[] = [], messageId?: string, status?: number, data?: unknown) {
    const limit = Error.stackTraceLimit;
    if (stackUsers === 0) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.answer = new ErrorAnswer(errorType, message, args, messageId, status, data);
  }

  get errorType(): ErrorType {
    return this.answer.errorType;
  }
  get status(): number {
    return this.answer.status;
  }
  get args(): readonly string[] {
    return this.answer.args;
  }
  get messageId(): string {
    return this.answer.messageId;
  }
  get data(): unknown {
    return this.answer.data;
  }

  toBody(): VapiErrorBody {
    return this.answer.toBody();
  }

  /** The legacy /rest form (the answer's). */
  toRestBody(): RestErrorBody {
    return this.answer.toRestBody();
  }
}

/** The vSphere error a caught value stands for (a thrown ErrorAnswer, or a VapiError's); undefined for any other fault. */
export function errorAnswerOf(err: unknown): ErrorAnswer | undefined {
  return err instanceof ErrorAnswer ? err : err instanceof VapiError ? err.answer : undefined;
}

function defaultMessageId(type: ErrorType): string {
  return `vapi.std.errors.${type.toLowerCase()}`;
}

export const notFound = (kind: string, id: string, idKey = 'com.vmware.api.vcenter.not_found') =>
  new ErrorAnswer('NOT_FOUND', `${kind} with identifier '${id}' does not exist.`, [id], idKey);

export const invalidArgument = (message: string, args: readonly string[] = [], id = 'vapi.std.errors.invalid_argument') =>
  new ErrorAnswer('INVALID_ARGUMENT', message, args, id);

export const alreadyExists = (message: string, args: readonly string[], id: string) => new ErrorAnswer('ALREADY_EXISTS', message, args, id);
