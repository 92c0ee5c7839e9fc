import { z } from 'zod';
import { DataCategory, LegalBasis, Purpose } from './catalogue';
import { Page, Slug, Timestamp, Uuid } from './common';
import { pagingParams } from './paging';

/*
 * A transfer of responsibility (issue 21, item 4): distinct from a referral, the agency that owns a
 * subject hands the case over for good (an unaccompanied child from IOM to MGCAS, say). The
 * receiving agency accepts and gets its own subject record holding the transferred categories; the
 * sender's record becomes read-only for its people after a grace period, its later reads logged
 * as historical.
 */

/** Where a transfer stands: asked (`pending`), then `accepted`, `declined` or `cancelled` (by the sender, before a decision). */
export const TRANSFER_STATUSES = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** The checks a transfer must pass when it is asked and when it is accepted, as named on the failing field. */
export const TRANSFER_CHECKS = [
  'agreement_in_force',
  'agreement_covers_categories',
  'known_consent',
  'consent_names_recipient',
  'consent_covers_purpose',
  'consent_covers_categories',
  'consent_withdrawn',
  'consent_expired',
  'consent_superseded',
  'consent_not_yet_valid',
] as const;
export type TransferCheck = (typeof TRANSFER_CHECKS)[number];

const distinct = <T>(items: T[]) => new Set(items).size === items.length;

export const RequestTransfer = z
  .strictObject({
    to: Slug.meta({ description: 'The agency that is to take the case over' }),
    consentId: Uuid.meta({
      description:
        "The basis of the transfer, recorded with the subject: the subject's consent, a guardian's, or for a child a best-interests determination. Its latest version must be active, name the receiving agency, cover the purpose and every category transferred.",
    }),
    purpose: Purpose,
    categories: z
      .array(DataCategory)
      .min(1)
      .refine(distinct, { message: 'categories must be distinct', params: { check: 'unique', pt: 'as categorias devem ser distintas' } })
      .meta({ description: 'The categories of the record the receiving agency takes over; each must be covered by the consent and by an agreement in force between the two agencies' }),
    reason: z.string().trim().min(1).max(1000).meta({ description: 'Why the case is handed over, for the receiving agency; write no personal data in it' }),
  })
  .meta({ id: 'RequestTransfer', example: { to: 'mgcas', consentId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90', purpose: 'best_interests_procedure', categories: ['identity', 'family', 'protection'], reason: 'Unaccompanied child: case management belongs with social welfare' } });
export type RequestTransfer = z.infer<typeof RequestTransfer>;

export const AcceptTransfer = z
  .strictObject({
    assigneeId: Uuid.optional().meta({ description: 'A caseworker of your agency to take the new record; required unless you work on cases yourself (then it is you)' }),
  })
  .meta({ id: 'AcceptTransfer' });
export type AcceptTransfer = z.infer<typeof AcceptTransfer>;

export const DeclineTransfer = z
  .strictObject({ reason: z.string().trim().min(1).max(1000).meta({ description: 'Why, for the sending agency; write no personal data in it' }) })
  .meta({ id: 'DeclineTransfer' });
export type DeclineTransfer = z.infer<typeof DeclineTransfer>;

export const Transfer = z
  .object({
    id: Uuid,
    fromAgency: Slug,
    toAgency: Slug,
    status: z.enum(TRANSFER_STATUSES),
    subjectId: Uuid.nullable().meta({ description: "The sending agency's subject record; shown to the sending agency only" }),
    receivedSubjectId: Uuid.nullable().meta({ description: "The receiving agency's own record, made when it accepted; shown to the receiving agency only" }),
    consentId: Uuid.nullable().meta({ description: 'The consent (or determination) the transfer rests on, as the sending agency recorded it; shown to the sending agency only' }),
    legalBasis: LegalBasis,
    purpose: Purpose,
    categories: z.array(DataCategory),
    reason: z.string(),
    declineReason: z.string().nullable(),
    requestedAt: Timestamp,
    decidedAt: Timestamp.nullable().meta({ description: 'When it was accepted, declined or cancelled' }),
    readOnlyFrom: Timestamp.nullable().meta({
      description: "Once accepted: from when the sending agency's record is read-only for its people (changes refused with rule `subject.transferred`, reads logged as historical)",
    }),
    version: z.number().int().meta({ description: 'Counts changes; the ETag' }),
  })
  .meta({ id: 'Transfer' });
export type Transfer = z.infer<typeof Transfer>;

export const TransferPage = Page(Transfer).meta({ id: 'TransferPage' });
export type TransferPage = z.infer<typeof TransferPage>;

export const TransferListQuery = z.strictObject({
  box: z.enum(['inbox', 'outbox']).default('inbox').meta({ description: '`inbox`: transfers to your agency; `outbox`: from it' }),
  status: z.enum(TRANSFER_STATUSES).optional(),
  ...pagingParams({ defaultLimit: 50, maxLimit: 200, cursorMaxLength: 200 }),
});
export type TransferListQuery = z.infer<typeof TransferListQuery>;
