// What AWS calls look like on the wire, for the proxies in front of moto: which service and operation a
// request is, and errors in each protocol's own shape, so the SDK parses them as it would AWS's.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';

export type Protocol = 'ec2' | 'query' | 'json' | 'cbor' | 'unknown';

export interface AwsCall {
  /** The SigV4 signing name: `autoscaling`, `ec2`, `elasticloadbalancing`, `monitoring`, ... */
  service: string;
  operation: string;
  protocol: Protocol;
  /** The request's JSON content type, echoed on JSON errors (1.0 or 1.1). */
  jsonContentType: string;
}

/** mulberry32: small, fast and good enough to pick faults; the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to derive a seed from a name. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
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

  const params = queryParams(method, url, headers, body);
  const action = params.get('Action');
  if (action) {
    const isEc2 = signingName === 'ec2' || params.get('Version') === '2016-11-15';
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

/** A Query-protocol request's parameters: the form body (POST) over the query string (GET). */
export function queryParams(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): URLSearchParams {
  const params = new URL(url, 'http://proxy').searchParams;
  const contentType = header(headers, 'content-type') ?? '';
  if (method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  }
  return params;
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

export interface CannedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function xmlResponse(status: number, xml: string): CannedResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body: Buffer.from(xml) };
}

/** An error as the call's protocol spells it; the SDK names the thrown error after `code`. */
export function errorResponse(
  call: AwsCall,
  status: number,
  code: string,
  message: string,
  requestId = 'fault-proxy-00000000',
): CannedResponse {
  switch (call.protocol) {
    case 'ec2':
      return xmlResponse(
        status,
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
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
        `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
  }
}

/** A Query-protocol (Auto Scaling, ELB, CloudWatch) success answer: `<OpResponse><OpResult>…` and a request id. */
export function queryResponse(operation: string, result: string | undefined): CannedResponse {
  const xmlns = 'http://autoscaling.amazonaws.com/doc/2011-01-01/';
  const body = result === undefined ? '' : `<${operation}Result>${result}</${operation}Result>`;
  return xmlResponse(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlns}">${body}<ResponseMetadata><RequestId>aws-proxy-00000000</RequestId></ResponseMetadata></${operation}Response>`,
  );
}

/** Query-protocol list parameters: `Name.member.1`, `Name.member.2`, … in order. */
export function memberList(params: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++)
    values.push(params.get(`${name}.member.${i}`) ?? '');
  return values;
}

export function throttleResponse(call: AwsCall): CannedResponse {
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

export function endToEnd(headers: IncomingHttpHeaders | OutgoingHttpHeaders): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) result[name] = value;
  }
  return result;
}

export function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
