import { createHmac, createPublicKey, timingSafeEqual, verify, type JsonWebKey } from 'node:crypto';
import type { webhooks } from './generated/openapi';

/** What a webhook delivery's body holds: the event. */
export interface WebhookEvent<Data = Record<string, unknown>> {
  /** The event's id, also `webhook-id`: deduplicate by it (delivery is at least once). */
  id: string;
  type: string;
  createdAt: string;
  data: Data;
}

/** The body the document declares for one webhook (`referral.sent`, ...). */
export type WebhookBody<K extends keyof webhooks> = webhooks[K] extends { post: { requestBody: { content: { 'application/json': infer B } } } } ? B : never;

/** Any event the hub posts, as the API document types it: narrow it by `type`. */
export type PonteWebhookEvent = { [K in keyof webhooks]: WebhookBody<K> }[keyof webhooks];

export interface VerifyWebhookOptions {
  /**
   * The endpoint's signing secret (`whsec_...`), answered when the endpoint was made or its secret
   * rotated; several while you move from one to the next. Checks the `v1` (HMAC-SHA256) signatures.
   */
  secret?: string | string[];
  /**
   * The hub's published keys (its JWKS at `/.well-known/jwks.json`, or its `keys`): checks the `v1a`
   * (Ed25519) signatures instead of, or as well as, `v1`. Either one verifying is enough.
   */
  jwks?: { keys: JsonWebKey[] } | JsonWebKey[];
  /** The request's headers: a `Headers`, or Node's `req.headers`. */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw body, exactly as received (parse it only after it verifies). */
  body: string | Uint8Array;
  /** How far `webhook-timestamp` may be from now, either way (default 300 s): an old delivery replayed is refused. */
  toleranceSeconds?: number;
  /** Now (default the clock). */
  now?: Date;
}

export type WebhookVerificationFailure = 'missing_headers' | 'no_key' | 'timestamp_out_of_tolerance' | 'no_matching_signature' | 'invalid_body';

export class WebhookVerificationError extends Error {
  constructor(readonly reason: WebhookVerificationFailure) {
    super(`webhook not verified: ${reason}`);
    this.name = 'WebhookVerificationError';
  }
}

const SECRET_PREFIX = 'whsec_';

/**
 * Verifies a webhook delivery as Standard Webhooks says: `webhook-signature` holds one or more
 * space-separated `v1,<base64 HMAC-SHA256>` (under the endpoint's secret) and `v1a,<base64
 * Ed25519>` (under the hub's key) over `${webhook-id}.${webhook-timestamp}.${body}`; any one that
 * verifies is enough (during a secret's rotation the hub signs with both secrets). Comparisons are
 * constant-time; a timestamp further than the tolerance from now is refused. Answers the parsed
 * event, or throws {@link WebhookVerificationError}.
 */
export function verifyWebhook<E = WebhookEvent>(options: VerifyWebhookOptions): E {
  const id = header(options.headers, 'webhook-id');
  const timestamp = header(options.headers, 'webhook-timestamp');
  const signatures = header(options.headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing_headers');
  const secrets = options.secret === undefined ? [] : Array.isArray(options.secret) ? options.secret : [options.secret];
  const keys = options.jwks === undefined ? [] : Array.isArray(options.jwks) ? options.jwks : options.jwks.keys;
  if (secrets.length === 0 && keys.length === 0) throw new WebhookVerificationError('no_key');

  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (!Number.isFinite(seconds) || Math.abs(now - seconds) > (options.toleranceSeconds ?? 300)) throw new WebhookVerificationError('timestamp_out_of_tolerance');

  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : Buffer.from(options.body);
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]);
  const offered = signatures.split(' ').map((part) => {
    const comma = part.indexOf(',');
    return { version: part.slice(0, comma), signature: Buffer.from(part.slice(comma + 1), 'base64') };
  });

  const hmacs = secrets.map((secret) => createHmac('sha256', secretBytes(secret)).update(signed).digest());
  const v1 = offered.filter((o) => o.version === 'v1').some((o) => hmacs.some((expected) => expected.length === o.signature.length && timingSafeEqual(expected, o.signature)));
  const v1a =
    !v1 &&
    offered
      .filter((o) => o.version === 'v1a')
      .some((o) => keys.filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519').some((k) => verify(null, signed, createPublicKey({ key: k, format: 'jwk' }), o.signature)));
  if (!v1 && !v1a) throw new WebhookVerificationError('no_matching_signature');
  try {
    return JSON.parse(body.toString('utf8')) as E;
  } catch {
    throw new WebhookVerificationError('invalid_body');
  }
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

function header(headers: VerifyWebhookOptions['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(' ') : value;
}
