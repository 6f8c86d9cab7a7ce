import { liveProgress, main } from '../../src';

const event = (kind: 'change' | 'heartbeat' | 'done', elapsedMs: number, value: number) => ({
  kind,
  what: 'web-v001 to be healthy',
  elapsedMs,
  leftMs: 60_000 - elapsedMs,
  attempts: 2,
  status: '',
  counts: [{ label: 'healthy', value, of: 2 }],
  ...(kind === 'done' ? { outcome: 'success' as const } : {}),
});

describe('the live progress line on a terminal', () => {
  it('rewrites one line in place, prints other lines above it, and ends with a line of its own', () => {
    let screen = '';
    const live = liveProgress({ write: (t: string) => (screen += t), isTTY: true });
    live.listener(event('change', 0, 0));
    live.listener(event('heartbeat', 1000, 0));
    live.print('Attached web-v001\n');
    live.listener(event('done', 2000, 2));
    expect(screen).toBe(
      'Waiting for web-v001 to be healthy: 0/2 healthy (0s elapsed, 60s left)' +
        '\r\x1b[KWaiting for web-v001 to be healthy: 0/2 healthy (1s elapsed, 59s left)' +
        '\r\x1b[KAttached web-v001\nWaiting for web-v001 to be healthy: 0/2 healthy (1s elapsed, 59s left)' +
        '\r\x1b[KDone waiting for web-v001 to be healthy after 2s: 2/2 healthy\n',
    );
  });

  it('a bad IMMUTABLE_HEARTBEAT_SECONDS is one line and exit 1, before any AWS call', async () => {
    let stderr = '';
    const code = await main(['status', '--cluster', 'x'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      env: { IMMUTABLE_HEARTBEAT_SECONDS: 'fast', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'immutable: Invalid IMMUTABLE_HEARTBEAT_SECONDS "fast": expected a positive number of seconds, such as 30 or 0.5.\n',
    );
  });
});
