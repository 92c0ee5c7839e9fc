import { createHmac, randomBytes } from 'node:crypto';

/**
 * An endpoint's Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes (the
 * specification allows 24 to 64), the form its reference libraries take as they are.
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks `v1` signature: base64 of HMAC-SHA256, keyed by the secret's bytes, over
 * the signed content (`${webhook-id}.${webhook-timestamp}.${body}`).
 */
export function webhookSignatureV1(secret: string, signedContent: Buffer): string {
  return createHmac('sha256', Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64')).update(signedContent).digest('base64');
}

/** What an endpoint's sealed secret is bound to: a sealed secret copied onto another endpoint does not open. */
export const webhookSecretContext = (agencyId: string, endpointId: string) => `webhook endpoint ${agencyId} ${endpointId}`;
