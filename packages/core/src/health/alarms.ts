import type { AwsClients } from '../aws/clients';
import { isTransientAwsError } from '../aws/errors';
import { ImmutableError, invalidInput } from '../errors';
import { poll } from '../poll/poller';
import type { Runtime } from '../runtime';

type AlarmClients = Pick<AwsClients, 'cloudWatch'>;

export interface AlarmState {
  name: string;
  state: string;
  reason: string | undefined;
}

/** Reads the alarms' states in one call (metric and composite); a name that does not exist is bad input. */
export async function readAlarms(
  aws: AlarmClients,
  names: readonly string[],
  inputName: string,
): Promise<AlarmState[]> {
  if (names.length === 0) return [];
  const answer = await aws.cloudWatch.describeAlarms({
    AlarmNames: [...names],
    AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
  });
  const found = [...(answer.MetricAlarms ?? []), ...(answer.CompositeAlarms ?? [])].map((a) => ({
    name: a.AlarmName ?? '',
    state: a.StateValue ?? 'INSUFFICIENT_DATA',
    reason: a.StateReason,
  }));
  const missing = names.find((n) => !found.some((a) => a.name === n));
  if (missing) throw invalidInput(inputName, missing, 'the name of an existing CloudWatch alarm');
  return found;
}

export function refuseFiringAlarms(alarms: readonly AlarmState[]): void {
  const firing = alarms.find((a) => a.state === 'ALARM');
  if (firing) {
    throw new ImmutableError(
      'ALARM',
      `Alarm ${firing.name} is in ALARM before the deploy: refusing to deploy while it fires.`,
    );
  }
}

/**
 * Watches alarms for the bake time, checking at once and then with backoff. Answers the first alarm
 * that goes to ALARM, or undefined when the bake time passed quietly.
 */
export async function watchAlarms(
  aws: AlarmClients,
  runtime: Runtime,
  names: readonly string[],
  bakeMs: number,
  options: { signal?: AbortSignal | undefined; inputName: string; minDelayMs?: number; maxDelayMs?: number },
): Promise<AlarmState | undefined> {
  if (names.length === 0 || bakeMs <= 0) return undefined;
  const end = runtime.clock.now() + bakeMs;
  const outcome = await poll(
    runtime,
    {
      what: `the bake time (${names.length} alarm(s))`,
      timeoutMs: bakeMs,
      minDelayMs: options.minDelayMs ?? Math.min(5_000, bakeMs / 10),
      maxDelayMs: options.maxDelayMs ?? Math.min(30_000, bakeMs / 4),
      isTransient: isTransientAwsError,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    async () => {
      const alarms = await readAlarms(aws, names, options.inputName);
      const firing = alarms.find((a) => a.state === 'ALARM');
      const counts = [
        { label: 'alarms quiet', value: alarms.filter((a) => a.state !== 'ALARM').length, of: names.length },
      ];
      if (firing || runtime.clock.now() >= end) return { state: 'success', value: firing, counts };
      return { state: 'retry', reason: 'no alarm firing', counts };
    },
  );
  return outcome.value;
}
