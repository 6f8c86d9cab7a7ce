import { isTransientAwsError } from '../aws/errors';
import { describeError } from '../errors';
import { poll } from '../poll/poller';
import type { Runtime } from '../runtime';

/**
 * AWS saying a thing made a moment ago does not exist yet: a new launch template refused by
 * CreateAutoScalingGroup, a new group unknown to PutScalingPolicy. terraform, kops and Spinnaker retry these.
 */
export function isEventualConsistencyError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (/^InvalidLaunchTemplate(Name|Id)\.NotFound/.test(error.name)) return true;
  return (
    /ValidationError/.test(error.name) &&
    /valid fully-formed launch template|launch template .*(does not exist|not found)|(group|AutoScalingGroup) name not found|No group found/i.test(
      error.message,
    )
  );
}

export function isAlreadyExistsError(error: unknown): boolean {
  return (
    error instanceof Error && /AlreadyExists/.test(`${error.name} ${(error as { Code?: string }).Code ?? ''}`)
  );
}

/** What a create does when its answer says the thing exists: accept it (ours), or refuse (someone else's). */
export type OnExisting = () => Promise<'ours' | 'not-visible-yet'>;

export interface CreateRetryOptions {
  what: string;
  /** Bounded: long enough for AWS to catch up, short of hiding a real fault. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  onExisting?: OnExisting;
}

/**
 * Runs a create, retrying AWS's eventual-consistency refusals with backoff; an AlreadyExists (the SDK's
 * retry after a lost response) is handed to `onExisting`, which accepts the resource this run made.
 */
export async function createWithRetry(
  runtime: Runtime,
  options: CreateRetryOptions,
  create: () => Promise<void>,
): Promise<'created' | 'existing'> {
  const outcome = await poll<'created' | 'existing'>(
    runtime,
    {
      what: options.what,
      timeoutMs: options.timeoutMs ?? 120_000,
      minDelayMs: 1_000,
      maxDelayMs: 10_000,
      isTransient: isTransientAwsError,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    async () => {
      try {
        await create();
        return { state: 'success', value: 'created' };
      } catch (error) {
        if (isEventualConsistencyError(error)) {
          runtime.logger.info(
            `${options.what}: AWS has not caught up yet (${describeError(error)}); retrying`,
          );
          return { state: 'retry', reason: describeError(error) };
        }
        if (options.onExisting && isAlreadyExistsError(error)) {
          const existing = await options.onExisting();
          if (existing === 'ours') return { state: 'success', value: 'existing' };
          return { state: 'retry', reason: 'it exists but is not visible yet' };
        }
        throw error;
      }
    },
  );
  return outcome.value;
}
