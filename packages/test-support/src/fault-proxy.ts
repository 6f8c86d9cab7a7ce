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
import { freePort } from './ports';

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

export interface FaultProxyStats {
  /** AWS requests seen, faulted or forwarded (moto's own `/moto-api/` calls are not counted). */
  total: number;
  /** Keyed `service:Operation`, service being the SigV4 signing name (`autoscaling`, `ec2`, `monitoring`, ...). */
  byOperation: Record<string, number>;
  faults: { throttle: number; error: number; reset: number };
}

export interface FaultProxy {
  endpoint: string;
  stats(): FaultProxyStats;
  resetStats(): void;
  setRates(rates: Partial<FaultRates>): void;
  stop(): Promise<void>;
}

type Protocol = 'ec2' | 'query' | 'json' | 'cbor' | 'unknown';

interface AwsCall {
  service: string;
  operation: string;
  protocol: Protocol;
  /** The request's JSON content type, echoed on JSON errors (1.0 or 1.1). */
  jsonContentType: string;
}

type Fault = keyof FaultRates;

/** mulberry32: small, fast and good enough to pick faults; the same seed gives the same sequence. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to derive a service's PRNG seed from its name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Service and operation as they appear on the wire, for every protocol the SDK clients here use. */
export function parseAwsCall(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): AwsCall {
  // SigV4: `Credential=<key>/<date>/<region>/<service>/aws4_request` carries the signing name.
  const scope = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
    header(headers, 'authorization') ?? '',
  );
  const signingName = scope?.[1];
  const contentType = header(headers, 'content-type') ?? '';

  const cbor = /^\/service\/([^/]+)\/operation\/([^/?]+)/.exec(url);
  if (cbor?.[1] && cbor[2]) {
    return {
      service: signingName ?? cbor[1],
      operation: decodeURIComponent(cbor[2]),
      protocol: 'cbor',
      jsonContentType: '',
    };
  }

  const target = header(headers, 'x-amz-target');
  if (target) {
    const dot = target.lastIndexOf('.');
    return {
      service: signingName ?? (dot > 0 ? target.slice(0, dot) : 'unknown'),
      operation: dot >= 0 ? target.slice(dot + 1) : target,
      protocol: 'json',
      jsonContentType: contentType.startsWith('application/x-amz-json')
        ? contentType
        : 'application/x-amz-json-1.1',
    };
  }

  // Query protocols: `Action=...` in a form body (POST) or in the query string (GET).
  const query = new URL(url, 'http://proxy').searchParams;
  const form =
    method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(body.toString('utf8'))
      : new URLSearchParams();
  const action = form.get('Action') ?? query.get('Action');
  if (action) {
    const version = form.get('Version') ?? query.get('Version');
    const isEc2 = signingName === 'ec2' || version === '2016-11-15';
    return {
      service: signingName ?? (isEc2 ? 'ec2' : 'unknown'),
      operation: action,
      protocol: isEc2 ? 'ec2' : 'query',
      jsonContentType: '',
    };
  }
  return {
    service: signingName ?? 'unknown',
    operation: 'unknown',
    protocol: 'unknown',
    jsonContentType: '',
  };
}

/** A CBOR text string header (major type 3), for the short ASCII strings of an error body. */
function cborText(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length < 24) return Buffer.concat([Buffer.from([0x60 + bytes.length]), bytes]);
  if (bytes.length < 256) return Buffer.concat([Buffer.from([0x78, bytes.length]), bytes]);
  return Buffer.concat([Buffer.from([0x79, bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/** A CBOR map of text to text (major type 5), e.g. `{ __type, message }`. */
export function cborTextMap(entries: Record<string, string>): Buffer {
  const pairs = Object.entries(entries);
  return Buffer.concat([
    Buffer.from([0xa0 + pairs.length]),
    ...pairs.flatMap(([key, value]) => [cborText(key), cborText(value)]),
  ]);
}

interface CannedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

function xmlResponse(status: number, xml: string): CannedResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body: Buffer.from(xml) };
}

function errorResponse(call: AwsCall, status: number, code: string, message: string): CannedResponse {
  const requestId = 'fault-proxy-00000000';
  switch (call.protocol) {
    case 'ec2':
      return xmlResponse(
        status,
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      );
    case 'json':
      return {
        status,
        headers: { 'content-type': call.jsonContentType, 'x-amzn-requestid': requestId },
        body: Buffer.from(JSON.stringify({ __type: code, message })),
      };
    case 'cbor':
      // A real smithy-rpcv2-cbor error: a CBOR map `{ __type, message }` with the `smithy-protocol` header,
      // which the SDK decodes to an error named by `__type` (so a throttle is a 400 ThrottlingException, not a 503).
      return {
        status,
        headers: {
          'content-type': 'application/cbor',
          'smithy-protocol': 'rpc-v2-cbor',
          'x-amzn-requestid': requestId,
        },
        body: cborTextMap({ __type: code, message }),
      };
    default:
      return xmlResponse(
        status,
        `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
  }
}

function throttleResponse(call: AwsCall): CannedResponse {
  if (call.protocol === 'ec2')
    return errorResponse(call, 400, 'RequestLimitExceeded', 'Request limit exceeded.');
  if (call.protocol === 'json' || call.protocol === 'cbor') {
    return errorResponse(call, 400, 'ThrottlingException', 'Rate exceeded');
  }
  return errorResponse(call, 400, 'Throttling', 'Rate exceeded');
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders | OutgoingHttpHeaders): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) result[name] = value;
  }
  return result;
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function emptyStats(): FaultProxyStats {
  return { total: 0, byOperation: {}, faults: { throttle: 0, error: 0, reset: 0 } };
}

/**
 * A reverse proxy in front of moto that counts AWS calls by operation (at the wire, retries included) and
 * injects throttles, 500s and dropped connections. Faults are decided before forwarding, so a faulted call
 * never reaches moto and non-idempotent calls stay consistent with what the client saw.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
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
  let stats = emptyStats();
  let seen = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();

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

  const send = (res: ServerResponse, canned: CannedResponse): void => {
    res.writeHead(canned.status, { ...canned.headers, 'content-length': canned.body.length });
    res.end(canned.body);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, call?: AwsCall): void => {
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
        readBody(upstreamRes).then(
          (answer) => {
            const rewritten =
              call && options.rewrite?.(call.service, call.operation, answer.toString('utf8'));
            const data = rewritten === undefined ? answer : Buffer.from(rewritten, 'utf8');
            const headers = endToEnd(upstreamRes.headers);
            const date = typeof headers.date === 'string' ? Date.parse(headers.date) : Number.NaN;
            if (call && options.serverClockOffsetMs && Number.isFinite(date))
              headers.date = new Date(date + options.serverClockOffsetMs).toUTCString();
            res.writeHead(upstreamRes.statusCode ?? 502, { ...headers, 'content-length': data.length });
            res.end(data);
          },
          () => res.destroy(),
        );
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const text = `fault-proxy: upstream ${options.target} failed: ${error.message}`;
      res.writeHead(502, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const url = req.url ?? '/';
        if (url.startsWith('/moto-api/')) {
          forward(req, res, body);
          return;
        }
        const call = parseAwsCall(req.method ?? 'GET', url, req.headers, body);
        stats.total++;
        const key = `${call.service}:${call.operation}`;
        stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;
        const fault = decide(call);
        if (fault) stats.faults[fault]++;
        if (fault === 'throttle') send(res, throttleResponse(call));
        else if (fault === 'error') {
          send(res, errorResponse(call, 500, 'InternalFailure', 'Injected internal failure.'));
        } else if (fault === 'reset') {
          // A TCP RST where the platform allows it, else a plain close: either way no answer.
          const socket = req.socket;
          if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
          else socket.destroy();
        } else forward(req, res, body, call);
      },
      () => req.socket.destroy(),
    );
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
    stats: () => ({
      total: stats.total,
      byOperation: { ...stats.byOperation },
      faults: { ...stats.faults },
    }),
    resetStats: () => {
      stats = emptyStats();
    },
    setRates: (next) => {
      rates = { ...rates, ...next };
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
