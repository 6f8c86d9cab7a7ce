import { closeSync, openSync, writeSync } from 'node:fs';
import type * as Undici from 'undici';
import { ImmutableError } from '../../errors';
import type { Logger } from '../../runtime';

/** The status line and the one header the installer reads. */
export interface HttpHead {
  status: number;
  statusText: string;
  location: string | undefined;
}

export interface HttpGetOptions {
  signal?: AbortSignal;
  /** Sent as Authorization; the transport never sees credentials inside the URL. */
  authorization?: string;
  /** Receives every body chunk of a 2xx answer, at once; may throw to abort the request. */
  onData(chunk: Uint8Array): void;
}

/** One GET, no redirects followed; injected so unit tests run without a network. */
export type HttpGet = (url: string, options: HttpGetOptions) => Promise<HttpHead>;

/**
 * A GET through undici's dispatcher honouring HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case), as self-hosted
 * runners behind a proxy need; Node's global fetch ignores those variables.
 *
 * The body is handed on as it arrives and the parser is never paused. undici 7 asserts `!this.paused` when a
 * server closes the connection (FIN, as `python3 -m http.server` does after each answer) while a body waits on
 * a slow reader, an uncatchable crash (undici#5360). A fetch body streamed to a file hits it; a handler that
 * never applies backpressure cannot.
 */
export function proxyAwareGet(): HttpGet {
  // undici loads on the first download, not at start: a cache hit never pays for it.
  let loaded: Promise<Undici.Dispatcher> | undefined;
  const load = () => (loaded ??= import('undici').then((undici) => new undici.EnvHttpProxyAgent()));
  return async (url, options) => {
    const dispatcher = await load();
    const target = new URL(url);
    return new Promise<HttpHead>((resolve, reject) => {
      let head: HttpHead | undefined;
      let settled = false;
      const settle = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) reject(error);
        else resolve(head ?? { status: 0, statusText: '', location: undefined });
      };
      let abortRequest: ((reason: Error) => void) | undefined;
      const onAbort = () => {
        const reason = options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted');
        abortRequest?.(reason);
        settle(reason);
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const headers: Record<string, string> = { 'user-agent': 'immutable-actions-setup-packer' };
      if (options.authorization) headers.authorization = options.authorization;
      dispatcher.dispatch(
        { origin: target.origin, path: `${target.pathname}${target.search}`, method: 'GET', headers },
        {
          onRequestStart(controller) {
            abortRequest = (reason) => controller.abort(reason);
          },
          onResponseStart(_controller, statusCode, responseHeaders, statusMessage) {
            const location = responseHeaders.location;
            head = {
              status: statusCode,
              statusText: statusMessage ?? '',
              location: Array.isArray(location) ? location[0] : location,
            };
          },
          onResponseData(controller, chunk) {
            if (!head || head.status < 200 || head.status > 299) return;
            try {
              options.onData(chunk);
            } catch (error) {
              controller.abort(error as Error);
              settle(error);
            }
          },
          onResponseEnd() {
            settle();
          },
          onResponseError(_controller, error) {
            settle(error);
          },
        },
      );
    });
  };
}

/** What a download may do, besides fetching: size cap, redirects, retries. */
export interface DownloadPolicy {
  http: HttpGet;
  /** Follow a redirect to another origin (scheme, host, port) than the URL asked for. */
  allowCrossOriginRedirects: boolean;
  /** Basic credentials taken out of the mirror URL, sent to the mirror's own origin only. */
  authorization?: string;
  sleep(ms: number): Promise<void>;
  logger: Logger;
  /** Attempts after the first on a network error, a 5xx or a 429. */
  retries?: number;
  /** The first retry's wait; each later one doubles it. */
  backoffMs?: number;
}

export const DOWNLOAD_RETRIES = 3;
const MAX_REDIRECTS = 5;

/** A URL as it may be printed: never with the user and password a mirror URL can hold. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace('//', '//***@');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}

/** Splits credentials off a URL: the URL to request, and the Authorization header they make. */
export function splitCredentials(url: string): { url: string; authorization?: string } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.toString(),
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}

class Retryable extends Error {}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = (error as { code?: string }).code;
  return (
    cause?.code ??
    (code && code !== 'UND_ERR_ABORTED' ? code : undefined) ??
    cause?.message ??
    (error instanceof Error ? error.message : String(error))
  );
}

/**
 * Fetches `url` into `sink`, starting it afresh on each attempt. Redirects within the origin are followed;
 * to another origin only when the policy allows. Every message names the URL without credentials.
 */
async function download(
  policy: DownloadPolicy,
  url: string,
  sink: { reset(): void; write(chunk: Uint8Array): void },
  maxBytes: number,
  signal?: AbortSignal,
): Promise<void> {
  const shown = redactUrl(url);
  const fail = (why: string, cause?: unknown): ImmutableError =>
    new ImmutableError('DOWNLOAD_FAILED', `Cannot download ${shown}: ${why}.`, cause ? { cause } : {});
  const retries = policy.retries ?? DOWNLOAD_RETRIES;
  const origin = new URL(url).origin;
  for (let attempt = 0; ; attempt++) {
    try {
      await attemptOnce();
      return;
    } catch (error) {
      if (!(error instanceof Retryable) || attempt >= retries || signal?.aborted) {
        throw error instanceof Retryable ? fail(error.message, error.cause) : error;
      }
      const wait = (policy.backoffMs ?? 1000) * 2 ** attempt;
      policy.logger.warn(
        `Download of ${shown} failed (${error.message}); retry ${attempt + 1} of ${retries} in ${wait} ms.`,
      );
      await policy.sleep(wait);
    }
  }

  async function attemptOnce(): Promise<void> {
    let current = url;
    for (let hop = 0; ; hop++) {
      sink.reset();
      let received = 0;
      let head: HttpHead;
      const sameOrigin = new URL(current).origin === origin;
      try {
        head = await policy.http(current, {
          ...(signal ? { signal } : {}),
          ...(policy.authorization && sameOrigin ? { authorization: policy.authorization } : {}),
          onData(chunk) {
            received += chunk.length;
            if (received > maxBytes) throw fail(`it is larger than the ${maxBytes} bytes allowed`);
            sink.write(chunk);
          },
        });
      } catch (error) {
        if (error instanceof ImmutableError) throw error;
        if (signal?.aborted) throw fail(reasonOf(error), error);
        throw new Retryable(reasonOf(error), { cause: error });
      }
      if (head.status >= 300 && head.status < 400 && head.location) {
        if (hop >= MAX_REDIRECTS) throw fail(`more than ${MAX_REDIRECTS} redirects`);
        const next = new URL(head.location, current);
        if (next.origin !== origin && !policy.allowCrossOriginRedirects) {
          throw fail(
            `it redirects to another origin, ${next.origin}, which is not followed unless allow-cross-origin-redirects is true`,
          );
        }
        if (next.protocol !== 'https:' && next.protocol !== 'http:')
          throw fail(`it redirects to ${next.protocol} URL`);
        current = next.toString();
        continue;
      }
      if (head.status >= 200 && head.status < 300) return;
      const status = `HTTP ${head.status}${head.statusText ? ` ${head.statusText}` : ''}`;
      if (head.status >= 500 || head.status === 429) throw new Retryable(status);
      const hint = head.status === 404 ? ' (is the mirror laid out as <base>/packer/<version>/<file>?)' : '';
      throw fail(`${status}${hint}`);
    }
  }
}

export async function downloadBytes(
  policy: DownloadPolicy,
  url: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  let chunks: Uint8Array[] = [];
  await download(
    policy,
    url,
    { reset: () => (chunks = []), write: (chunk) => chunks.push(Uint8Array.from(chunk)) },
    maxBytes,
    signal,
  );
  return new Uint8Array(Buffer.concat(chunks));
}

/** Writes each chunk synchronously as it arrives: no buffering, no backpressure (see proxyAwareGet). */
export async function downloadToFile(
  policy: DownloadPolicy,
  url: string,
  path: string,
  maxBytes: number,
): Promise<void> {
  let fd: number | undefined;
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  try {
    await download(
      policy,
      url,
      {
        reset: () => {
          close();
          fd = openSync(path, 'w', 0o600);
        },
        write: (chunk) => {
          for (let done = 0; fd !== undefined && done < chunk.length;) done += writeSync(fd, chunk, done);
        },
      },
      maxBytes,
    );
  } finally {
    close();
  }
}
