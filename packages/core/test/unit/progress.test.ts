import { fakeRuntime } from '@immutable-actions/test-support';
import { poll, type PollState } from '../../src/poll/poller';
import { heartbeatFromEnv, logProgress, progressLine, type ProgressEvent } from '../../src/poll/progress';
import { watchAlarms } from '../../src/health/alarms';
import { waitUntilHealthy } from '../../src/health/group-health';

function recording(runtime: ReturnType<typeof fakeRuntime>, heartbeatMs?: number) {
  const events: (ProgressEvent & { at: number })[] = [];
  const start = runtime.clock.now();
  runtime.progress = (e) => events.push({ ...e, at: runtime.clock.now() - start });
  if (heartbeatMs) runtime.heartbeatMs = heartbeatMs;
  return events;
}

const retry = (reason: string, value: number, of = 3): PollState<string> => ({
  state: 'retry',
  reason,
  counts: [{ label: 'healthy', value, of }],
});

describe('progress events of poll', () => {
  it('reports the first look and each change, with elapsed, left and counts', async () => {
    const runtime = fakeRuntime({ random: () => 1 });
    const events = recording(runtime);
    const states = [retry('a', 0), retry('a', 1), retry('a', 1), { state: 'success', value: 'ok' } as const];
    await poll(
      runtime,
      { what: 'g to be healthy', timeoutMs: 60_000, minDelayMs: 1000, maxDelayMs: 1000 },
      async () => states.shift()!,
    );
    expect(events.map((e) => [e.kind, e.at, e.leftMs, e.counts[0]?.value])).toEqual([
      ['change', 0, 60_000, 0],
      ['change', 1000, 59_000, 1],
      ['done', 3000, 57_000, 1],
    ]);
    expect(events.at(-1)).toMatchObject({ outcome: 'success', attempts: 4, what: 'g to be healthy' });
  });

  it('beats every 30 s while nothing changes, waking from long sleeps to do so', async () => {
    const runtime = fakeRuntime({ random: () => 1 });
    const events = recording(runtime);
    let calls = 0;
    await expect(
      poll(runtime, { what: 'x', timeoutMs: 100_000, minDelayMs: 45_000, maxDelayMs: 45_000 }, async () => {
        calls++;
        return retry('same', 1);
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    // Checks at 0, 45 and 90 s and 100 s; beats at 30, 60 (30 s after the last report) and 90 s fall on a sleep's end.
    expect(calls).toBe(4);
    expect(events.map((e) => `${e.kind}@${e.at / 1000}`)).toEqual([
      'change@0',
      'heartbeat@30',
      'heartbeat@60',
      'heartbeat@90',
      'done@100',
    ]);
    expect(events.at(-1)?.outcome).toBe('timeout');
    // The sleeps were split at the beats, never longer than asked in total.
    expect(runtime.sleeps.reduce((a, b) => a + b, 0)).toBe(100_000);
  });

  it('takes its interval from the runtime (the IMMUTABLE_HEARTBEAT_SECONDS knob)', async () => {
    const runtime = fakeRuntime({ random: () => 1 });
    const events = recording(runtime, 1000);
    await expect(
      poll(runtime, { what: 'x', timeoutMs: 3_500, minDelayMs: 5_000, maxDelayMs: 5_000 }, async () =>
        retry('same', 2),
      ),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(events.map((e) => `${e.kind}@${e.at}`)).toEqual([
      'change@0',
      'heartbeat@1000',
      'heartbeat@2000',
      'heartbeat@3000',
      'done@3500',
    ]);
  });

  it('reports an abort and a failure as done, with what it saw last', async () => {
    const runtime = fakeRuntime();
    const events = recording(runtime);
    await expect(
      poll(runtime, { what: 'x', timeoutMs: 10_000 }, async (attempt) =>
        attempt === 1 ? retry('starting', 0) : { state: 'failure', reason: 'group deleted' },
      ),
    ).rejects.toMatchObject({ code: 'UNHEALTHY' });
    expect(events.at(-1)).toMatchObject({ kind: 'done', outcome: 'failure', status: 'group deleted' });
  });

  it('presents events as log lines by default: changes and beats, a quiet first-look success', async () => {
    const runtime = fakeRuntime({ random: () => 1 });
    await poll(runtime, { what: 'x', timeoutMs: 60_000 }, async () => ({ state: 'success', value: 1 }));
    expect(runtime.lines).toEqual([]);
    const states = [
      retry('2 starting', 1),
      retry('2 starting', 1),
      { state: 'success', value: 'ok' } as const,
    ];
    await poll(runtime, { what: 'g to be healthy', timeoutMs: 600_000, minDelayMs: 40_000 }, async () =>
      states.shift()!,
    );
    expect(runtime.lines).toEqual([
      'Waiting for g to be healthy: 1/3 healthy — 2 starting (0s elapsed, 10m left)',
      'Waiting for g to be healthy: 1/3 healthy — 2 starting (30s elapsed, 9m30s left)',
      'Waiting for g to be healthy: 1/3 healthy — 2 starting (60s elapsed, 9m left)',
      'Done waiting for g to be healthy after 80s: 1/3 healthy — 2 starting',
    ]);
  });

  it('formats a line for each kind', () => {
    const base = { what: 'w', elapsedMs: 65_000, leftMs: 5_000, attempts: 3, status: '', counts: [] };
    expect(
      progressLine({ ...base, kind: 'heartbeat', counts: [{ label: 'alarms quiet', value: 2, of: 2 }] }),
    ).toBe('Waiting for w: 2/2 alarms quiet (65s elapsed, 5s left)');
    expect(progressLine({ ...base, kind: 'done', outcome: 'aborted', status: 'busy' })).toBe(
      'Stopped waiting for w after 65s (aborted): busy',
    );
    const lines: string[] = [];
    logProgress({ info: (m) => lines.push(m), warn: () => {}, debug: () => {} })({
      ...base,
      kind: 'done',
      attempts: 1,
      outcome: 'success',
    });
    expect(lines).toEqual([]);
  });
});

describe('heartbeatFromEnv', () => {
  it('reads seconds, fractions allowed, and refuses anything else in one line', () => {
    expect(heartbeatFromEnv({})).toBeUndefined();
    expect(heartbeatFromEnv({ IMMUTABLE_HEARTBEAT_SECONDS: '0.5' })).toBe(500);
    expect(heartbeatFromEnv({ IMMUTABLE_HEARTBEAT_SECONDS: ' 30 ' })).toBe(30_000);
    for (const bad of ['0', '-1', '1m', 'soon']) {
      expect(() => heartbeatFromEnv({ IMMUTABLE_HEARTBEAT_SECONDS: bad })).toThrow(
        `Invalid IMMUTABLE_HEARTBEAT_SECONDS "${bad}": expected a positive number of seconds`,
      );
    }
  });
});

describe('the waits of health/', () => {
  it('the bake time beats with alarms quiet and the time left', async () => {
    const runtime = fakeRuntime({ random: () => 1 });
    const events = recording(runtime);
    const aws = {
      cloudWatch: {
        describeAlarms: async () => ({
          MetricAlarms: [
            { AlarmName: 'a', StateValue: 'OK' },
            { AlarmName: 'b', StateValue: 'OK' },
          ],
        }),
      },
    };
    const fired = await watchAlarms(aws as never, runtime, ['a', 'b'], 60_000, { inputName: 'alarm-names' });
    expect(fired).toBeUndefined();
    const beats = events.filter((e) => e.kind !== 'done');
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats[0]).toMatchObject({ kind: 'change', elapsedMs: 0, leftMs: 60_000 });
    expect(beats.find((e) => e.kind === 'heartbeat')).toMatchObject({
      elapsedMs: 30_000,
      leftMs: 30_000,
      counts: [{ label: 'alarms quiet', value: 2, of: 2 }],
    });
    expect(events.at(-1)).toMatchObject({ kind: 'done', outcome: 'success', elapsedMs: 60_000 });
  });

  it('the health wait counts InService and healthy against desired', async () => {
    const runtime = fakeRuntime({ random: () => 0 });
    const events = recording(runtime);
    let look = 0;
    const instances = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        InstanceId: `i-${i}`,
        LifecycleState: 'InService',
        HealthStatus: 'Healthy',
      }));
    const aws = {
      autoScaling: {
        describeAutoScalingGroups: async () => ({
          AutoScalingGroups: [
            {
              AutoScalingGroupName: 'web-v001',
              MinSize: 2,
              MaxSize: 2,
              DesiredCapacity: 2,
              Instances: instances(Math.min(2, look++)),
            },
          ],
        }),
      },
      elbv2: { describeTargetHealth: async () => ({ TargetHealthDescriptions: [] }) },
    };
    await waitUntilHealthy(aws as never, runtime, 'web-v001', [], { timeoutMs: 60_000 });
    expect(
      events.map((e) => [e.kind, e.counts.map((c) => `${c.value}/${c.of} ${c.label}`).join(', ')]),
    ).toEqual([
      ['change', '0/2 InService, 0/2 healthy'],
      ['change', '1/2 InService, 1/2 healthy'],
      ['done', '2/2 InService, 2/2 healthy'],
    ]);
  });
});
