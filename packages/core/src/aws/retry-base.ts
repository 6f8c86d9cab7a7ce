import type { RetryStrategyV2 } from '@smithy/types';
import type * as Sdk from './sdk';
import { invalidInput } from '../errors';

export const RETRY_BASE_ENV = 'IMMUTABLE_AWS_RETRY_BASE_MS';

/**
 * The SDK's adaptive retry with the backoff base of IMMUTABLE_AWS_RETRY_BASE_MS (for every error, throttling
 * too), or undefined when unset. Tests of the bundles set it: their processes cannot take an injected clock,
 * and against moto each call it lacks (a 500) would otherwise back off for seconds before counting as absent.
 * The adaptive rate limiter's floor scales with it: the SDK's 0.5 requests/s at its own 100 ms base, 25/s at
 * the tests' 2 ms. Throttles still slow the client down, by waits of milliseconds instead of seconds.
 */
export async function retryStrategyFromEnv(
  maxAttempts: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ retryStrategy: RetryStrategyV2 } | undefined> {
  const text = env[RETRY_BASE_ENV]?.trim();
  if (!text) return undefined;
  const base = Number(text);
  if (!/^\d+$/.test(text) || base > 20_000) {
    throw invalidInput(RETRY_BASE_ENV, text, 'a whole number of milliseconds from 0 to 20000, such as 5');
  }
  // Loaded only when asked for, so the bundles' cold start does not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AdaptiveRetryStrategy, DefaultRateLimiter } = require('./sdk') as typeof Sdk;
  const backoff = {
    setDelayBase: () => {},
    // Full jitter on a doubling base, capped at the SDK's own 20 s, as the default backoff does.
    computeNextBackoffDelay: (retries: number) =>
      Math.floor(Math.random() * Math.min(base * 2 ** retries, 20_000)),
  };
  const rateLimiter = new DefaultRateLimiter({ minFillRate: rateFloor(base) });
  return { retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { maxAttempts, backoff, rateLimiter }) };
}

/** Requests per second the adaptive rate limiter never goes below, for a backoff base of `base` ms. */
export function rateFloor(base: number): number {
  return 50 / Math.max(base, 1);
}
