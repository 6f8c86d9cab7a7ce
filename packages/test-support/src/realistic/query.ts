import { Agent, request } from 'node:http';
import { readBody } from '../aws-wire';
import { parseXml, textAt, type XmlElement } from './xml';

/** API versions of the Query-protocol services the layer reads from moto. */
export const QUERY_VERSIONS = {
  autoscaling: '2011-01-01',
  elbv2: '2015-12-01',
  elb: '2012-06-01',
  ec2: '2016-11-15',
} as const;
export type QueryApi = keyof typeof QUERY_VERSIONS;

const SIGNING_NAMES: Record<QueryApi, string> = {
  autoscaling: 'autoscaling',
  elbv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  ec2: 'ec2',
};

export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'QueryError';
  }
}

/**
 * One Query-protocol call, signed just enough for moto to route it (it reads the SigV4 scope and checks no
 * signature). Used by the layer to read moto's state and by the sampler; answers the parsed root element.
 */
export async function queryCall(
  endpoint: string,
  api: QueryApi,
  action: string,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
  region = 'us-east-1',
): Promise<XmlElement> {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const { status, body } = await post(
    endpoint,
    new URLSearchParams({ Action: action, Version: QUERY_VERSIONS[api], ...params }).toString(),
    {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/${date}/${region}/${SIGNING_NAMES[api]}/aws4_request, SignedHeaders=host, Signature=0`,
      ...headers,
    },
  );
  const root = parseXml(body).root;
  if (status < 200 || status > 299) {
    const error = root.name === 'Response' ? ['Errors', 'Error'] : ['Error'];
    throw new QueryError(
      textAt(root, ...error, 'Code') || 'Unknown',
      textAt(root, ...error, 'Message'),
      status,
    );
  }
  return root;
}

// node:http with kept-alive sockets rather than fetch: the layer and the sampler make thousands of these calls
// per test file, and undici's fetch (WHATWG streams) spent several times the CPU of the request itself.
const agent = new Agent({ keepAlive: true });

function post(
  endpoint: string,
  body: string,
  headers: Record<string, string>,
  retried = false,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      endpoint,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) =>
        readBody(res).then(
          (answer) => resolve({ status: res.statusCode ?? 0, body: answer.toString('utf8') }),
          reject,
        ),
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as this request went out: once more, on a new socket.
      if (req.reusedSocket && !retried && error.code === 'ECONNRESET')
        resolve(post(endpoint, body, headers, true));
      else reject(error);
    });
    req.end(body);
  });
}

/** Every page of a `NextToken`-paginated Query call; `pages` gets each page's Result element. */
export async function queryAllPages(
  endpoint: string,
  api: QueryApi,
  action: string,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<XmlElement[]> {
  const results: XmlElement[] = [];
  let token = '';
  let tokenParam = 'NextToken';
  for (let page = 0; page < 1000; page++) {
    const root = await queryCall(
      endpoint,
      api,
      action,
      token ? { ...params, [tokenParam]: token } : params,
      headers,
    );
    const result = root.children.find(
      (c): c is XmlElement => typeof c !== 'string' && c.name === `${action}Result`,
    );
    if (result) results.push(result);
    // Classic ELB pages with Marker/NextMarker, the others with NextToken.
    const marker = textAt(result, 'NextMarker');
    tokenParam = marker ? 'Marker' : 'NextToken';
    token = marker || textAt(result, 'NextToken');
    if (!token) break;
  }
  return results;
}
