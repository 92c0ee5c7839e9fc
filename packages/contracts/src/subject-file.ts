import { z } from 'zod';
import { DataCategory, Purpose, ServiceCode } from './catalogue';
import { Slug, Timestamp, Uuid } from './common';
import { Consent } from './consent';
import { ERASURE_MODES, ERASURE_REASONS, PurgeRequest } from './erasure';
import { REFERRAL_STATUSES, ReferralTransition, URGENCIES } from './referral';
import { OnwardReferralOfSubject, SubjectAccess } from './reports';
import { TRANSFER_STATUSES } from './transfer';

/*
 * The person's file (issue 22, item 1; GDPR art. 15 as the common reference): what the owning
 * agency holds on a data subject, in sections. Each section is one key of `sections`, built by one
 * section builder in packages/core (subject-file.ts); a new section is a new key here and a new
 * builder there.
 */

const Actor = z.object({ kind: z.string().meta({ description: '`user` or `client`' }), id: Uuid });

/** One category of the person's data as the agency holds it. */
export const SubjectFileCategory = z.object({
  category: DataCategory,
  held: z.boolean().meta({ description: 'The agency holds data in this category' }),
  readable: z.boolean().meta({ description: 'Whoever produced the file may read it now (a consent or another basis covers it); otherwise `withheldBy` names the rule' }),
  withheldBy: z.string().nullable().meta({ description: 'The rule that withholds it from whoever produced the file (a `RuleCode`); null when readable' }),
  value: z.unknown().meta({ description: 'The data, when held and readable; null otherwise' }),
  changes: z
    .array(z.object({ at: Timestamp, agency: Slug, actor: Actor, action: z.string().meta({ description: '`create` or `update`' }) }))
    .meta({ description: 'Who recorded or changed this category and when, from the access log (where it is known)' }),
});

export const SubjectFileConsent = Consent.extend({
  recordedBy: Uuid.meta({ description: 'Who recorded this version' }),
  receiptReference: z.string().meta({ description: 'The signed receipt’s id (`consentReceiptID`: consent, version, event)' }),
  versions: z.array(z.object({ version: z.number().int(), recordedAt: Timestamp, recordedBy: Uuid, categories: z.array(DataCategory), recipients: z.array(Slug), validUntil: Timestamp })).meta({ description: 'Every version, oldest first' }),
  withdrawnBy: Uuid.nullable().meta({ description: 'Who recorded the withdrawal' }),
  withdrawalReceiptReference: z.string().nullable(),
});

export const SubjectFileReferral = z.object({
  id: Uuid,
  to: Slug,
  service: ServiceCode,
  purpose: Purpose,
  urgency: z.enum(URGENCIES),
  status: z.enum(REFERRAL_STATUSES),
  sharedCategories: z.array(DataCategory).meta({ description: 'The categories the referral shared (names)' }),
  legalBasis: z.string(),
  consentId: Uuid.nullable(),
  sentAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  history: z.array(ReferralTransition).meta({ description: 'Its status history, with the corrections carried to its receiver (`rectified`)' }),
});

export const SubjectFileTransfer = z.object({
  id: Uuid,
  to: Slug,
  status: z.enum(TRANSFER_STATUSES),
  purpose: Purpose,
  categories: z.array(DataCategory),
  legalBasis: z.string(),
  requestedAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});

export const SubjectFileDocument = z.object({
  id: Uuid,
  title: z.string(),
  category: DataCategory,
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: Timestamp,
  createdBy: Uuid,
});

export const SubjectFileSections = z.object({
  data: z.object({
    recordedAt: Timestamp,
    recordedBy: Uuid,
    updatedAt: Timestamp,
    version: z.number().int(),
    categories: z.array(SubjectFileCategory),
  }),
  consents: z.array(SubjectFileConsent).meta({ description: 'Every consent (latest version first, each with its versions and withdrawal)' }),
  referrals: z.object({
    sent: z.array(SubjectFileReferral).meta({ description: 'Every referral the agency made of the person, oldest first' }),
    onward: z.array(OnwardReferralOfSubject).meta({ description: 'Where the person was referred on from them, down every chain, as far as the agency may know' }),
  }),
  transfers: z.array(SubjectFileTransfer).meta({ description: 'Every transfer of the case to another agency, oldest first' }),
  documents: z.array(SubjectFileDocument).meta({ description: 'The documents of the readable categories: title, category, size and hash; never their content' }),
  accesses: z.array(SubjectAccess).meta({ description: 'Every access to the person’s data across agencies, allowed or refused, oldest first (the “who saw my data” report)' }),
  erasure: z
    .object({
      erasedAt: Timestamp,
      reason: z.enum(ERASURE_REASONS),
      mode: z.enum(ERASURE_MODES),
      purgeRequests: z.array(PurgeRequest).meta({ description: 'Every agency asked to purge what it received, with its deadline and, once given, its attestation (who, when, how) and the receipt the hub signed' }),
    })
    .nullable()
    .meta({ description: 'Once the person’s data was erased: when, why and how, and which agencies attested their purge and when; null while it is held' }),
});

export const SubjectFile = z
  .object({
    subjectId: Uuid,
    subjectReference: z.string().meta({ description: 'The subject’s reference in its agency (not a name)' }),
    agency: Slug,
    producedAt: Timestamp,
    producedBy: Actor,
    language: z.enum(['en', 'pt']),
    sections: SubjectFileSections,
  })
  .meta({ id: 'SubjectFile', description: 'What the owning agency holds on a person, in sections, for the person’s right of access' });
export type SubjectFile = z.infer<typeof SubjectFile>;
export type SubjectFileSections = z.infer<typeof SubjectFileSections>;

export const SubjectFileQuery = z.strictObject({
  lang: z.enum(['en', 'pt']).optional().meta({ description: 'The language of the agencies’ names in the file; defaults to the Accept-Language of the request' }),
});
