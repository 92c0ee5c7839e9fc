import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Only public unicast addresses: IPv4 outside every special range (loopback, private, link-local,
 * carrier-grade NAT, reserved, multicast, ...), IPv6 in global unicast (2000::/3) outside its
 * special ranges (6to4, Teredo, documentation, ...). An IPv4-mapped address (::ffff:a.b.c.d) is
 * judged as the IPv4 address it carries; everything else outside 2000::/3 is refused, the
 * deprecated IPv4-compatible form (::a.b.c.d) and NAT64 (64:ff9b::/96, 64:ff9b:1::/48) included.
 */
export function isPublicAddress(address: string): boolean {
  const literal = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal)) return false;
  let ip = ipaddr.parse(literal);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.kind() === 'ipv4') return ip.range() === 'unicast';
  return ip.range() === 'unicast' && (ip as ipaddr.IPv6).match(ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number]);
}

/** Names that mean this machine or a private network whatever they resolve to. */
const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/i;

/**
 * Why a webhook URL may not be registered, judged from its text: a scheme other than HTTP(S),
 * credentials in it, a private name, or an address that is not public. Names are resolved again at
 * every delivery (see {@link postWebhook}), so passing here is not the last word.
 */
export function webhookUrlProblem(url: URL): 'scheme' | 'credentials' | 'private_address' | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.username || url.password) return 'credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPublicAddress(host) ? undefined : 'private_address';
  if (PRIVATE_NAMES.test(host.replace(/\.$/, '')) || !host.includes('.')) return 'private_address';
  return undefined;
}

/** Resolves a host name to all its addresses (the system resolver: /etc/hosts, then DNS). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** A delivery refused before any connection: the target resolves to an address that is not public. */
export class BlockedAddress extends Error {
  readonly code = 'EBLOCKEDADDRESS';
  constructor() {
    super('the webhook target resolves to an address that is not public');
  }
}

/**
 * A `lookup` for the socket: resolves the name, refuses it unless every address is public, and
 * hands the checked addresses to the connection itself, so what is connected to is what was
 * checked (no second resolution an attacker's DNS could answer differently).
 */
function guardedLookup(resolve: Resolver, allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 4);
        if (!allowPrivate && !addresses.every((a) => isPublicAddress(a.address))) return callback(new BlockedAddress(), '', 4);
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error, '', 4),
    );
  }) as unknown as LookupFunction;
}

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Posts a webhook; answers the HTTP status, or throws (refused address, network error, timeout). */
export type WebhookPoster = (post: WebhookPost) => Promise<number>;

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 8 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 8 }) };

/**
 * The hub's webhook client: resolves the target at every delivery and connects only to public
 * addresses (unless `allowPrivate`, for test beds and single-machine setups), never follows a
 * redirect (a 3xx is a failed attempt), and gives up after `timeoutMs`.
 */
export function webhookPoster({ allowPrivate = false, resolve = systemResolver }: { allowPrivate?: boolean; resolve?: Resolver } = {}): WebhookPoster {
  const lookup = guardedLookup(resolve, allowPrivate);
  return ({ url, headers, body, timeoutMs }) =>
    new Promise((done, fail) => {
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, '');
      // An address literal is not looked up by the socket: it is judged here.
      if (isIP(host) && !allowPrivate && !isPublicAddress(host)) return fail(new BlockedAddress());
      const secure = target.protocol === 'https:';
      const options: RequestOptions = {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
      };
      const request = (secure ? httpsRequest : httpRequest)(target, options, (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? 0));
        response.on('error', fail);
      });
      request.on('error', fail);
      request.end(body);
    });
}

/** A short, fixed description of why an attempt failed: no address, response text or detail of the target. */
export function attemptError(error: unknown): string {
  if (error instanceof BlockedAddress) return 'blocked_address';
  const name = (error as { name?: string })?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  const code = (error as { code?: string })?.code;
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'name_not_found';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection_reset';
  if (typeof code === 'string' && /CERT|TLS|SSL/.test(code)) return 'tls';
  return 'network_error';
}
