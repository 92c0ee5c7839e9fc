import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from './webhooks';

/*
 * verifyWebhook against the Standard Webhooks reference library, on the same inputs: what one
 * accepts the other accepts, what one refuses the other refuses. Deliveries signed by the hub
 * itself are verified in test/api/webhook-lifecycle.test.ts.
 */
const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const hmac = (key: string, content: string) => createHmac('sha256', Buffer.from(key.slice(6), 'base64')).update(content).digest('base64');
const now = () => Math.floor(Date.now() / 1000);

function delivery(secrets: string[], body = JSON.stringify({ id: 'evt_1', type: 'referral.sent', createdAt: new Date().toISOString(), data: { referralId: 'r1' } }), timestamp = now()) {
  const id = 'a3c1e2d4-0000-4000-8000-000000000001';
  const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': secrets.map((s) => `v1,${hmac(s, `${id}.${timestamp}.${body}`)}`).join(' ') };
  return { headers, body };
}

/** Both verifiers' verdicts on one delivery: the parsed event, or 'refused'. */
function verdicts(key: string, d: { headers: Record<string, string>; body: string }) {
  const ours = (() => {
    try {
      return verifyWebhook({ secret: key, headers: d.headers, body: d.body });
    } catch (e) {
      expect(e).toBeInstanceOf(WebhookVerificationError);
      return 'refused';
    }
  })();
  const theirs = (() => {
    try {
      return new Webhook(key).verify(d.body, d.headers);
    } catch {
      return 'refused';
    }
  })();
  return { ours, theirs };
}

describe('verifyWebhook', () => {
  it('accepts a good delivery and answers its event, as the reference library does', () => {
    const key = secret();
    const d = delivery([key]);
    const { ours, theirs } = verdicts(key, d);
    expect(ours).toMatchObject({ type: 'referral.sent', data: { referralId: 'r1' } });
    expect(ours).toEqual(theirs);
  });

  it('refuses a tampered body, a wrong secret and an old or future timestamp, as the reference library does', () => {
    const key = secret();
    const d = delivery([key]);
    const cases = {
      tampered: { key, d: { ...d, body: d.body.replace('r1', 'r2') } },
      wrongSecret: { key: secret(), d },
      old: { key, d: delivery([key], undefined, now() - 301) },
      future: { key, d: delivery([key], undefined, now() + 310) },
      noSignature: { key, d: { ...d, headers: { ...d.headers, 'webhook-signature': '' } } },
      otherVersion: { key, d: { ...d, headers: { ...d.headers, 'webhook-signature': d.headers['webhook-signature'].replace('v1,', 'v2,') } } },
    };
    for (const [name, { key: k, d: x }] of Object.entries(cases)) expect({ name, ...verdicts(k, x) }).toEqual({ name, ours: 'refused', theirs: 'refused' });
    expect(() => verifyWebhook({ secret: key, ...delivery([key], undefined, now() - 301) })).toThrow(expect.objectContaining({ reason: 'timestamp_out_of_tolerance' }));
    expect(() => verifyWebhook({ secret: key, ...cases.tampered.d })).toThrow(expect.objectContaining({ reason: 'no_matching_signature' }));
    // Within a tolerance the receiver chooses.
    expect(verifyWebhook({ secret: key, ...delivery([key], undefined, now() - 600), toleranceSeconds: 900 })).toMatchObject({ type: 'referral.sent' });
  });

  it('accepts a delivery signed with two secrets (a rotation) under either, and several secrets of the receiver', () => {
    const [before, after] = [secret(), secret()];
    const d = delivery([before, after]);
    expect(verdicts(before, d)).toEqual({ ours: expect.objectContaining({ type: 'referral.sent' }), theirs: expect.objectContaining({ type: 'referral.sent' }) });
    expect(verdicts(after, d).ours).toMatchObject({ type: 'referral.sent' });
    expect(verdicts(after, d).theirs).toMatchObject({ type: 'referral.sent' });
    expect(verifyWebhook({ secret: [secret(), after], ...delivery([after]) })).toMatchObject({ type: 'referral.sent' });
    expect(verdicts(secret(), d)).toEqual({ ours: 'refused', theirs: 'refused' });
  });

  it('verifies v1a (Ed25519) against a JWKS, and refuses it under another key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey;
    const body = JSON.stringify({ id: 'e', type: 'ponte.ping', createdAt: 'x', data: {} });
    const t = String(now());
    const signature = sign(null, Buffer.from(`id1.${t}.${body}`), privateKey).toString('base64');
    const headers = new Headers({ 'webhook-id': 'id1', 'webhook-timestamp': t, 'webhook-signature': `v1a,${signature}` });
    expect(verifyWebhook({ jwks: { keys: [publicKey.export({ format: 'jwk' })] }, headers, body })).toMatchObject({ type: 'ponte.ping' });
    expect(() => verifyWebhook({ jwks: [other.export({ format: 'jwk' })], headers, body })).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook({ secret: secret(), headers, body })).toThrow(WebhookVerificationError);
  });

  it('refuses a delivery without its headers, and a call with no key to check against', () => {
    const key = secret();
    const d = delivery([key]);
    expect(() => verifyWebhook({ secret: key, headers: { 'webhook-id': d.headers['webhook-id'] }, body: d.body })).toThrow(expect.objectContaining({ reason: 'missing_headers' }));
    expect(() => verifyWebhook({ headers: d.headers, body: d.body })).toThrow(expect.objectContaining({ reason: 'no_key' }));
  });
});
