/** vSphere standard errors: `{ error_type, messages: [{ id, default_message, args }], data? }`. */

export type ErrorType =
  | 'ALREADY_EXISTS' | 'ALREADY_IN_DESIRED_STATE' | 'CANCELED' | 'CONCURRENT_CHANGE' | 'ERROR'
  | 'FEATURE_IN_USE' | 'INTERNAL_SERVER_ERROR' | 'INVALID_ARGUMENT' | 'INVALID_ELEMENT_CONFIGURATION'
  | 'INVALID_ELEMENT_TYPE' | 'INVALID_REQUEST' | 'NOT_ALLOWED_IN_CURRENT_STATE' | 'NOT_FOUND'
  | 'OPERATION_NOT_FOUND' | 'RESOURCE_BUSY' | 'RESOURCE_INACCESSIBLE' | 'RESOURCE_IN_USE'
  | 'SERVICE_UNAVAILABLE' | 'TIMED_OUT' | 'UNABLE_TO_ALLOCATE_RESOURCE' | 'UNAUTHENTICATED'
  | 'UNAUTHORIZED' | 'UNEXPECTED_INPUT' | 'UNSUPPORTED' | 'UNVERIFIED_PEER';

/** The HTTP status vCenter uses for each error type. */
export const ERROR_STATUS: Readonly<Record<ErrorType, number>> = {
  ALREADY_EXISTS: 400,
  ALREADY_IN_DESIRED_STATE: 400,
  CANCELED: 500,
  CONCURRENT_CHANGE: 409,
  ERROR: 500,
  FEATURE_IN_USE: 400,
  INTERNAL_SERVER_ERROR: 500,
  INVALID_ARGUMENT: 400,
  INVALID_ELEMENT_CONFIGURATION: 400,
  INVALID_ELEMENT_TYPE: 400,
  INVALID_REQUEST: 400,
  NOT_ALLOWED_IN_CURRENT_STATE: 400,
  NOT_FOUND: 404,
  OPERATION_NOT_FOUND: 404,
  RESOURCE_BUSY: 500,
  RESOURCE_INACCESSIBLE: 500,
  RESOURCE_IN_USE: 400,
  SERVICE_UNAVAILABLE: 503,
  TIMED_OUT: 500,
  UNABLE_TO_ALLOCATE_RESOURCE: 500,
  UNAUTHENTICATED: 401,
  UNAUTHORIZED: 403,
  UNEXPECTED_INPUT: 400,
  UNSUPPORTED: 400,
  UNVERIFIED_PEER: 500,
};

export const ERROR_TYPES = Object.keys(ERROR_STATUS) as ErrorType[];

export function isErrorType(v: unknown): v is ErrorType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, v);
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
