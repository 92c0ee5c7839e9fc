import { z } from 'zod';
import { DataCategory, ProvinceCode } from './catalogue';
import { Slug, Timestamp, Uuid } from './common';

/*
 * Erasure with proof (issue 22, item 3): the owning agency erases a subject (the person asked, or
 * its retention period ended); personal data is deleted and the subject stays as a tombstone;
 * every agency that received the data on a referral is asked to purge it and attests it, the hub
 * signing the receipt. Legal holds stop an erasure.
 */

export const ERASURE_REASONS = ['request', 'retention'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];
export const ERASURE_MODES = ['erase', 'anonymise'] as const;
export type ErasureMode = (typeof ERASURE_MODES)[number];

export const EraseSubject = z
  .strictObject({
    reason: z.enum(ERASURE_REASONS).meta({ description: '`request`: the person (or their representative) asked for erasure; `retention`: the agency no longer has a basis to keep the data' }),
    mode: z
      .enum(ERASURE_MODES)
      .default('erase')
      .meta({ description: '`erase` (default): nothing of the person is kept; `anonymise`: only age band, sex and province stay on the tombstone, so the agency\'s figures still count the case. Both delete every personal category.' }),
    confirm: z
      .boolean()
      .refine((v) => v, { message: 'must be true: the erasure cannot be undone', params: { check: 'confirmed', pt: 'tem de ser true: o apagamento não pode ser desfeito' } })
      .meta({ description: 'Must be `true`: erasure cannot be undone' }),
  })
  .meta({ id: 'EraseSubject', example: { reason: 'request', mode: 'erase', confirm: true } });
export type EraseSubject = z.infer<typeof EraseSubject>;

/** What is kept of a subject once erased: ids, dates, and who asked each recipient to purge and who attested. */
export const PurgeRequest = z
  .object({
    id: Uuid,
    referralId: Uuid,
    subjectId: Uuid,
    owner: Slug.meta({ description: 'The agency that erased the subject and asks the purge' }),
    recipient: Slug.meta({ description: 'The agency asked to purge what it received on the referral' }),
    reason: z.enum(['subject_erased']),
    categories: z.array(DataCategory).meta({ description: 'The categories the referral shared' }),
    requestedAt: Timestamp,
    dueAt: Timestamp.meta({ description: 'By when the recipient must attest; past it, both agencies\' privacy officers see a `purge_unattested` flag' }),
    overdue: z.boolean().meta({ description: 'Past its deadline and not attested' }),
    attestation: z
      .object({
        attestedAt: Timestamp,
        attestedBy: Uuid.meta({ description: 'The person or API client of the recipient that attested' }),
        attestedByKind: z.enum(['user', 'client']),
        purgedBy: z.string(),
        purgedAt: Timestamp,
        method: z.string(),
        systems: z.array(z.string()),
        statement: z.string(),
        receipt: z.string().meta({ description: 'The attestation as a JWS signed by the hub (verify it against `/.well-known/jwks.json`)' }),
      })
      .nullable(),
  })
  .meta({ id: 'PurgeRequest', description: 'A request to an agency that received an erased subject\'s data to purge it, and its attestation' });
export type PurgeRequest = z.infer<typeof PurgeRequest>;

export const SubjectTombstone = z
  .object({
    id: Uuid,
    reference: z.string(),
    agency: Slug,
    erased: z.literal(true),
    version: z.number().int().meta({ description: 'The subject record\'s version, as its `ETag`; it never changes after the erasure' }),
    erasedAt: Timestamp,
    erasedBy: Uuid,
    reason: z.enum(ERASURE_REASONS),
    mode: z.enum(ERASURE_MODES),
    attributes: z
      .object({ ageBand: z.string(), sex: z.string(), province: ProvinceCode.nullable() })
      .nullable()
      .meta({ description: 'Kept on an anonymised tombstone only: coarse attributes that identify no one' }),
    createdAt: Timestamp,
    purgeRequests: z.array(PurgeRequest),
  })
  .meta({ id: 'SubjectTombstone', description: 'What remains of an erased subject: no personal data; ids, dates and the purge requests with their attestations' });
export type SubjectTombstone = z.infer<typeof SubjectTombstone>;

export const PlaceLegalHold = z
  .strictObject({
    reason: z.string().trim().min(1).max(1000).meta({ description: 'Why the data must be kept (a court order, an investigation, by reference); write no personal data in it' }),
  })
  .meta({ id: 'PlaceLegalHold', example: { reason: 'Court order 123/2026, Maputo provincial court' } });
export type PlaceLegalHold = z.infer<typeof PlaceLegalHold>;

export const ReleaseLegalHold = z
  .strictObject({
    reason: z.string().trim().min(1).max(1000).meta({ description: 'Why the hold ends; write no personal data in it' }),
  })
  .meta({ id: 'ReleaseLegalHold' });
export type ReleaseLegalHold = z.infer<typeof ReleaseLegalHold>;

export const LegalHold = z
  .object({
    id: Uuid,
    subjectId: Uuid,
    reason: z.string(),
    placedBy: Uuid,
    placedAt: Timestamp,
    releasedBy: Uuid.nullable(),
    releasedAt: Timestamp.nullable(),
    releaseReason: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'LegalHold', description: 'A hold on erasing a subject, by request or by retention, until released' });
export type LegalHold = z.infer<typeof LegalHold>;

export const PurgeAttestation = z
  .strictObject({
    purgedBy: z.string().trim().min(1).max(200).meta({ description: 'Who purged the data: the person\'s name and role, or the system' }),
    purgedAt: Timestamp.meta({ description: 'When the purge was done: not in the future, nor before the purge was requested' }),
    method: z.string().trim().min(1).max(500).meta({ description: 'How: deleted from the case system, paper files shredded, backups left to age out in N days...' }),
    systems: z.array(z.string().trim().min(1).max(200)).min(1).max(20).meta({ description: 'The systems and places the data was purged from' }),
    statement: z.string().trim().min(1).max(2000).meta({ description: 'The statement the agency makes; write no personal data of the subject in it' }),
  })
  .meta({
    id: 'PurgeAttestation',
    example: { purgedBy: 'Protection officer, UNHCR Maputo', purgedAt: '2026-12-10T09:00:00Z', method: 'Deleted from proGres; paper file shredded', systems: ['proGres', 'paper file'], statement: 'All data received on this referral was purged.' },
  });
export type PurgeAttestation = z.infer<typeof PurgeAttestation>;
