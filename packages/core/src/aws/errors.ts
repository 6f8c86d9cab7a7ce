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
