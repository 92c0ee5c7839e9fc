import { createHash } from 'node:crypto';
import { declaredTypeOf, TokenRejected, type TokenRejection } from '@ponte/auth';
import { SPECIAL_CATEGORIES } from '@ponte/contracts';
import type { Context } from '../context';
import { iso } from '../util';
import type { LoadedConsent } from './consent-view';

export const RECEIPT_TYPE = 'consent-receipt+jwt';
/** A hub-signed reference to one signed receipt: small enough for a QR code whatever the consent holds. */
export const RECEIPT_REFERENCE_TYPE = 'consent-receipt-ref+jwt';

/**
 * A consent receipt, signed by the hub as a compact JWS. Its claims follow the Kantara
 * Initiative Consent Receipt (v1.1) and carry the consent-record fields of ISO/IEC TS 27560:
 * record id and version, subject pseudonym, controller, purposes, categories, recipients,
 * legal basis, validity, the event and its time, how to withdraw, and the language.
 */
export async function signReceipt(ctx: Context, consent: LoadedConsent, event: 'given' | 'withdrawn'): Promise<string> {
  const row = consent.latest;
  const eventTime = event === 'withdrawn' && consent.withdrawal ? consent.withdrawal.withdrawn_at : row.recorded_at;
  const special = row.categories.filter((c) => (SPECIAL_CATEGORIES as readonly string[]).includes(c));
  const claims = {
    version: 'KI-CR-v1.1.0',
    jurisdiction: 'MZ',
    consentTimestamp: Math.floor(new Date(row.recorded_at).getTime() / 1000),
    collectionMethod: row.method,
    consentReceiptID: `${row.consent_id}:${row.version}:${event}`,
    language: row.language,
    piiPrincipalId: consent.subject.reference,
    piiControllers: [{ piiController: consent.controller.nameEn, id: consent.controller.slug, onBehalf: false }],
    policyUrl: `${ctx.settings.publicUrl}/docs`,
    services: [
      {
        service: 'Inter-agency case referral',
        purposes: row.purposes.map((purpose) => ({
          purpose,
          purposeCategory: [purpose],
          consentType: row.legal_basis === 'consent' ? 'EXPLICIT' : 'NOT_CONSENT',
          piiCategory: row.categories,
          primaryPurpose: true,
          termination: iso(row.valid_until),
          thirdPartyDisclosure: consent.recipients.length > 0,
          thirdPartyName: consent.recipients.map((r) => r.nameEn),
        })),
      },
    ],
    sensitive: special.length > 0,
    spiCat: special,
    // ISO/IEC TS 27560 consent record
    record: {
      recordId: row.consent_id,
      version: row.version,
      agencyId: row.agency_id,
      event,
      eventTime: iso(eventTime),
      legalBasis: row.legal_basis,
      grantedBy: row.granted_by,
      interpreterUsed: row.interpreter_used,
      recipients: consent.recipients.map((r) => r.slug),
      validity: { from: iso(row.valid_from), until: iso(row.valid_until) },
      withdrawalMethod: `Ask the caseworker, or POST ${ctx.settings.publicUrl}/v1/consents/${row.consent_id}/withdraw`,
    },
  };
  return ctx.tokens.sign(claims, RECEIPT_TYPE, ctx.now());
}

/**
 * A compact, hub-signed reference to a signed consent receipt, for a QR code: the consent record
 * it proves (id, version, agency, event) and the SHA-256 of the full receipt, signed with the
 * hub's key like the receipt. Its size does not grow with the consent's purposes, recipients or
 * categories, and it carries no personal data. `POST /v1/consent-receipts/verify` verifies it
 * as it verifies a receipt; the hash ties it to the one receipt it was made from.
 */
export async function signReceiptReference(ctx: Pick<Context, 'tokens' | 'now'>, receipt: string): Promise<string> {
  const claims = await ctx.tokens.verifySigned(receipt, RECEIPT_TYPE);
  const record = claims.record as { recordId: string; version: number; agencyId: string; event: string };
  return ctx.tokens.sign(
    {
      record: { recordId: record.recordId, version: record.version, agencyId: record.agencyId, event: record.event },
      receiptSha256: createHash('sha256').update(receipt).digest('base64url'),
    },
    RECEIPT_REFERENCE_TYPE,
    ctx.now(),
  );
}

/** The consent record a signed receipt, or the receipt reference of its QR code, proves. */
export interface ReceiptRecord {
  recordId: string;
  version: number;
  agencyId: string;
  event: 'given' | 'withdrawn';
}

/**
 * Verifies a consent receipt or a receipt reference (the QR code's content) with the hub's keys and
 * reads the consent record it proves, or says why it does not verify (`claims` when it is the hub's
 * but names no record).
 */
export async function readReceiptRecord(ctx: Pick<Context, 'tokens'>, token: string): Promise<ReceiptRecord | { rejected: TokenRejection }> {
  let claims;
  try {
    claims = await ctx.tokens.verifySigned(token, declaredTypeOf(token) === RECEIPT_REFERENCE_TYPE ? RECEIPT_REFERENCE_TYPE : RECEIPT_TYPE);
  } catch (error) {
    if (error instanceof TokenRejected) return { rejected: error.reason };
    throw error;
  }
  const record = claims.record as { recordId?: unknown; version?: unknown; agencyId?: unknown; event?: unknown } | undefined;
  if (!record || typeof record.recordId !== 'string' || typeof record.agencyId !== 'string' || typeof record.version !== 'number') return { rejected: 'claims' };
  return { recordId: record.recordId, version: record.version, agencyId: record.agencyId, event: record.event === 'withdrawn' ? 'withdrawn' : 'given' };
}
