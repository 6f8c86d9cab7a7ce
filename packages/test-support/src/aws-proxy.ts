import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  endToEnd,
  escapeXml,
  memberList,
  parseAwsCall,
  queryParams,
  queryResponse,
  readBody,
  type AwsCall,
  type CannedResponse,
} from './aws-wire';
import { freePort } from './ports';

export interface ProxiedRequest {
  call: AwsCall;
  /** Query-protocol parameters (form body and query string); empty for JSON and CBOR calls. */
  params: URLSearchParams;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface UpstreamAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** What to do with an answer from the emulator: change it, or drop the connection after moto applied it. */
export interface AnswerChange {
  status?: number;
  body?: Buffer | string;
  /** The call was applied; the client only sees its connection dropped (a lost response). */
  drop?: boolean;
}

/** What the proxy does with one AWS request. */
export type ProxyPlan =
  | { kind: 'forward'; after?: (answer: UpstreamAnswer) => Promise<AnswerChange | undefined> }
  | { kind: 'respond'; response: CannedResponse }
  /** No answer at all: the connection is reset before the call reaches the emulator. */
  | { kind: 'reset' };

export interface AwsProxyOptions {
  /** Where requests go: moto's endpoint, e.g. `http://127.0.0.1:5000`. */
  target: string;
  /** Decides each AWS request's fate; moto's own `/moto-api/` calls are always forwarded untouched. */
  plan: (request: ProxiedRequest) => ProxyPlan | Promise<ProxyPlan>;
  /** Whether a request counts in the stats (default: all do). */
  counts?: (request: ProxiedRequest) => boolean;
  /**
   * Answer what moto 5.2.1 does not implement (notification configurations) as AWS does, instead of
   * forwarding it to a 500 the SDK retries with backoff. Default true; faults still apply to these calls.
   */
  answerMotoGaps?: boolean;
}

/** One AWS call as the proxy saw it: when it arrived (ms since the stats were reset) and how long its answer took. */
export interface CallTiming {
  key: string;
  startedMs: number;
  durationMs: number;
  /** Answered by the proxy itself (a fault, or a call moto lacks), not by moto. */
  answeredHere: boolean;
}

export interface CallStats {
  /** AWS requests seen, answered or forwarded (moto's own `/moto-api/` calls are not counted). */
  total: number;
  /** Keyed `service:Operation`, service being the SigV4 signing name (`autoscaling`, `ec2`, `monitoring`, ...). */
  byOperation: Record<string, number>;
}

export interface AwsProxy {
  endpoint: string;
  stats(): CallStats;
  /** Every counted call since the last reset, in order of arrival: where a run's time goes. */
  timeline(): CallTiming[];
  resetStats(): void;
  stop(): Promise<void>;
}

/**
 * What moto 5.2.1 lacks, played in front of it as AWS does (moto answers a 500 HTML page): notification
 * configurations, kept per group until the group is deleted. Without it a copy of the previous group's
 * notifications costs the SDK's whole retry budget, and a test or bench measures moto's gap, not the product.
 */
function motoGaps() {
  /** group → topic ARN → notification types */
  const notifications = new Map<string, Map<string, Set<string>>>();
  const member = (group: string, topic: string, type: string): string =>
    `<member><AutoScalingGroupName>${escapeXml(group)}</AutoScalingGroupName><TopicARN>${escapeXml(topic)}</TopicARN><NotificationType>${escapeXml(type)}</NotificationType></member>`;
  return {
    answer({ call, params }: ProxiedRequest): CannedResponse | undefined {
      if (call.service !== 'autoscaling') return undefined;
      const group = params.get('AutoScalingGroupName') ?? '';
      const topic = params.get('TopicARN') ?? '';
      switch (call.operation) {
        case 'PutNotificationConfiguration': {
          // AWS replaces the topic's types with the ones given.
          const topics = notifications.get(group) ?? new Map<string, Set<string>>();
          topics.set(topic, new Set(memberList(params, 'NotificationTypes')));
          notifications.set(group, topics);
          return queryResponse(call.operation, undefined);
        }
        case 'DeleteNotificationConfiguration':
          notifications.get(group)?.delete(topic);
          return queryResponse(call.operation, undefined);
        case 'DescribeNotificationConfigurations': {
          const asked = memberList(params, 'AutoScalingGroupNames');
          const groups = asked.length > 0 ? asked : [...notifications.keys()].sort();
          const members = groups.flatMap((g) =>
            [...(notifications.get(g) ?? [])].flatMap(([t, types]) =>
              [...types].sort().map((type) => member(g, t, type)),
            ),
          );
          return queryResponse(
            call.operation,
            `<NotificationConfigurations>${members.join('')}</NotificationConfigurations>`,
          );
        }
        default:
          return undefined;
      }
    },
    /** A group moto deleted takes its notifications with it. */
    forwarded({ call, params }: ProxiedRequest, status: number): void {
      if (call.service === 'autoscaling' && call.operation === 'DeleteAutoScalingGroup' && status < 300)
        notifications.delete(params.get('AutoScalingGroupName') ?? '');
    },
  };
}

function dropConnection(socket: Socket): void {
  // A TCP RST where the platform allows it, else a plain close: either way no answer.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * A reverse proxy in front of moto that counts AWS calls by operation (at the wire, retries included) and
 * lets `plan` answer, reset, or forward each one and change what comes back. The fault proxy and the
 * realistic layer are both built on it.
 */
export async function startAwsProxy(options: AwsProxyOptions): Promise<AwsProxy> {
  const target = new URL(options.target);
  let stats: CallStats = { total: 0, byOperation: {} };
  let timeline: CallTiming[] = [];
  let since = performance.now();
  const gaps = options.answerMotoGaps === false ? undefined : motoGaps();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, canned: CannedResponse): void => {
    res.writeHead(canned.status, { ...canned.headers, 'content-length': canned.body.length });
    res.end(canned.body);
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    after?: (answer: UpstreamAnswer) => Promise<AnswerChange | undefined>,
  ): Promise<{ answer: UpstreamAnswer; drop: boolean }> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          // Host is kept as the client signed it; moto does not check signatures but routes by their scope.
          headers: { ...endToEnd(req.headers), 'content-length': body.length },
          agent,
        },
        (upstreamRes) => {
          readBody(upstreamRes)
            .then(async (data) => {
              const answer: UpstreamAnswer = {
                status: upstreamRes.statusCode ?? 502,
                headers: endToEnd(upstreamRes.headers),
                body: data,
              };
              const change = after ? await after(answer) : undefined;
              const changedBody = change?.body;
              resolve({
                answer: {
                  status: change?.status ?? answer.status,
                  headers: answer.headers,
                  body:
                    changedBody === undefined
                      ? answer.body
                      : typeof changedBody === 'string'
                        ? Buffer.from(changedBody, 'utf8')
                        : changedBody,
                },
                drop: change?.drop ?? false,
              });
            })
            .catch(reject);
        },
      );
      upstream.on('error', (error) => {
        const text = `aws-proxy: upstream ${options.target} failed: ${error.message}`;
        resolve({
          answer: { status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from(text) },
          drop: false,
        });
      });
      upstream.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = req.url ?? '/';
    if (url.startsWith('/moto-api/')) {
      const { answer } = await forward(req, body);
      send(res, answer);
      return;
    }
    const method = req.method ?? 'GET';
    const request: ProxiedRequest = {
      call: parseAwsCall(method, url, req.headers, body),
      params: queryParams(method, url, req.headers, body),
      method,
      url,
      headers: req.headers,
      body,
    };
    const key = `${request.call.service}:${request.call.operation}`;
    const timing: CallTiming | undefined =
      (options.counts?.(request) ?? true)
        ? { key, startedMs: performance.now() - since, durationMs: 0, answeredHere: true }
        : undefined;
    if (timing) {
      stats.total++;
      stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;
      timeline.push(timing);
    }
    const done = (): void => {
      if (timing) timing.durationMs = performance.now() - since - timing.startedMs;
    };
    const plan = await options.plan(request);
    const gap = plan.kind === 'forward' ? gaps?.answer(request) : undefined;
    if (plan.kind === 'respond') send(res, plan.response);
    else if (plan.kind === 'reset') dropConnection(req.socket);
    else if (gap) send(res, gap);
    else {
      const { answer, drop } = await forward(req, body, plan.after);
      if (timing) timing.answeredHere = false;
      gaps?.forwarded(request, answer.status);
      if (drop) dropConnection(req.socket);
      else send(res, answer);
    }
    done();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const text = `aws-proxy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      res.writeHead(500, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats: () => ({ total: stats.total, byOperation: { ...stats.byOperation } }),
    timeline: () => timeline.map((t) => ({ ...t })),
    resetStats: () => {
      stats = { total: 0, byOperation: {} };
      timeline = [];
      since = performance.now();
    },
    stop: async () => {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await closed;
    },
  };
}
