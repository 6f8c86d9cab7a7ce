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
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/${date}/${region}/${SIGNING_NAMES[api]}/aws4_request, SignedHeaders=host, Signature=0`,
      ...headers,
    },
    body: new URLSearchParams({ Action: action, Version: QUERY_VERSIONS[api], ...params }).toString(),
  });
  const body = await response.text();
  const root = parseXml(body).root;
  if (!response.ok) {
    const error = root.name === 'Response' ? ['Errors', 'Error'] : ['Error'];
    throw new QueryError(
      textAt(root, ...error, 'Code') || 'Unknown',
      textAt(root, ...error, 'Message'),
      response.status,
    );
  }
  return root;
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
