import { z } from 'zod';
import { CODES_NEEDING_TEXT, DataCategory, DeclineReasonCode, OutcomeCode, ProvinceCode, Purpose, ServiceCode } from './catalogue';
import { IsoDate, Slug, Timestamp, Uuid } from './common';
import { RecordConsent } from './consent';
import { deprecatedCursorAlias, listQuery, pagingParams } from './paging';
import { REFERRAL_STEPS, REFERRAL_VIEWS } from './rules';

export const URGENCIES = ['routine', 'priority', 'emergency'] as const;
/** Which deadline a referral is past: the response (`respondBy`) or the sender's due date for the service (`dueDate`). */
export const OVERDUE_KINDS = ['response', 'completion'] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];
export const REFERRAL_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

const distinct = <T>(items: T[]) => new Set(items).size === items.length;

/** The categories a referral asks to share: at least one, each once. */
const sharedCategories = (description: string) =>
  z
    .array(DataCategory)
    .min(1)
    .refine(distinct, { message: 'categories must be distinct', params: { check: 'unique', pt: 'as categorias devem ser distintas' } })
    .meta({ description });

export const SendReferral = z
  .strictObject({
    to: Slug.meta({ description: 'The receiving agency' }),
    subjectId: Uuid,
    consentId: Uuid.meta({ description: 'The consent (or other recorded legal basis) the referral rests on' }),
    service: ServiceCode,
    purpose: Purpose,
    urgency: z.enum(URGENCIES),
    categories: sharedCategories('What you choose to share; the hub keeps only what consent and the agreement also allow'),
    note: z.string().trim().min(1).max(4000).optional().meta({ description: 'For the receiving agency; no personal data beyond the shared categories' }),
    dueDate: IsoDate.optional().meta({ description: 'Your own date for the service to be delivered by (a completion deadline); the response deadline (`respondBy`) comes from the urgency' }),
    draft: z.boolean().default(false).meta({ description: 'Keep as a draft instead of sending' }),
  })
  .meta({ id: 'SendReferral' });
export type SendReferral = z.infer<typeof SendReferral>;

export const ReferOnward = z
  .strictObject({
    to: Slug.meta({ description: 'The third agency: neither your own nor the agency that owns the subject' }),
    service: ServiceCode,
    purpose: Purpose,
    urgency: z.enum(URGENCIES),
    categories: sharedCategories('What you choose to pass on: only categories the parent referral shared with you, cut to what the consent and your agreement with the third agency allow'),
    note: z.string().trim().min(1).max(4000).optional().meta({ description: 'For the third agency; no personal data beyond the shared categories' }),
    dueDate: IsoDate.optional(),
    consent: RecordConsent.optional().meta({
      description:
        "A new consent you record with the person now, owned by your agency, naming the third agency and the purpose. Without it the onward referral rests on the parent's consent, which must name the third agency and the purpose. The parent's consent must be in force either way.",
    }),
  })
  .meta({ id: 'ReferOnward' });
export type ReferOnward = z.infer<typeof ReferOnward>;

export const OnwardReferral = z
  .object({
    id: Uuid,
    to: Slug.nullable().meta({ description: "The third agency; null to the subject's owner when the root consent does not name it" }),
    status: z.enum(REFERRAL_STATUSES),
    sentAt: Timestamp.nullable(),
  })
  .meta({ id: 'OnwardReferral', description: 'A referral of the same person on to a third agency, as far as the reader may know of it' });

export const Triage = z
  .object({
    ageBand: z.enum(['0-4', '5-11', '12-17', '18-24', '25-59', '60+', 'unknown']),
    sex: z.string(),
    province: ProvinceCode.nullable(),
    languages: z.array(z.string()),
  })
  .meta({ id: 'Triage', description: 'What the receiving agency sees before it accepts: no identity' });

/** What each step on a referral did: `assign` leaves the status as it was. */
export const REFERRAL_TRANSITION_STEPS = ['draft', ...REFERRAL_STEPS] as const;

export const ReferralTransition = z.object({
  step: z.enum(REFERRAL_TRANSITION_STEPS).meta({ description: 'What the step did; an assignment keeps the status, so `from` and `to` are equal' }),
  from: z.enum(REFERRAL_STATUSES).nullable(),
  to: z.enum(REFERRAL_STATUSES),
  actorAgency: Slug,
  at: Timestamp,
  reason: z.string().nullable(),
});

export const Referral = z
  .object({
    id: Uuid,
    from: Slug,
    to: Slug,
    status: z.enum(REFERRAL_STATUSES),
    version: z.number().int(),
    service: ServiceCode,
    purpose: Purpose,
    urgency: z.enum(URGENCIES),
    dueDate: IsoDate.nullable(),
    triage: Triage.nullable().meta({ description: 'In the sender’s and the triage view only' }),
    sharedCategories: z.array(DataCategory),
    legalBasis: z.string(),
    subjectId: Uuid.nullable().meta({ description: 'Shown to the sender; to the receiver once it has accepted' }),
    consentId: Uuid.nullable().meta({ description: 'Shown to the sender only' }),
    note: z.string().nullable(),
    assigneeId: Uuid.nullable().meta({ description: "The receiving agency's caseworker" }),
    outcomeCode: OutcomeCode.nullable().meta({ description: 'How it ended, once completed; `outcome` is the free text beside it' }),
    outcome: z.string().nullable(),
    reasonCode: DeclineReasonCode.nullable().meta({ description: 'Why it was declined, once declined; `reason` is the free text beside it' }),
    reason: z.string().nullable().meta({ description: 'Why it was declined or withdrawn' }),
    sentAt: Timestamp.nullable(),
    acceptedAt: Timestamp.nullable(),
    completedAt: Timestamp.nullable(),
    closedAt: Timestamp.nullable(),
    respondBy: Timestamp.nullable().meta({
      description: 'The response deadline: by when the receiving agency is to accept or decline. Fixed when the referral is sent (its urgency’s response time under the agreement then); null on a draft. Not `dueDate`, which is the sender’s own date for the service itself',
    }),
    overdue: z.boolean().meta({ description: 'Now past a deadline: still `sent` after `respondBy`, or accepted or in progress after `dueDate`' }),
    overdueKind: z.enum(OVERDUE_KINDS).nullable().meta({ description: '`response`: not accepted or declined by `respondBy`; `completion`: accepted, not completed by `dueDate`; null when not overdue' }),
    transitions: z.array(ReferralTransition),
    view: z.enum(REFERRAL_VIEWS).meta({ description: 'Which view of the referral this is' }),
    parentReferralId: Uuid.nullable().meta({ description: 'The referral this one refers the person on from; shown to whoever may see that referral' }),
    onwardReferrals: z
      .array(OnwardReferral)
      .optional()
      .meta({ description: "On a single referral: the person referred on from it (to its receiver), or from anywhere down its chain (to the subject's owner, without the third agency unless the consent names it)" }),
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof Referral>;
export type ReferralTransition = z.infer<typeof ReferralTransition>;

/** A code whose meaning is "another reason" needs its text: the code alone says nothing. */
const textWhenOther =
  <T extends Record<string, unknown>>(codeField: keyof T & string, textField: keyof T & string) =>
  (value: T, ctx: z.RefinementCtx) => {
    if (CODES_NEEDING_TEXT.has(value[codeField] as string) && value[textField] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [textField],
        message: `required when \`${codeField}\` is \`${String(value[codeField])}\``,
        params: { check: 'required', pt: `obrigatório quando \`${codeField}\` é \`${String(value[codeField])}\`` },
      });
  };

export const DeclineReferral = z
  .strictObject({
    reasonCode: DeclineReasonCode,
    reason: z.string().trim().min(1).max(2000).optional().meta({ description: 'Free text for the sender; required when `reasonCode` is `other`' }),
  })
  .superRefine(textWhenOther('reasonCode', 'reason'))
  .meta({ id: 'DeclineReferral', example: { reasonCode: 'no_capacity', reason: 'No shelter place before March' } });
export const WithdrawReferral = z.strictObject({ reason: z.string().trim().min(1).max(2000) }).meta({ id: 'WithdrawReferral' });
export const CompleteReferral = z
  .strictObject({
    outcomeCode: OutcomeCode,
    outcome: z.string().trim().min(1).max(4000).optional().meta({ description: 'Free text for the sender; required when `outcomeCode` is `not_provided_other`' }),
  })
  .superRefine(textWhenOther('outcomeCode', 'outcome'))
  .meta({ id: 'CompleteReferral', example: { outcomeCode: 'service_provided', outcome: 'Business grant disbursed; follow-up in three months' } });
export const AcceptReferral = z
  .strictObject({ assigneeId: Uuid.optional().meta({ description: 'A caseworker of your agency to take the case' }) })
  .meta({ id: 'AcceptReferral' });
export const AssignReferral = z
  .strictObject({ assigneeId: Uuid, team: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/).optional() })
  .meta({ id: 'AssignReferral' });

export const ReferralListQuery = z.strictObject({
  box: z.enum(['inbox', 'outbox']).default('inbox'),
  status: z.enum(REFERRAL_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: '`true`: only referrals now past a deadline (still `sent` after `respondBy`, or accepted or in progress after `dueDate`); `false`: only those that are not' }),
  ...pagingParams({ defaultLimit: 50, maxLimit: 200, cursorMaxLength: 200 }),
});

export const EVENT_TYPES = [
  'referral.sent',
  'referral.accepted',
  'referral.declined',
  'referral.assigned',
  'referral.started',
  'referral.completed',
  'referral.withdrawn',
  'referral.purge_requested',
  'referral.purge_attested',
  'referral.purge_overdue',
  'referral.message',
  'referral.overdue',
  'subject.transfer_requested',
  'subject.transfer_accepted',
  'subject.transfer_declined',
  'subject.transfer_cancelled',
] as const;

/** The test delivery an administrator asks for (`POST /v1/webhook-endpoints/{id}/ping`): delivered to that endpoint alone. */
export const PING_EVENT_TYPE = 'ponte.ping';

export const HubEvent = z
  .object({
    id: Uuid,
    seq: z.number().int(),
    type: z.enum([...EVENT_TYPES, PING_EVENT_TYPE]),
    referralId: Uuid.nullable(),
    createdAt: Timestamp,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Event', description: 'Carries identifiers and states only, never personal data' });

/**
 * The event feed's query. Its cursor is the place of the last event read; `nextCursor` is never
 * null: on an empty page it is the cursor given, to poll with again.
 */
export const EventFeedQuery = listQuery(
  {},
  { defaultLimit: 100, maxLimit: 500, cursorMaxLength: 20 },
  { after: deprecatedCursorAlias(z.string().max(20), 'It is read as `cursor` is: the `nextCursor` of the page before (empty: from the start, as before).') },
);
export type EventFeedQuery = z.infer<typeof EventFeedQuery>;

/** A page of the event feed. */
export const EventFeedPage = z
  .object({
    items: z.array(HubEvent),
    nextCursor: z.string().meta({
      description: 'Pass as `cursor` to read on. Never null: the feed has no end. After the last event it is the cursor you gave (or the place of the last event), so an empty page tells you to poll again later with the same cursor.',
    }),
  })
  .meta({ id: 'EventFeedPage' });

export const CreateWebhookEndpoint = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }),
    description: z.string().trim().max(200).optional(),
    eventTypes: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).default([]).meta({ description: 'Empty: every event' }),
  })
  .meta({ id: 'CreateWebhookEndpoint' });

export const UpdateWebhookEndpoint = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).optional(),
    description: z.string().trim().max(200).nullable().optional().meta({ description: 'null removes it' }),
    eventTypes: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).optional().meta({ description: 'Empty: every event' }),
  })
  .meta({ id: 'UpdateWebhookEndpoint' });
export type UpdateWebhookEndpoint = z.infer<typeof UpdateWebhookEndpoint>;

export const RotateWebhookSecret = z
  .strictObject({
    overlapHours: z.number().int().min(0).max(168).default(24).meta({ description: 'How long the secret replaced still signs beside the new one (0: it stops at once)' }),
  })
  .meta({ id: 'RotateWebhookSecret' });

export const ReplayDeliveries = z
  .strictObject({
    eventIds: z.array(Uuid).min(1).max(500).optional(),
    dead: z.boolean().optional().meta({ description: 'Replay every dead-lettered delivery' }),
  })
  .refine((v) => v.eventIds !== undefined || v.dead === true, { message: 'give eventIds or dead: true', params: { check: 'not_empty', pt: 'indique eventIds ou dead: true' } })
  .meta({ id: 'ReplayDeliveries' });
