const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** Throttling, 5xx and dropped connections: worth another look after the SDK's own retries gave up. */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & AwsLikeError;
  if (THROTTLING.has(e.name) || (e.code !== undefined && (THROTTLING.has(e.code) || NETWORK.has(e.code)))) {
    return true;
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return e.name === 'TimeoutError' || /socket hang up|ECONNRESET|ECONNREFUSED/.test(e.message);
}

/** The AWS error name, e.g. `ValidationError` or `InvalidAMIID.NotFound`. */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * AWS saying a thing does not exist (`…NotFound…`, "does not exist", "not found"), by error name or message;
 * `also` adds the codes one call uses for the same (e.g. a malformed id is as missing as an unknown one).
 */
export function isNotFoundError(error: unknown, also?: RegExp): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error.message}`;
  return /NotFound|does not exist|not found/i.test(text) || (also?.test(text) ?? false);
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

/** The session's credentials expired (an OIDC role lasts an hour by default): only a new session helps. */
export function isExpiredCredentialsError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (EXPIRED.has(e.name) || EXPIRED.has((e as Error & AwsLikeError).code ?? '')) return true;
  }
  return false;
}
