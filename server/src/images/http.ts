/**
 * A small HTTP client on `node:http` / `node:https`, for the registry lookups
 * (./registry.ts) and the HEAD requests of downloads (../layers/service.ts), in
 * place of the global `fetch`: Node's fetch is undici, and loading it the first
 * time costs a fresh process about 14 MB of RSS where `node:https` costs about 6
 * (and `node:http` alone, for loopback registries, less). Both modules are loaded
 * on the first request, not when the server starts.
 *
 * What it keeps of fetch, and only that:
 * - GET and HEAD with request headers; `Accept: *\/*` and a `User-Agent` unless
 *   given; no `Accept-Encoding` is sent, but a gzip/deflate/br body a server
 *   sends anyway is decoded as fetch does.
 * - Redirects (301, 302, 303, 307, 308 with a `Location`) followed up to
 *   `maxRedirects` (default 5; fetch's is 20), to http(s) URLs only; the method
 *   is kept (GET and HEAD stay as they are on a 303 too). As fetch does
 *   (WHATWG fetch, HTTP-redirect fetch step 13; undici), `Authorization`,
 *   `Proxy-Authorization` and `Cookie` are dropped when a redirect leaves the
 *   origin (scheme, host and port): a registry's bearer token never reaches the
 *   CDN it redirects to.
 * - Status, `ok`, the final `url`, headers read by name in any case (repeated
 *   headers joined with `, `, as `Headers.get` does), the body as text or JSON
 *   read up to a cap (default 4 MiB): a declared `Content-Length` over the cap
 *   fails before reading, a longer body fails as soon as it passes the cap.
 * - An `AbortSignal` and/or a timeout covering the whole exchange, redirects and
 *   body included; the promise (or the body read) rejects with the signal's
 *   reason, as fetch does (`TimeoutError` for `AbortSignal.timeout`).
 * - Network errors are Node's own (`code`: ECONNREFUSED, ENOTFOUND, a TLS
 *   verification code…); fetch wraps the same error as the `cause` of a TypeError.
 * The body of a response that is not read must be `discard()`ed (small bodies
 * are drained so the connection can be reused, larger ones cut off); HEAD
 * responses need not be.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';
import type { Readable } from 'node:stream';

export interface HttpRequestInit {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Aborts the request and the reading of its body. */
  signal?: AbortSignal;
  /** Deadline of the whole exchange (redirects and body included), in ms. */
  timeoutMs?: number;
  /** Redirects followed before failing; default 5. */
  maxRedirects?: number;
}

export interface HttpHeaders {
  /** The header's value, repeated ones joined with `, `; null when absent. */
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  /** 200–299. */
  readonly ok: boolean;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: HttpHeaders;
  /** The body as UTF-8 text, at most `maxBytes` (default 4 MiB, after decoding). */
  text(maxBytes?: number): Promise<string>;
  /** The body parsed as JSON (a SyntaxError when it is not), at most `maxBytes`. */
  json(maxBytes?: number): Promise<unknown>;
  /** Done with the response without reading its body. */
  discard(): void;
  /** The body as a stream (decoded), for bodies too large to hold (a layer blob); the caller reads or destroys it. */
  stream(): Readable;
}

/** A failure of the exchange itself: too many or bad redirects, a body over the cap. */
export class HttpError extends Error {}

export const DEFAULT_MAX_BODY = 4 << 20;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Dropped on a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/** An unread body up to this size is drained (the connection is kept), a larger one is cut off. */
const DRAIN_MAX = 64 * 1024;
const USER_AGENT = 'dockerfile-lens';

type Transport = { request(url: URL, options: RequestOptions): import('node:http').ClientRequest };

/** `node:http` or `node:https`, loaded on first use. */
function transport(protocol: string): Transport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return protocol === 'https:' ? (require('node:https') as Transport) : (require('node:http') as Transport);
}

/** The caller's signal and the timeout as one signal, and how to release the timer and listener. */
function deadline(signal: AbortSignal | undefined, timeoutMs: number | undefined): { signal: AbortSignal | undefined; release(): void } {
  if (timeoutMs === undefined) return { signal, release: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
  const forward = () => controller.abort(signal!.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    },
  };
}

/** GET or HEAD `input`, following redirects; resolves once the final response's headers are in. */
export async function httpRequest(input: string | URL, init: HttpRequestInit = {}): Promise<HttpResponse> {
  const method = init.method ?? 'GET';
  const maxRedirects = init.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const d = deadline(init.signal, init.timeoutMs);
  try {
    let url = new URL(input);
    let headers: Record<string, string> = { Accept: '*/*', 'User-Agent': USER_AGENT };
    for (const [k, v] of Object.entries(init.headers ?? {})) {
      for (const key of Object.keys(headers)) if (key.toLowerCase() === k.toLowerCase()) delete headers[key];
      headers[k] = v;
    }
    for (let hops = 0; ; hops++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpError(`unsupported URL scheme ${url.protocol}`);
      const res = await exchange(url, method, headers, d.signal);
      const location = REDIRECT_STATUSES.has(res.statusCode ?? 0) ? res.headers.location : undefined;
      if (location === undefined) return wrap(res, url, hops > 0, method, d);
      drain(res);
      if (hops >= maxRedirects) throw new HttpError(`more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new HttpError(`redirect to an invalid URL ${JSON.stringify(location)}`);
      }
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.has(k.toLowerCase())));
      url = next;
    }
  } catch (e) {
    d.release();
    throw e;
  }
}

/** One request; resolves with the response's head. */
function exchange(url: URL, method: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let req: ReturnType<Transport['request']>;
    try {
      req = transport(url.protocol).request(url, { method, headers });
    } catch (e) {
      return reject(e); // e.g. an invalid header value
    }
    const onAbort = () => req.destroy(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    // kept for the whole life of the request: a socket error after the response must not go unhandled
    req.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? signal.reason : e);
    });
    req.once('response', (res) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(res);
    });
    req.end();
  });
}

/** Reads and drops a small body so the connection can be reused; cuts a large one off. */
function drain(res: IncomingMessage): void {
  res.on('error', () => undefined);
  const declared = Number(res.headers['content-length']);
  if (declared > DRAIN_MAX) {
    res.destroy();
    return;
  }
  let seen = 0;
  res.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_MAX) res.destroy();
  });
  res.resume();
}

function wrap(res: IncomingMessage, url: URL, redirected: boolean, method: string, d: { signal: AbortSignal | undefined; release(): void }): HttpResponse {
  const { signal } = d;
  const onAbort = () => res.destroy(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    signal?.removeEventListener('abort', onAbort);
    d.release();
  };
  res.on('error', () => undefined); // reported by the body readers
  res.once('end', release);
  res.once('close', release);
  let used = false;
  const claim = () => {
    if (used) throw new HttpError('the body was already read or discarded');
    used = true;
  };

  const text = async (maxBytes = DEFAULT_MAX_BODY): Promise<string> => {
    claim();
    const declared = Number(res.headers['content-length']);
    if (declared > maxBytes) {
      res.destroy();
      throw new HttpError(`response too large (${declared} bytes)`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of decoded(res) as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes) throw new HttpError(`response larger than ${maxBytes} bytes`);
        chunks.push(chunk);
      }
    } catch (e) {
      res.destroy();
      throw signal?.aborted ? signal.reason : e;
    }
    const s = Buffer.concat(chunks).toString('utf8');
    // fetch's text() decodes UTF-8 without its byte order mark
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  };

  if (method === 'HEAD') {
    used = true;
    res.resume();
  }
  return {
    status: res.statusCode ?? 0,
    ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300,
    url: url.href,
    redirected,
    headers: {
      get(name) {
        const v = res.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    },
    text,
    json: async (maxBytes) => JSON.parse(await text(maxBytes)) as unknown,
    stream() {
      claim();
      return decoded(res);
    },
    discard() {
      if (used) return;
      used = true;
      drain(res);
    },
  };
}

/** The body with its `Content-Encoding` undone (gzip, deflate, br), as fetch does. */
function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(encoding)) return res;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zlib = require('node:zlib') as typeof import('node:zlib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pipeline } = require('node:stream') as typeof import('node:stream');
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const decoder = encoding === 'br' ? zlib.createBrotliDecompress() : encoding === 'deflate' ? zlib.createInflate(flush) : zlib.createGunzip(flush);
  return pipeline(res, decoder, () => undefined);
}
