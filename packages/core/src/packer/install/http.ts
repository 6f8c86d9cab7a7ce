import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type * as Undici from 'undici';
import { ImmutableError } from '../../errors';

/** The little of a fetch Response the installer reads. */
export interface HttpResponse {
  ok: boolean;
  status: number;
  statusText: string;
  body: WebReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** GETs a URL; injected so unit tests run without a network. */
export type HttpGet = (url: string, init?: { signal?: AbortSignal }) => Promise<HttpResponse>;

/**
 * A GET through undici honouring HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case), as self-hosted runners
 * behind a proxy need. Node's global fetch ignores those variables.
 */
export function proxyAwareGet(): HttpGet {
  // undici loads on the first download, not at start: a cache hit never pays for it.
  let loaded: Promise<{ undici: typeof Undici; dispatcher: Undici.EnvHttpProxyAgent }> | undefined;
  const load = () =>
    (loaded ??= import('undici').then((undici) => ({ undici, dispatcher: new undici.EnvHttpProxyAgent() })));
  return async (url, init) => {
    const { undici, dispatcher } = await load();
    const response = await undici.fetch(url, {
      dispatcher,
      redirect: 'follow',
      headers: { 'user-agent': 'immutable-actions-setup-packer' },
      ...(init?.signal ? { signal: init.signal } : {}),
    });
    return {
      ok: response.ok,
      status: response.status,
      statusText: response.statusText,
      body: response.body as WebReadableStream<Uint8Array> | null,
      arrayBuffer: () => response.arrayBuffer(),
    };
  };
}

/** Why a request failed, in one phrase: the HTTP status or the network error code. */
function failure(url: string, error: unknown): ImmutableError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ImmutableError('DOWNLOAD_FAILED', `Cannot download ${url}: ${reason}.`, { cause: error });
}

async function get(http: HttpGet, url: string, signal?: AbortSignal): Promise<HttpResponse> {
  let response: HttpResponse;
  try {
    response = await http(url, signal ? { signal } : {});
  } catch (error) {
    throw failure(url, error);
  }
  if (!response.ok) {
    const notFound = response.status === 404;
    throw new ImmutableError(
      'DOWNLOAD_FAILED',
      `Cannot download ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${notFound ? ' (is the mirror laid out as <base>/packer/<version>/<file>?)' : ''}.`,
    );
  }
  return response;
}

export async function downloadBytes(http: HttpGet, url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await get(http, url, signal);
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw failure(url, error);
  }
}

export async function downloadToFile(http: HttpGet, url: string, path: string): Promise<void> {
  const response = await get(http, url);
  if (!response.body) throw new ImmutableError('DOWNLOAD_FAILED', `Cannot download ${url}: empty response.`);
  try {
    await pipeline(Readable.fromWeb(response.body), createWriteStream(path));
  } catch (error) {
    throw failure(url, error);
  }
}
