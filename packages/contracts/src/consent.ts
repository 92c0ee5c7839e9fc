import { z } from 'zod';
import { DataCategory, LegalBasis, Purpose } from './catalogue';
import { IsoDate, Slug, Timestamp, Uuid } from './common';
import { LanguageTag } from './subject';

const distinct = <T>(items: T[]) => new Set(items).size === items.length;
const Text = (max = 200) => z.string().trim().min(1).max(max);

export const CONSENT_METHODS = ['written', 'verbal_with_witness', 'thumbprint', 'electronic'] as const;
export const ConsentMethod = z.enum(CONSENT_METHODS).meta({ id: 'ConsentMethod' });

export const RecordConsent = z
  .strictObject({
    supersedes: Uuid.optional().meta({ description: 'The consent this is a new version of' }),
    grantedBy: z.enum(['subject', 'guardian', 'best_interests_determination']),
    guardian: z.strictObject({ name: Text(), relationship: Text(100) }).optional(),
    guardianReason: Text(1000).optional().meta({ description: "Why a guardian grants an adult's consent" }),
    bestInterestsDetermination: z.strictObject({ reference: Text(100), decidedOn: IsoDate }).optional(),
    childAssent: z.enum(['given', 'refused', 'not_capable']).optional(),
    method: ConsentMethod,
    witness: z.strictObject({ name: Text(), role: Text(100) }).optional(),
    language: LanguageTag,
    interpreterUsed: z.boolean(),
    purposes: z.array(Purpose).min(1).refine(distinct, { message: 'purposes must be distinct', params: { check: 'unique', pt: 'as finalidades devem ser distintas' } }),
    recipients: z.array(Slug).max(50).refine(distinct, { message: 'recipients must be distinct', params: { check: 'unique', pt: 'os destinatários devem ser distintos' } }),
    categories: z.array(DataCategory).min(1).refine(distinct, { message: 'categories must be distinct', params: { check: 'unique', pt: 'as categorias devem ser distintas' } }),
    legalBasis: LegalBasis,
    validFrom: Timestamp.optional().meta({ description: 'Defaults to now' }),
    validUntil: Timestamp,
  })
  .superRefine((v, ctx) => {
    const need = (ok: boolean, path: string, message: string, pt: string, check: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message, params: { check, pt } });
    };
    need(v.grantedBy !== 'guardian' || v.guardian !== undefined, 'guardian', 'required when a guardian grants consent', 'obrigatório quando um tutor dá o consentimento', 'required');
    need(
      v.grantedBy !== 'best_interests_determination' || v.bestInterestsDetermination !== undefined,
      'bestInterestsDetermination',
      'required when the basis is a best-interests determination',
      'obrigatório quando a base é uma determinação do superior interesse',
      'required',
    );
    need(v.guardian === undefined || v.grantedBy === 'guardian', 'guardian', 'only when a guardian grants consent', 'apenas quando um tutor dá o consentimento', 'only_for_guardian');
    need(
      v.bestInterestsDetermination === undefined || v.grantedBy === 'best_interests_determination',
      'bestInterestsDetermination',
      'only when the basis is a best-interests determination',
      'apenas quando a base é uma determinação do superior interesse',
      'only_for_determination',
    );
    need(v.guardianReason === undefined || v.grantedBy === 'guardian', 'guardianReason', 'only when a guardian grants consent', 'apenas quando um tutor dá o consentimento', 'only_for_guardian');
    need(v.method !== 'verbal_with_witness' || v.witness !== undefined, 'witness', 'required for verbal consent', 'obrigatório para consentimento verbal', 'required');
    if (v.validFrom !== undefined)
      need(Date.parse(v.validUntil) > Date.parse(v.validFrom), 'validUntil', 'must be after validFrom', 'tem de ser posterior a validFrom', 'after_start');
  })
  .meta({ id: 'RecordConsent' });
export type RecordConsent = z.infer<typeof RecordConsent>;

export const WithdrawConsent = z
  .strictObject({
    requestedBy: z.enum(['subject', 'guardian', 'caseworker']),
    method: ConsentMethod,
    reason: Text(2000),
  })
  .meta({ id: 'WithdrawConsent' });
export type WithdrawConsent = z.infer<typeof WithdrawConsent>;

export const CONSENT_STATUSES = ['active', 'withdrawn', 'expired', 'superseded', 'not_yet_valid'] as const;

export const Consent = z
  .object({
    id: Uuid.meta({ description: 'The consent record id, the same across its versions' }),
    version: z.number().int(),
    subjectId: Uuid,
    subjectReference: z.string(),
    status: z.enum(CONSENT_STATUSES),
    grantedBy: z.enum(['subject', 'guardian', 'best_interests_determination']),
    childAssent: z.enum(['given', 'refused', 'not_capable']).nullable(),
    method: ConsentMethod,
    language: z.string(),
    interpreterUsed: z.boolean(),
    purposes: z.array(Purpose),
    recipients: z.array(Slug),
    categories: z.array(DataCategory),
    legalBasis: LegalBasis,
    validFrom: Timestamp,
    validUntil: Timestamp,
    recordedAt: Timestamp,
    withdrawal: z
      .object({
        requestedBy: z.string(),
        method: ConsentMethod,
        reason: z.string(),
        withdrawnAt: Timestamp,
        recordedByAgency: Slug.nullable()
          .optional()
          .meta({ description: 'The agency that recorded the withdrawal from the printed receipt when it was not the owning agency (one holding a referral under the consent); null when the owner recorded it' }),
      })
      .nullable(),
  })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof Consent>;

export const ConsentWithReceipt = z
  .object({ consent: Consent, receipt: z.string().meta({ description: 'Compact JWS signed by the hub (verify with /.well-known/jwks.json)' }) })
  .meta({ id: 'ConsentWithReceipt' });

export const VerifyReceipt = z.strictObject({ receipt: z.string().min(10).max(20_000) }).meta({ id: 'VerifyReceipt' });

/**
 * A withdrawal recorded from a printed receipt's QR code by an agency holding a referral under the
 * consent: the QR's content (or the full receipt) and the same facts as the owner's withdrawal.
 */
export const WithdrawFromReceipt = WithdrawConsent.extend({
  receipt: z.string().min(10).max(20_000).meta({ description: 'What the receipt’s QR code holds (the hub-signed receipt reference), or the full signed receipt' }),
}).meta({ id: 'WithdrawFromReceipt' });
export type WithdrawFromReceipt = z.infer<typeof WithdrawFromReceipt>;

export const ReceiptWithdrawal = z
  .object({
    consentId: Uuid,
    version: z.number().int().meta({ description: 'The consent’s latest version, which the withdrawal ends with every other' }),
    owningAgency: Slug.meta({ description: 'The agency whose consent it is: the withdrawal is in its records, and it is told (`consent.withdrawn`)' }),
    recordedByAgency: Slug.meta({ description: 'Your agency, which recorded it' }),
    status: z.literal('withdrawn'),
    withdrawnAt: Timestamp,
    referralIds: z.array(Uuid).meta({ description: 'Your agency’s open referrals under the consent: they no longer show the data they shared, and you are asked to purge it (`referral.purge_requested`)' }),
  })
  .meta({ id: 'ReceiptWithdrawal' });
export type ReceiptWithdrawal = z.infer<typeof ReceiptWithdrawal>;

export const ReceiptVerification = z
  .object({
    valid: z.boolean().meta({ description: 'The signature is the hub’s and the receipt is well formed' }),
    reason: z.string().optional(),
    consentId: Uuid.optional(),
    version: z.number().int().optional(),
    event: z.enum(['given', 'withdrawn']).optional(),
    currentStatus: z.enum(CONSENT_STATUSES).optional(),
    active: z.boolean().meta({ description: 'The consent the receipt proves counts now' }),
  })
  .meta({ id: 'ReceiptVerification' });
