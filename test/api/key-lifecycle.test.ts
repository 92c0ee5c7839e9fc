import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointOrigin, createWitnessKey, loadWitnessKey, noteVerifierKey, openNote, sealLog, signedBy, witnessOnce, witnessVerifierKey, WitnessStateFile, type WitnessKey } from '@ponte/audit';
import { deliverDueWebhooks, listSigningKeyStates, readSigningKeys, rotateSigningKey, SigningKeyRotationRefused } from '@ponte/core';
import { findAgencyBySlug, insertEventsAtCommit, withoutTenant, withTenant } from '@ponte/db';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';
import { TEST_SIGNING_KEY_OPTIONS } from '../support/key-encryption';
import { verifyThroughApi } from '../support/verification';
import { v1aSignature } from '../support/webhook-receiver';

/**
 * A key rotation, seen from outside: everything the hub signed before it (a consent receipt, a
 * tree head, a checkpoint, a webhook) still verifies after it, against the keys the hub publishes;
 * the new key is published before it signs, and signs once its pre-publication period is over.
 */

/** The hub's clock: real time plus an offset the test moves past the pre-publication period. */
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
const HOUR = 3_600_000;

let hub: TestHub;
const tokens: Record<string, string> = {};
let subjectId: string;
let unicefId: string;

interface Signed {
  receipt: string;
  head: string;
  checkpoint: { note: string; verifierKey: string };
  webhook: { headers: Record<string, string>; body: string };
}

const kidOf = (jws: string) => decodeProtectedHeader(jws).kid;

async function as(who: string, method: string, path: string, json?: unknown) {
  const res = await hub.call(method, path, { token: tokens[who], ...(json !== undefined ? { json } : {}) });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  return { status: res.status, body: body as any, headers: res.headers };
}

/** The keys the hub publishes, as any outside verifier fetches them. */
async function publishedKeys(): Promise<JWK[]> {
  const res = await hub.call('GET', '/.well-known/jwks.json');
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: JWK[] }).keys;
}

/** A JWS checked as an outside verifier does: against the published JWKS, by its kid. */
async function verifiesOutside(jws: string, typ: string): Promise<boolean> {
  const keys = await publishedKeys();
  return jwtVerify(jws, createLocalJWKSet({ keys }), { algorithms: ['EdDSA'], typ }).then(
    () => true,
    () => false,
  );
}

/** A checkpoint checked as a note reader does, with the verifier key made from a published key. */
async function checkpointVerifiesOutside(note: string): Promise<{ ok: boolean; verifierKeys: string[] }> {
  const origin = checkpointOrigin(ISSUER);
  const opened = openNote(note);
  if ('invalid' in opened) return { ok: false, verifierKeys: [] };
  const keys = (await publishedKeys()).map((k) => Buffer.from(String(k.x), 'base64url'));
  return { ok: keys.some((key) => signedBy(opened, origin, key)), verifierKeys: keys.map((key) => noteVerifierKey(origin, key)) };
}

/** A webhook checked as an agency's receiver does (Standard Webhooks v1a, key by `ponte-key-id`). */
async function webhookVerifiesOutside(webhook: Signed['webhook']): Promise<boolean> {
  const jwk = (await publishedKeys()).find((k) => k.kid === webhook.headers['ponte-key-id']);
  if (!jwk) return false;
  const signed = Buffer.from(`${webhook.headers['webhook-id']}.${webhook.headers['webhook-timestamp']}.${webhook.body}`);
  return verify(null, signed, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), Buffer.from(v1aSignature(webhook.headers['webhook-signature']), 'base64'));
}

const consent = () => ({
  grantedBy: 'subject',
  method: 'written',
  language: 'pt',
  interpreterUsed: false,
  purposes: ['return_reintegration'],
  recipients: ['caminho-seguro'],
  categories: ['identity'],
  legalBasis: 'consent',
  validUntil: new Date(now().getTime() + 60 * 86_400_000).toISOString(),
});

/** One of each thing the hub signs, signed at the hub's current time. */
async function signOneOfEach(): Promise<Signed> {
  const recorded = await as('iom', 'POST', `/v1/subjects/${subjectId}/consents`, consent());
  expect(recorded.status).toBe(201);
  await sealLog({ db: hub.database.db, tokens: hub.tokens, now });
  const heads = await as('iomPrivacy', 'GET', '/v1/log/heads?limit=1000');
  expect(heads.status).toBe(200);
  const checkpoint = await as('iomPrivacy', 'GET', '/v1/log/checkpoint');
  expect(checkpoint.status).toBe(200);

  await withTenant(hub.database.db, unicefId, async (tx) => insertEventsAtCommit(tx, [{ agency_id: unicefId, type: 'referral.sent', referral_id: null, payload: { n: 1 }, created_at: now() }]));
  const posted: Signed['webhook'][] = [];
  await deliverDueWebhooks({
    db: hub.database.db,
    tokens: hub.tokens, secrets: hub.secrets,
    logger: pino({ level: 'silent' }),
    now,
    post: async ({ headers, body }) => {
      posted.push({ headers, body });
      return 204;
    },
  });
  expect(posted).toHaveLength(1);
  return { receipt: recorded.body.receipt, head: heads.body.items.at(-1).signedHead, checkpoint: { note: checkpoint.body, verifierKey: checkpoint.headers.get('ponte-checkpoint-key')! }, webhook: posted[0]! };
}

let witnessFolder: string;
let witnessKey: WitnessKey;
/** IOM's witness, as `ponte witness run --once` runs it (with `--hub-key` when its operator gives one). */
const witness = (hubKey?: string) =>
  witnessOnce({
    hubUrl: ISSUER,
    token: async () => tokens.iomAdmin!,
    key: witnessKey,
    state: new WitnessStateFile(join(witnessFolder, 'iom.state.json')),
    hubKey,
    now,
    fetch: ((url: URL | string, init?: RequestInit) => hub.app.request(String(url), init)) as typeof fetch,
  });

/** What every hub process does every minute: read the published keys again. */
const refreshKeys = async () => hub.tokens.useKeys(await readSigningKeys(hub.database.db, { ...TEST_SIGNING_KEY_OPTIONS, now: now() }));

beforeAll(async () => {
  hub = await createTestHub({ now });
  for (const [name, agency, user] of [
    ['iom', 'iom', 'caseworker'],
    ['iomPrivacy', 'iom', 'privacy'],
    ['unicefAdmin', 'unicef', 'admin'],
    ['iomAdmin', 'iom', 'admin'],
  ] as const)
    tokens[name] = await hub.tokenFor(agency, user);
  unicefId = (await withoutTenant(hub.database.db, 'hub', (tx) => findAgencyBySlug(tx, 'unicef')))!.id;
  const subject = await as('iom', 'POST', '/v1/subjects', { identity: { givenName: 'Rotating', familyName: 'Keys', estimatedAge: 30, sex: 'female', languages: ['pt'] } });
  expect(subject.status).toBe(201);
  subjectId = subject.body.id;
  // Only this file's endpoint receives: the one webhook signed each round is the one checked.
  await sql`update webhook_endpoints set status = 'disabled'`.execute(hub.database.db);
  expect((await as('unicefAdmin', 'POST', '/v1/webhook-endpoints', { url: 'https://hooks.unicef.example.org/ponte' })).status).toBe(201);
  witnessFolder = await mkdtemp(join(tmpdir(), 'ponte-key-witness-'));
  await createWitnessKey(join(witnessFolder, 'iom.pem'));
  witnessKey = await loadWitnessKey(join(witnessFolder, 'iom.pem'), 'witness.iom.example/ponte');
  expect((await as('iomAdmin', 'POST', '/v1/log/witness-keys', { verifierKey: witnessVerifierKey(witnessKey) })).status).toBe(201);
});
afterAll(async () => {
  await hub?.close();
  if (witnessFolder) await rm(witnessFolder, { recursive: true, force: true });
});

describe('a signing key rotation, as an outside verifier sees it', () => {
  let before: Signed;
  let oldKid: string;
  let newKid: string;
  let newVerifierKey: string;

  it('signs everything with the one key before any rotation', async () => {
    before = await signOneOfEach();
    oldKid = kidOf(before.receipt)!;
    expect(kidOf(before.head)).toBe(oldKid);
    expect(before.webhook.headers['ponte-key-id']).toBe(oldKid);
    expect((await publishedKeys()).map((k) => k.kid)).toEqual([oldKid]);
    expect(await verifiesOutside(before.receipt, 'consent-receipt+jwt')).toBe(true);
    // IOM's witness pins the key it first sees.
    expect(await witness()).toMatchObject({ outcome: 'cosigned' });
  });

  it('publishes the new key at once, and keeps signing with the old one through the pre-publication period', async () => {
    const rotated = await rotateSigningKey(hub.database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: 24 });
    newKid = rotated.kid;
    expect(rotated.replaces).toBe(oldKid);
    expect(rotated.signsFrom.getTime()).toBeGreaterThan(Date.now() + 23 * HOUR);
    await refreshKeys();

    expect((await publishedKeys()).map((k) => k.kid)).toEqual([newKid, oldKid]);
    // Published only: no private half in the JWKS, for the new key or the old.
    expect((await publishedKeys()).every((k) => k.d === undefined)).toBe(true);
    const during = await signOneOfEach();
    expect([kidOf(during.receipt), kidOf(during.head), during.webhook.headers['ponte-key-id']]).toEqual([oldKid, oldKid, oldKid]);
    expect(during.checkpoint.verifierKey).toBe(before.checkpoint.verifierKey);
    // The witness's operator is given the new checkpoint key ahead of its time: the pinned one still counts until the switch.
    newVerifierKey = noteVerifierKey(checkpointOrigin(ISSUER), Buffer.from(String((await publishedKeys())[0]!.x), 'base64url'));
    expect(await witness(newVerifierKey)).toMatchObject({ outcome: 'cosigned' });
    expect((await listSigningKeyStates(hub.database.db)).map((k) => [k.kid, k.state])).toEqual([
      [newKid, 'pending'],
      [oldKid, 'signing'],
    ]);
  });

  it('refuses a second rotation while one is pending, changing nothing', async () => {
    const rows = async () => (await sql`select kid, signs_from, kek_id, private_key_ciphertext from signing_keys order by kid`.execute(hub.database.db)).rows;
    const kept = await rows();
    await expect(rotateSigningKey(hub.database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: 0 })).rejects.toThrow(SigningKeyRotationRefused);
    await expect(rotateSigningKey(hub.database.db, { ...TEST_SIGNING_KEY_OPTIONS, prepublishHours: 0 })).rejects.toThrow(/pending/);
    expect(await rows()).toEqual(kept);
  });

  it('signs with the new key once its time has come; the old one only verifies, and what it signed still verifies', async () => {
    offsetMs = 25 * HOUR;
    // The hub reads its keys again after the switch: the old one is now held without its private half.
    await refreshKeys();
    expect(hub.tokens.signer(now()).kid).toBe(newKid);
    const after = await signOneOfEach();
    expect([kidOf(after.receipt), kidOf(after.head), after.webhook.headers['ponte-key-id']]).toEqual([newKid, newKid, newKid]);
    expect(after.checkpoint.verifierKey).not.toBe(before.checkpoint.verifierKey);
    expect(after.checkpoint.verifierKey).toBe(newVerifierKey);
    // The witness moves to the new key, its record of what it cosigned carried over; the old key no longer counts for it.
    expect(await witness(newVerifierKey)).toMatchObject({ outcome: 'cosigned' });
    expect((await new WitnessStateFile(join(witnessFolder, 'iom.state.json')).load())!.hubKey).toBe(newVerifierKey);
    expect((await listSigningKeyStates(hub.database.db, now())).map((k) => [k.kid, k.state])).toEqual([
      [newKid, 'signing'],
      [oldKid, 'verification_only'],
    ]);
    // Still published: a verifier fetching the JWKS today can check what the old key signed.
    expect((await publishedKeys()).map((k) => k.kid)).toEqual([newKid, oldKid]);

    for (const signed of [before, after]) {
      expect(await verifiesOutside(signed.receipt, 'consent-receipt+jwt')).toBe(true);
      expect(await verifiesOutside(signed.head, 'tree-head+jwt')).toBe(true);
      expect(await webhookVerifiesOutside(signed.webhook)).toBe(true);
      const checkpoint = await checkpointVerifiesOutside(signed.checkpoint.note);
      expect(checkpoint.ok).toBe(true);
      // The verifier key a witness was given then is among those made from the published keys now.
      expect(checkpoint.verifierKeys).toContain(signed.checkpoint.verifierKey);
    }
    // The hub's own receipt check takes the old receipt too.
    const checked = await as('iom', 'POST', '/v1/consent-receipts/verify', { receipt: before.receipt });
    expect(checked.body).toMatchObject({ valid: true });
    // And the whole log, heads by both keys, verifies.
    expect((await verifyThroughApi(hub, tokens.iomPrivacy!)).verification?.report?.ok).toBe(true);
  });

  it('refuses what a key it never published signed, before and after a rotation', async () => {
    const [header, payload] = before.receipt.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header!, 'base64url').toString()), kid: 'not-a-published-key' })).toString('base64url')}.${payload}.${before.receipt.split('.')[2]}`;
    expect(await verifiesOutside(forged, 'consent-receipt+jwt')).toBe(false);
    expect((await as('iom', 'POST', '/v1/consent-receipts/verify', { receipt: forged })).body).toMatchObject({ valid: false, reason: 'signature' });
  });
});
