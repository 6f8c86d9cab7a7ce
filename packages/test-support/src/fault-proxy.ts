import {
  startAwsProxy,
  type CallStats,
  type CallTiming,
  type ProxiedRequest,
  type ProxyPlan,
} from './aws-proxy';
import { errorResponse, fnv1a, mulberry32, throttleResponse, type AwsCall } from './aws-wire';

/** Probability, per eligible request, of each fault. They are exclusive: their sum should stay ≤ 1. */
export interface FaultRates {
  /** HTTP 400 in the protocol's throttling error shape (RequestLimitExceeded for EC2, Throttling, ...). */
  throttle: number;
  /** HTTP 500 with a small InternalFailure body in the protocol's shape. */
  error: number;
  /** The client socket is destroyed without an answer (a dropped connection). */
  reset: number;
}

export interface FaultProxyOptions {
  /** Where requests go: moto's endpoint, e.g. `http://127.0.0.1:5000`. */
  target: string;
  /**
   * Seed of the PRNGs deciding faults (one stream per service): the same seed and the same order of each
   * service's requests give the same faults. Default 1.
   */
  seed?: number;
  /** Default all 0: a pure counting proxy. */
  rates?: Partial<FaultRates>;
  /** Only calls for which this returns true can be faulted (service is the SigV4 signing name). */
  only?: (service: string, operation: string) => boolean;
  /** The first N AWS requests the proxy sees are never faulted (and draw nothing from the PRNG). */
  faultFirst?: number;
  /**
   * Rewrites an answer from the emulator before the client sees it: where moto cannot play a part (targets
   * that never turn healthy), the proxy plays it. Answers undefined to leave the body as it is.
   */
  rewrite?: (service: string, operation: string, body: string) => string | undefined;
  /**
   * Shifts the Date header of every AWS answer by this many ms: the proxy plays an AWS whose clock differs
   * from the runner's (or, seen the other way, a runner whose clock is off).
   */
  serverClockOffsetMs?: number;
}

export interface FaultProxyStats extends CallStats {
  faults: { throttle: number; error: number; reset: number };
}

export interface FaultProxy {
  endpoint: string;
  stats(): FaultProxyStats;
  /** Every call since the last reset, in order, with how long its answer took. */
  timeline(): CallTiming[];
  resetStats(): void;
  setRates(rates: Partial<FaultRates>): void;
  stop(): Promise<void>;
}

type Fault = keyof FaultRates;

/**
 * A reverse proxy in front of moto that counts AWS calls by operation (at the wire, retries included) and
 * injects throttles, 500s and dropped connections. Faults are decided before forwarding, so a faulted call
 * never reaches moto and non-idempotent calls stay consistent with what the client saw.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const seed = options.seed ?? 1;
  // One PRNG stream per service, so faults stay deterministic when clients of different services call
  // concurrently (each service's own calls being in order), as a deploy's Promise.all of describes does.
  const streams = new Map<string, () => number>();
  const random = (service: string): number => {
    let stream = streams.get(service);
    if (!stream) {
      stream = mulberry32(seed ^ fnv1a(service));
      streams.set(service, stream);
    }
    return stream();
  };
  let rates: FaultRates = { throttle: 0, error: 0, reset: 0, ...options.rates };
  let faults = { throttle: 0, error: 0, reset: 0 };
  let seen = 0;

  const decide = (call: AwsCall): Fault | undefined => {
    seen++;
    if (seen <= (options.faultFirst ?? 0)) return undefined;
    if (options.only && !options.only(call.service, call.operation)) return undefined;
    if (rates.throttle + rates.error + rates.reset <= 0) return undefined;
    const draw = random(call.service);
    if (draw < rates.throttle) return 'throttle';
    if (draw < rates.throttle + rates.error) return 'error';
    if (draw < rates.throttle + rates.error + rates.reset) return 'reset';
    return undefined;
  };

  const plan = ({ call }: ProxiedRequest): ProxyPlan => {
    const fault = decide(call);
    if (fault) faults[fault]++;
    if (fault === 'throttle') return { kind: 'respond', response: throttleResponse(call) };
    if (fault === 'error') {
      return {
        kind: 'respond',
        response: errorResponse(call, 500, 'InternalFailure', 'Injected internal failure.'),
      };
    }
    if (fault === 'reset') return { kind: 'reset' };
    const { rewrite, serverClockOffsetMs } = options;
    if (!rewrite && !serverClockOffsetMs) return { kind: 'forward' };
    return {
      kind: 'forward',
      after: async (answer) => {
        const date = typeof answer.headers.date === 'string' ? Date.parse(answer.headers.date) : Number.NaN;
        // The answer's headers go to the client as they are here: shift AWS's clock in place.
        if (serverClockOffsetMs && Number.isFinite(date))
          answer.headers.date = new Date(date + serverClockOffsetMs).toUTCString();
        if (!rewrite) return undefined;
        const body = rewrite(call.service, call.operation, answer.body.toString('utf8'));
        return body === undefined ? undefined : { body };
      },
    };
  };

  const proxy = await startAwsProxy({ target: options.target, plan });
  return {
    endpoint: proxy.endpoint,
    stats: () => ({ ...proxy.stats(), faults: { ...faults } }),
    timeline: () => proxy.timeline(),
    resetStats: () => {
      proxy.resetStats();
      faults = { throttle: 0, error: 0, reset: 0 };
    },
    setRates: (next) => {
      rates = { ...rates, ...next };
    },
    stop: () => proxy.stop(),
  };
}
