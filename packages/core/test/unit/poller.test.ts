import { poll, type PollState } from '../../src/poll/poller';
import { fakeRuntime } from '@immutable-actions/test-support';

describe('poll', () => {
  it('checks at once, without sleeping, when the state is already reached', async () => {
    const runtime = fakeRuntime();
    const outcome = await poll(runtime, { what: 'x', timeoutMs: 60_000 }, async () => ({
      state: 'success',
      value: 7,
    }));
    expect(outcome).toMatchObject({ value: 7, attempts: 1, elapsedMs: 0 });
    expect(runtime.sleeps).toEqual([]);
  });

  it('backs off between min and max delay with jitter, and counts what it saw', async () => {
    const runtime = fakeRuntime({ random: () => 1 });
    const states: PollState<string>[] = [
      { state: 'retry', reason: '0/2 InService' },
      { state: 'retry', reason: '1/2 InService' },
      { state: 'retry', reason: '1/2 InService' },
      { state: 'retry', reason: '1/2 InService' },
      { state: 'success', value: 'ok' },
    ];
    const outcome = await poll(
      runtime,
      { what: 'x', timeoutMs: 600_000, minDelayMs: 1000, maxDelayMs: 5000 },
      async () => states.shift()!,
    );
    expect(outcome.attempts).toBe(5);
    expect(runtime.sleeps).toEqual([1000, 2000, 4000, 5000]);
    expect(outcome.seen).toEqual({ '0/2 InService': 1, '1/2 InService': 3 });
  });

  it('never sleeps past the deadline and times out naming the last reason', async () => {
    const runtime = fakeRuntime({ random: () => 1 });
    await expect(
      poll(
        runtime,
        { what: 'group healthy', timeoutMs: 2500, minDelayMs: 1000, maxDelayMs: 1000 },
        async () => ({
          state: 'retry',
          reason: '1/3 healthy',
        }),
      ),
    ).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('1/3 healthy') });
    expect(runtime.sleeps).toEqual([1000, 1000, 500]);
  });

  it('fails at once on a failure state', async () => {
    const runtime = fakeRuntime();
    await expect(
      poll(runtime, { what: 'x', timeoutMs: 10_000 }, async () => ({
        state: 'failure',
        reason: 'group deleted',
      })),
    ).rejects.toMatchObject({ code: 'UNHEALTHY' });
  });

  it('treats transient errors as retries and rethrows others', async () => {
    const runtime = fakeRuntime();
    let calls = 0;
    const outcome = await poll(
      runtime,
      { what: 'x', timeoutMs: 60_000, isTransient: (e) => e instanceof Error && e.name === 'Throttling' },
      async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('slow down'), { name: 'Throttling' });
        return { state: 'success', value: calls };
      },
    );
    expect(outcome.value).toBe(2);
    await expect(
      poll(runtime, { what: 'x', timeoutMs: 60_000, isTransient: () => false }, async () => {
        throw new Error('AccessDenied');
      }),
    ).rejects.toThrow('AccessDenied');
  });

  it('stops when aborted', async () => {
    const runtime = fakeRuntime();
    const controller = new AbortController();
    controller.abort();
    await expect(
      poll(runtime, { what: 'x', timeoutMs: 60_000, signal: controller.signal }, async () => ({
        state: 'retry',
        reason: 'r',
      })),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
