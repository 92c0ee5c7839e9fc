import { z } from 'zod';
import { AccessEvent } from './access-log';
import { DataCategory } from './catalogue';
import { Timestamp, Uuid } from './common';
import { Subject } from './subject';

/*
 * What the access log's proofs, flags and reports answer, and the referral figures: shapes the
 * API gives as they are computed (packages/core), described here for the API's callers.
 */

const Hash = z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'A SHA-256 hash, lowercase hex', example: '5f0c9a1f4a6b0d3e2c1b8a7f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a' });

/** An access event's inclusion proof (RFC 6962 §2.1.1) against the latest signed head. */
export const AccessEventProof = z
  .object({
    event: AccessEvent,
    leafHash: Hash.meta({ description: 'The event’s leaf hash in the tree (RFC 6962: SHA-256 of 0x00 and the leaf)' }),
    logIndex: z.number().int().min(0).meta({ description: 'The event’s place in the log, from 0' }),
    treeSize: z.number().int().min(1).meta({ description: 'The size of the tree the proof is against: the latest signed head’s' }),
    rootHash: z.string().meta({ description: 'That head’s root hash' }),
    signedHead: z.string().meta({ description: 'That head, a compact JWS signed with a key of `/.well-known/jwks.json`' }),
    auditPath: z.array(Hash).meta({ description: 'The audit path from the leaf to the root, leaf side first' }),
  })
  .meta({ id: 'AccessEventProof', description: 'Recompute the root from `leafHash`, `logIndex`, `treeSize` and `auditPath` (RFC 6962 §2.1.1) and compare it with the signed head’s' });

/** A consistency proof between two sizes of the log (RFC 6962 §2.1.2). */
export const LogConsistencyProof = z
  .object({
    from: z.number().int().min(1).meta({ description: 'The smaller size, as asked' }),
    to: z.number().int().min(1).meta({ description: 'The larger size, as asked' }),
    proof: z.array(Hash).meta({ description: 'The consistency proof’s hashes, as RFC 6962 §2.1.2 orders them' }),
  })
  .meta({ id: 'LogConsistencyProof', description: 'Proves that the log of `from` events is a prefix of the log of `to` events: check it against two signed heads you hold' });

export const FLAG_KINDS = ['break_glass', 'repeated_denials', 'unusual_volume', 'outside_working_hours', 'read_without_assignment', 'message_personal_data', 'purge_unattested'] as const;

/** A review a privacy officer wrote of an event or a flag. */
export const AccessReview = z
  .object({
    id: Uuid,
    targetKind: z.enum(['event', 'flag']),
    targetId: z.string().meta({ description: 'The access event’s id, or the flag’s' }),
    status: z.enum(['reviewed', 'escalated']),
    note: z.string(),
    at: Timestamp,
  })
  .meta({ id: 'AccessReview' });

/** One flag over the access log: a pattern a privacy officer should look at. */
export const AccessFlag = z
  .object({
    id: z.string().meta({ description: 'Stable for the same finding (24 hex digits), so a review can point at it', example: '3f9a0c1b2d4e5f60718293a4' }),
    kind: z.enum(FLAG_KINDS),
    actorId: Uuid.meta({ description: 'Who acted: a person or API client; for `purge_unattested`, the agency asked to purge' }),
    actorAgencyId: Uuid,
    actorName: z.string().nullable().meta({ description: 'The actor’s name, when of your agency; null for another agency’s actor' }),
    subjectId: Uuid.nullable(),
    from: Timestamp.meta({ description: 'When the pattern begins' }),
    to: Timestamp.meta({ description: 'When it ends' }),
    eventIds: z.array(Uuid).meta({ description: 'The access events it is made of' }),
    detail: z.record(z.string(), z.union([z.number(), z.string()])).meta({ description: 'What was counted, by kind (`denials`, `reads`, `usual`, ...)' }),
    reviews: z.array(AccessReview.omit({ id: true, targetKind: true, targetId: true }).extend({ reviewerId: Uuid })).meta({ description: 'Its reviews, oldest first' }),
  })
  .meta({ id: 'AccessFlag' });

export const AccessFlagList = z
  .object({
    from: Timestamp.meta({ description: 'The window’s start (default: 7 days before `to`)' }),
    to: Timestamp.meta({ description: 'The window’s end (default: now)' }),
    items: z.array(AccessFlag),
  })
  .meta({ id: 'AccessFlagList' });

/** The "who saw my data" report, as JSON. */
export const SubjectAccessReport = z
  .object({
    subjectReference: z.string().meta({ description: 'The subject’s reference in its agency (not a name)' }),
    producedAt: Timestamp,
    language: z.enum(['en', 'pt']),
    accesses: z.array(
      z.object({
        at: Timestamp,
        agency: z.object({ slug: z.string(), name: z.string().meta({ description: 'In the report’s language' }) }),
        actor: z.object({ kind: z.string().meta({ description: '`user` or `client`' }), id: Uuid }),
        resource: z.string(),
        action: z.string(),
        categories: z.array(z.string()).meta({ description: 'The data categories touched (names, never values)' }),
        purpose: z.string().nullable(),
        legalBasis: z.string().nullable(),
        decision: z.enum(['allow', 'deny']),
        rule: z.string().meta({ description: 'The rule that decided (a `RuleCode`)' }),
        breakGlass: z.boolean(),
      }),
    ),
    onwardReferrals: z
      .array(
        z.object({
          id: Uuid,
          parentReferralId: Uuid,
          from: z.string().meta({ description: 'The agency that referred the person on' }),
          to: z.string().nullable().meta({ description: 'The third agency; null when the consent the chain began under does not name it' }),
          status: z.string(),
          sentAt: Timestamp.nullable(),
        }),
      )
      .meta({ description: 'Where the person was referred on from the referrals the owner sent, down every chain, oldest first' }),
  })
  .meta({ id: 'SubjectAccessReport', description: 'Every access to the subject’s data, across agencies, oldest first' });

const SmallCount = z.union([z.number().int().min(0), z.literal('<5')]).meta({ description: 'A count; 1 to 4 are shown as `"<5"`' });

/** How quickly referrals were answered and served, and how many missed their response deadline. */
const TimingFigures = {
  medianHoursToAccept: z.number().nullable().meta({ description: 'From sent to accepted; null on fewer than 5 referrals' }),
  p90HoursToAccept: z.number().nullable().meta({ description: 'The 90th percentile of the hours from sent to accepted (nearest rank); null on fewer than 5 referrals' }),
  medianHoursToComplete: z.number().nullable().meta({ description: 'From sent to completed; null on fewer than 5 referrals' }),
  p90HoursToComplete: z.number().nullable().meta({ description: 'The 90th percentile of the hours from sent to completed (nearest rank); null on fewer than 5 referrals' }),
  overdueShare: z.number().min(0).max(1).nullable().meta({
    description: 'The share of referrals with a response deadline that missed it (not accepted or declined by `respondBy`, including those still waiting past it); null when the referrals, those that missed it or those that did not are fewer than 5 (none is fine)',
  }),
};

const GroupFigures = z
  .object({ referrals: SmallCount.meta({ description: 'How many; suppressed across the group as `byStatus`' }), ...TimingFigures })
  .meta({ id: 'ReferralGroupFigures' });

const FiguresSide = z.object({
  total: SmallCount,
  byStatus: z.record(z.string(), SmallCount).meta({ description: 'By referral status; when one count alone would be hidden, the next smallest is hidden too' }),
  byService: z.record(z.string(), SmallCount).meta({ description: 'By service code, suppressed as `byStatus`' }),
  acceptanceRate: z.number().min(0).max(1).nullable().meta({ description: 'Accepted over decided; null when either is fewer than 5' }),
  ...TimingFigures,
  timingByService: z.record(z.string(), GroupFigures).meta({ description: 'The timing figures per service code, each withheld on fewer than 5 referrals' }),
  byPartner: z.record(z.string(), GroupFigures).meta({ description: 'Per other agency (its slug): the receiving agency for referrals sent, the sending agency for referrals received; each figure withheld on fewer than 5 referrals' }),
});

/** An agency's referral figures, with small counts suppressed. */
export const ReferralFigures = z
  .object({
    suppressedBelow: z.number().int().meta({ description: 'Counts from 1 up to this, exclusive, are shown as `"<5"`' }),
    sent: FiguresSide,
    received: FiguresSide,
  })
  .meta({ id: 'ReferralFigures' });

/** A referred subject as the receiving agency may read it now: the shared categories that still hold. */
export const ReferredSubject = z
  .object({
    referralId: Uuid,
    reference: z.string().meta({ description: 'The subject’s pseudonymous reference in the sending agency' }),
    readAt: Timestamp,
    data: Subject.shape.data.meta({ description: 'Only the categories readable now' }),
    access: z.object({
      readable: z.array(DataCategory),
      withheld: z.array(z.object({ category: DataCategory, rule: z.string().meta({ description: 'Why it is withheld (a `RuleCode`)' }) })),
    }),
  })
  .meta({ id: 'ReferredSubject' });

/** One delivery of an event to one webhook endpoint. */
export const WebhookDelivery = z
  .object({
    id: Uuid,
    eventId: Uuid.meta({ description: 'The event delivered: the `webhook-id` the receiver sees' }),
    endpointId: Uuid,
    status: z.enum(['pending', 'delivered', 'dead', 'cancelled']).meta({ description: '`dead`: every attempt failed (replay it); `cancelled`: its endpoint was deleted' }),
    attempts: z.number().int().min(0),
    nextAttemptAt: Timestamp,
    lastError: z.string().nullable().meta({ description: 'Why the last attempt failed (`HTTP 500`, `timeout`, ...)' }),
    lastStatus: z.number().int().nullable().meta({ description: 'The HTTP status the receiver last answered' }),
    deliveredAt: Timestamp.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
