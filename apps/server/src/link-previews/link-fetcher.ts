import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AddressPolicy, type AddressPolicyOptions } from './address-policy.js';

// Fetches a web page for a bookmark preview with the guards a server fetching people's URLs
// needs (SSRF): http(s) only; every host name resolved and EVERY address it resolves to checked
// (AddressPolicy) before connecting, and the connection made to the checked address (no second
// DNS answer can slip in: the lookup that decides is the one the socket uses); redirects followed
// by hand, a bounded number, each hop checked the same way; one deadline for the whole fetch; at
// most `maxBytes` of body read; only HTML bodies returned.

/** The address may not be fetched (scheme, credentials, private/loopback/reserved address). */
export class FetchRefused extends Error {
  override readonly name = 'FetchRefused';
}

/** The page could not be fetched (timeout, DNS failure, an error status, too many redirects). */
export class FetchFailed extends Error {
  override readonly name = 'FetchFailed';
}

export interface FetchedPage {
  /** Where the page was finally read from, after redirects. */
  url: string;
  /** The HTML, decoded; null when the answer was not HTML (it is never read then). */
  html: string | null;
  /** True when the body was cut at `maxBytes`. */
  truncated: boolean;
}

export interface LinkFetcherOptions extends AddressPolicyOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const USER_AGENT = 'Mozilla/5.0 (compatible; TandemBot/1.0; link preview)';

export class LinkFetcher {
  private readonly policy: AddressPolicy;
  private readonly maxRedirects: number;

  constructor(private readonly options: LinkFetcherOptions) {
    this.policy = new AddressPolicy({ allowLoopback: options.allowLoopback });
    this.maxRedirects = options.maxRedirects ?? 5;
  }

  async fetch(address: string): Promise<FetchedPage> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let url = this.checkUrl(address);
    for (let hop = 0; ; hop += 1) {
      const response = await this.get(url, signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.destroy();
        if (hop >= this.maxRedirects) throw new FetchFailed(`More than ${this.maxRedirects} redirects.`);
        let next: URL;
        try {
          next = new URL(response.headers.location, url);
        } catch {
          throw new FetchFailed('A redirect to an address that is not valid.');
        }
        url = this.checkUrl(next.href);
        continue;
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        throw new FetchFailed(`The site answered ${status}.`);
      }
      const [type, ...params] = (response.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
      if (!type || !HTML_TYPES.has(type)) {
        response.destroy();
        return { url: url.href, html: null, truncated: false };
      }
      const { bytes, truncated } = await this.readBody(response, signal);
      const charset = params.find((param) => param.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
      return { url: url.href, html: decode(bytes, charset), truncated };
    }
  }

  // http(s), no credentials, and a literal IP host checked at once (a literal never goes to DNS).
  private checkUrl(address: string): URL {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new FetchRefused('Not a web address.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefused('Only http and https addresses can be previewed.');
    if (url.username || url.password) throw new FetchRefused('Addresses with a user name or password cannot be previewed.');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !this.policy.allows(host)) throw refusedAddress();
    return url;
  }

  private get(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let req: ClientRequest;
      try {
        req = request(url, {
          method: 'GET',
          signal,
          lookup: this.lookup,
          // A fresh connection per fetch: a pooled socket would skip the lookup's check.
          agent: false,
          headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', 'accept-encoding': 'identity' },
        });
      } catch (error) {
        reject(new FetchFailed((error as Error).message));
        return;
      }
      req.on('response', resolve);
      req.on('error', (error) => reject(fetchError(error, signal)));
      req.end();
    });
  }

  // The socket's own DNS lookup, refusing when ANY address of the name is not allowed (a name that
  // resolves to a public and a private address must not be a coin toss).
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0 || addresses.some((entry) => !this.policy.allows(entry.address))) return callback(refusedAddress(), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };

  private readBody(response: IncomingMessage, signal: AbortSignal): Promise<{ bytes: Buffer; truncated: boolean }> {
    const max = this.options.maxBytes;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onAbort = () => {
        response.destroy();
        reject(new FetchFailed('The site took too long to answer.'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (truncated: boolean) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ bytes: Buffer.concat(chunks, Math.min(size, max)), truncated });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough: stop reading and close the connection (an endless body is not our problem).
        if (size >= max) {
          response.destroy();
          done(true);
        }
      });
      response.on('end', () => done(false));
      response.on('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(fetchError(error, signal));
      });
    });
  }
}

function refusedAddress(): FetchRefused {
  return new FetchRefused('Links to private, local or reserved network addresses cannot be previewed.');
}

function fetchError(error: unknown, signal: AbortSignal): Error {
  if (error instanceof FetchRefused || error instanceof FetchFailed) return error;
  // The lookup's refusal can come back wrapped by the socket.
  if (error instanceof Error && error.cause instanceof FetchRefused) return error.cause;
  if (signal.aborted) return new FetchFailed('The site took too long to answer.');
  return new FetchFailed(`The site could not be reached (${(error as Error).message}).`);
}

function decode(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
