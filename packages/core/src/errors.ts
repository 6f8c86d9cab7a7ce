/** Every failure the library reports carries one of these codes, so callers can branch without parsing text. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LOCKED'
  | 'LOCK_LOST'
  | 'CREDENTIALS_EXPIRED'
  | 'TIMEOUT'
  | 'UNHEALTHY'
  | 'ALARM'
  | 'ABORTED'
  | 'AWS'
  | 'VERIFY_FAILED'
  | 'DOWNLOAD_FAILED'
  | 'PACKER_FAILED'
  | 'INTERNAL';

export class ImmutableError extends Error {
  override readonly name = 'ImmutableError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function invalidInput(name: string, value: string, expected: string): ImmutableError {
  return new ImmutableError(
    'INVALID_INPUT',
    `Invalid ${name} ${JSON.stringify(value)}: expected ${expected}.`,
  );
}

export function isImmutableError(error: unknown, code?: ErrorCode): error is ImmutableError {
  return error instanceof ImmutableError && (code === undefined || error.code === code);
}

/** One line for a log or a step failure: the message, and the cause's when it adds something. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  const text = cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
  return text.replace(/\s*\n\s*/g, ' ');
}
