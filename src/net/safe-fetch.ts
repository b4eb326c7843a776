/**
 * Fetches a web page or feed for newsbot, safely for a bot that fetches addresses its users give it:
 *
 * - http(s) only, no credentials in the URL;
 * - the host name is resolved here and every address is vetted (see address-policy.ts): private, loopback,
 *   link-local, unique-local, CGNAT, multicast, unspecified, reserved and cloud metadata addresses are refused before
 *   any connection is made. The connection then goes to the vetted address itself (the request's `host` is the IP,
 *   the name travels in the `Host` header and TLS SNI), so no second DNS resolution can rebind the name elsewhere;
 * - redirects are followed by hand, each hop vetted again, at most `maxRedirects`;
 * - the body is capped while it streams (and a larger `Content-Length` is refused before reading); compressed bodies
 *   are capped twice, as sent and once decompressed, so a small gzip bomb is refused too;
 * - one deadline covers the whole fetch: DNS, every hop, the body and decompression.
 *
 * Compression: `Accept-Encoding: gzip, deflate, br` is sent because feeds compress well (often 5–10×) and a bot that
 * polls many feeds every few minutes should not cost publishers their bandwidth; decompression goes through zlib with
 * `maxOutputLength`, so decoded size is bounded by `maxBytes` as strictly as the raw size.
 *
 * Failures are `FetchError`s whose message can be shown to the person who added the address.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { UserFacingError } from '../errors.ts';
import { classifyAddress, isAllowedAddress } from './address-policy.ts';

export type FetchFailureReason =
  | 'invalid_url'
  | 'forbidden_address'
  | 'too_large'
  | 'timeout'
  | 'http_error'
  | 'too_many_redirects'
  | 'network';

export class FetchError extends UserFacingError {
  readonly reason: FetchFailureReason;
  /** The HTTP status for `http_error`, else null. */
  readonly status: number | null;
  /** The raw `Retry-After` header of an `http_error` response (429, 503…), else null; see `parseRetryAfter`. */
  readonly retryAfter: string | null;

  constructor(
    reason: FetchFailureReason,
    message: string,
    details: { status?: number; retryAfter?: string | null; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.status = details.status ?? null;
    this.retryAfter = details.retryAfter ?? null;
  }
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to its addresses. The default uses the system resolver (`dns.lookup`, all addresses). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface SafeFetcherOptions {
  readonly userAgent: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** The `Accept` header; defaults to feeds first, then HTML, then anything. */
  readonly accept?: string;
  /** Tests only: lets 127.0.0.0/8 and ::1 through (and nothing else that is not public). */
  readonly allowLoopback?: boolean;
  /** Tests only: resolves host names instead of DNS. */
  readonly lookup?: ResolveHost;
}

export interface ConditionalRequest {
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

export type FetchResult =
  | {
      readonly status: 'ok';
      /** The final URL, after redirects. */
      readonly url: string;
      /** The body, decompressed. */
      readonly body: Uint8Array;
      readonly contentType: string | null;
      readonly etag: string | null;
      readonly lastModified: string | null;
    }
  | { readonly status: 'not_modified' };

export type FetchPage = (url: string, conditional?: ConditionalRequest) => Promise<FetchResult>;

export const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const defaultResolve: ResolveHost = async (hostname) => {
  const addresses = await dnsLookup(hostname, { all: true, verbatim: true });
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** Parses and checks a URL the user gave (or a redirect pointed to): http(s), no credentials, a host. */
export function checkUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text.trim(), base);
  } catch {
    throw new FetchError('invalid_url', `“${shortText(text)}” is not a valid web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid_url', `Only http:// and https:// addresses can be fetched, not ${url.protocol}//.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new FetchError('invalid_url', 'Web addresses with a user name or password in them are not fetched.');
  }
  if (url.hostname === '') throw new FetchError('invalid_url', `“${shortText(text)}” has no host name.`);
  url.hash = '';
  return url;
}

function shortText(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function describeKind(host: string, address: string): string {
  const kind = classifyAddress(address);
  const what =
    kind === 'metadata'
      ? 'a cloud metadata service'
      : kind === 'loopback'
        ? 'this machine'
        : kind === 'multicast'
          ? 'a multicast group'
          : kind === 'reserved' || kind === 'unspecified' || kind === 'invalid'
            ? 'a reserved address'
            : 'a private network';
  return `${host} points to ${what}, which newsbot does not fetch from.`;
}

export function createSafeFetcher(options: SafeFetcherOptions): { fetchPage: FetchPage } {
  const resolve = options.lookup ?? defaultResolve;
  const addressOptions = { allowLoopback: options.allowLoopback === true };

  /** The address to connect to for the URL's host, after vetting every address the name resolves to. */
  async function vettedAddress(url: URL): Promise<ResolvedAddress> {
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const literal = isIP(host);
    if (literal !== 0) {
      if (!isAllowedAddress(host, addressOptions)) throw new FetchError('forbidden_address', describeKind(url.hostname, host));
      return { address: host, family: literal === 6 ? 6 : 4 };
    }
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new FetchError('network', `The host name ${url.hostname} could not be found.`, { cause: error });
    }
    if (addresses.length === 0) throw new FetchError('network', `The host name ${url.hostname} could not be found.`);
    // One bad address is enough to refuse: a name that mixes public and private addresses is a rebinding trick or a
    // misconfiguration, and either way not something to connect to.
    const forbidden = addresses.find((entry) => !isAllowedAddress(entry.address, addressOptions));
    if (forbidden !== undefined) throw new FetchError('forbidden_address', describeKind(url.hostname, forbidden.address));
    const [first] = addresses;
    if (first === undefined) throw new FetchError('network', `The host name ${url.hostname} could not be found.`);
    return first;
  }

  async function fetchPage(text: string, conditional: ConditionalRequest = {}): Promise<FetchResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    const deadline = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () =>
        reject(new FetchError('timeout', `The site took longer than ${formatSeconds(options.timeoutMs)} to answer.`)),
      );
    });
    // The deadline may reject after the fetch settled; nobody listens then.
    deadline.catch(() => undefined);
    try {
      return await Promise.race([fetchFollowing(text, conditional, controller.signal), deadline]);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  async function fetchFollowing(text: string, conditional: ConditionalRequest, signal: AbortSignal): Promise<FetchResult> {
    let url = checkUrl(text);
    for (let hop = 0; ; hop += 1) {
      const address = await vettedAddress(url);
      if (signal.aborted) throw new FetchError('timeout', 'The site took too long to answer.');
      const response = await request(url, address, conditional, signal);
      if (response.kind === 'redirect') {
        if (hop >= options.maxRedirects) {
          throw new FetchError('too_many_redirects', `The site redirected more than ${options.maxRedirects} times.`);
        }
        url = checkUrl(response.location, url);
        continue;
      }
      if (response.kind === 'not_modified') return { status: 'not_modified' };
      return { status: 'ok', url: url.href, ...response.page };
    }
  }

  type HopResult =
    | { kind: 'redirect'; location: string }
    | { kind: 'not_modified' }
    | { kind: 'ok'; page: Omit<Extract<FetchResult, { status: 'ok' }>, 'status' | 'url'> };

  function request(url: URL, address: ResolvedAddress, conditional: ConditionalRequest, signal: AbortSignal): Promise<HopResult> {
    const headers: Record<string, string> = {
      Host: url.host,
      'User-Agent': options.userAgent,
      Accept: options.accept ?? DEFAULT_ACCEPT,
      'Accept-Encoding': 'gzip, deflate, br',
    };
    if (conditional.etag) headers['If-None-Match'] = conditional.etag;
    if (conditional.lastModified) headers['If-Modified-Since'] = conditional.lastModified;
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const requestOptions: https.RequestOptions = {
      // Connect to the vetted address itself: no resolution happens after the check.
      host: address.address,
      family: address.family,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: false,
      signal,
    };
    // TLS: the certificate is checked against `servername` (the host name), not the IP connected to.
    if (url.protocol === 'https:' && isIP(hostname) === 0) requestOptions.servername = hostname;
    const transport = url.protocol === 'https:' ? https : http;

    return new Promise<HopResult>((resolvePromise, reject) => {
      const fail = (error: unknown) => reject(toFetchError(error, url));
      const req = transport.request(requestOptions, (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status)) {
          res.resume();
          const location = res.headers.location;
          if (location === undefined) {
            reject(new FetchError('http_error', `The site answered with a redirect (HTTP ${status}) that leads nowhere.`, { status }));
          } else {
            resolvePromise({ kind: 'redirect', location });
          }
          return;
        }
        if (status === 304) {
          res.resume();
          resolvePromise({ kind: 'not_modified' });
          return;
        }
        if (status < 200 || status > 299) {
          res.resume();
          const retryAfter = res.headers['retry-after'] ?? null;
          reject(new FetchError('http_error', httpErrorMessage(status), { status, retryAfter }));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          reject(tooLarge(options.maxBytes));
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxBytes) {
            // Settle first: destroying the streams makes them report an abort of their own.
            reject(tooLarge(options.maxBytes));
            res.destroy();
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('response aborted')));
        res.on('end', () => {
          if (!res.complete) {
            fail(new Error('response ended early'));
            return;
          }
          const encoding = res.headers['content-encoding'] ?? 'identity';
          decode(Buffer.concat(chunks, received), encoding, options.maxBytes).then((body) => {
            resolvePromise({
              kind: 'ok',
              page: {
                body,
                contentType: res.headers['content-type'] ?? null,
                etag: headerValue(res.headers.etag),
                lastModified: headerValue(res.headers['last-modified']),
              },
            });
          }, reject);
        });
      });
      req.on('error', fail);
      req.end();
    });
  }

  return { fetchPage };
}

function headerValue(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}

function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError('too_large', `The page is larger than ${formatBytes(maxBytes)}, the most newsbot reads.`);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function httpErrorMessage(status: number): string {
  if (status === 404 || status === 410) return `The site says there is no such page (HTTP ${status}).`;
  if (status === 401 || status === 403) return `The site refuses to let newsbot read this page (HTTP ${status}).`;
  if (status === 429) return 'The site asks newsbot to slow down (HTTP 429).';
  if (status >= 500) return `The site had a problem answering (HTTP ${status}).`;
  return `The site answered with an error (HTTP ${status}).`;
}

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ECONNRESET: 'closed the connection',
  ETIMEDOUT: 'did not answer',
  EHOSTUNREACH: 'cannot be reached',
  ENETUNREACH: 'cannot be reached',
  CERT_HAS_EXPIRED: 'has an expired security certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'has a self-signed security certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'has a security certificate for another name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'has a security certificate that cannot be verified',
};

function toFetchError(error: unknown, url: URL): FetchError {
  if (error instanceof FetchError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ABORT_ERR') return new FetchError('timeout', 'The site took too long to answer.', { cause: error });
  const what = typeof code === 'string' ? NETWORK_MESSAGES[code] : undefined;
  return new FetchError('network', `${url.host} ${what ?? 'could not be reached'}.`, { cause: error });
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** Undoes the Content-Encoding (a list, applied in order, undone in reverse), with the output capped at `maxBytes`. */
async function decode(body: Buffer, contentEncoding: string, maxBytes: number): Promise<Uint8Array> {
  const encodings = contentEncoding
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '' && encoding !== 'identity')
    .reverse();
  let data = body;
  const zlibOptions = { maxOutputLength: maxBytes };
  for (const encoding of encodings) {
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') data = await gunzip(data, zlibOptions);
      else if (encoding === 'br') data = await brotli(data, zlibOptions);
      else if (encoding === 'deflate') {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate.
        data = await inflate(data, zlibOptions).catch((error: unknown) => {
          if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
          return inflateRaw(data, zlibOptions);
        });
      } else {
        throw new FetchError('network', `The site sent the page in an encoding newsbot cannot read (${encoding}).`);
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
      throw new FetchError('network', 'The site sent a damaged compressed page.', { cause: error });
    }
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
