/** A mistake in how the command was called: printed without a stack, exit 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure that is not the caller's usage (config, connection, task outcome): exit 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
