import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetryStrategyV2 } from '@smithy/types';
import { createAwsClients } from '../../src/aws/clients';
import { RETRY_BASE_ENV, rateFloor, retryStrategyFromEnv } from '../../src/aws/retry-base';

// IMMUTABLE_AWS_RETRY_BASE_MS: the tests' knob for the SDK's backoff, which bundles run as processes cannot
// take from an injected clock.
describe('retryStrategyFromEnv', () => {
  afterEach(() => jest.restoreAllMocks());

  it('leaves the SDK its own retry when unset or blank', async () => {
    expect(await retryStrategyFromEnv(8, {})).toBeUndefined();
    expect(await retryStrategyFromEnv(8, { [RETRY_BASE_ENV]: ' ' })).toBeUndefined();
  });

  it.each(['fast', '-1', '2.5', '20001'])('refuses %p in one line', async (bad) => {
    await expect(retryStrategyFromEnv(8, { [RETRY_BASE_ENV]: bad })).rejects.toThrow(
      `Invalid ${RETRY_BASE_ENV} "${bad}": expected a whole number of milliseconds from 0 to 20000, such as 5.`,
    );
  });

  it('backs off from its base, throttling too (where the SDK waits from 1 s), doubling with full jitter', async () => {
    const made = await retryStrategyFromEnv(8, { [RETRY_BASE_ENV]: '10' });
    const strategy = made?.retryStrategy;
    if (!strategy) throw new Error('no strategy');
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const waits: number[] = [];
    const realSetTimeout = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      waits.push(ms ?? 0);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout);
    let token = await strategy.acquireInitialRetryToken('autoscaling');
    // The backoff is the first wait of each retry; after a throttle the adaptive rate limiter may add its own.
    const backoffs: number[] = [];
    for (const errorType of ['THROTTLING', 'TRANSIENT', 'TRANSIENT'] as const) {
      const from = waits.length;
      token = await strategy.refreshRetryTokenForRetry(token, { errorType });
      backoffs.push(waits[from] ?? -1);
    }
    // 0.5 × 10 × 2^retries; the default strategy would wait 500 ms before the first throttled retry.
    expect(backoffs).toEqual([5, 10, 20]);
    expect(token.getRetryCount()).toBe(3);
  });

  it("keeps the adaptive rate limiter's floor in step with the base: throttled calls wait ms, not seconds", async () => {
    // The SDK's own floor, 0.5 requests/s, at its own 100 ms base; 25/s at the tests' 2 ms.
    expect(rateFloor(100)).toBe(0.5);
    expect(rateFloor(2)).toBe(25);
    // No backoff (jitter 0): every wait left is the rate limiter's, after a run of throttles.
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const limiterWaits = async (strategy: RetryStrategyV2): Promise<number[]> => {
      const waits: number[] = [];
      const realSetTimeout = global.setTimeout;
      const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
        if (ms) waits.push(ms);
        return realSetTimeout(fn, 0);
      }) as typeof setTimeout);
      let token = await strategy.acquireInitialRetryToken('autoscaling');
      for (let i = 0; i < 10; i++) {
        token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });
      }
      spy.mockRestore();
      return waits;
    };
    const ours = (await retryStrategyFromEnv(20, { [RETRY_BASE_ENV]: '2' }))?.retryStrategy;
    if (!ours) throw new Error('no strategy');
    // The limiter did slow the calls down (the SDK's own would wait up to 2 s a token), one 40 ms token at most.
    const waits = await limiterWaits(ours);
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(40);
  });

  describe('in the client factory', () => {
    let server: Server;
    let requests = 0;
    const saved = { ...process.env };

    beforeAll(async () => {
      // An endpoint that fails every call with a 500, as moto answers a call it lacks.
      server = createServer((_, response) => {
        requests++;
        response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      process.env = saved;
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives each client the knob: every attempt is made, then the 500 comes back', async () => {
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        [RETRY_BASE_ENV]: '0',
      });
      const { port } = server.address() as AddressInfo;
      const aws = createAwsClients({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${port}`,
        maxAttempts: 5,
      });
      try {
        const error = await aws.autoScaling
          .listNotificationConfigurations({ AutoScalingGroupNames: ['x'] })
          .catch((e: unknown) => e);
        expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500);
        expect(requests).toBe(5);
      } finally {
        aws.destroy();
      }
    });
  });
});
