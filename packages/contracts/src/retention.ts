import { z } from 'zod';
import { ServiceCode } from './catalogue';
import { IsoDate, Page, Timestamp, Uuid } from './common';
import { pagingParams } from './paging';

/*
 * Retention schedules (issue 22, item 4): how long an agency keeps the personal data of a closed
 * case, by the service of its last referral (or a default), and what the worker's daily job does
 * then: erase the subject, or anonymise it. A case is closed when its subject has no referral
 * that is not closed (draft, sent, accepted, in progress) and no pending transfer; it has been
 * closed since the latest of: its last change, its referrals' last changes, its transfers'
 * decisions. It is due `periodDays` after that (never before the agency's legal minimum).
 */

export const RETENTION_ACTIONS = ['erase', 'anonymise'] as const;
export const RetentionAction = z.enum(RETENTION_ACTIONS).meta({
  id: 'RetentionAction',
  description: '`erase`: the subject is erased (its personal categories destroyed, a tombstone kept); `anonymise`: its personal categories are destroyed and its non-identifying facts kept for statistics',
});
export type RetentionAction = z.infer<typeof RetentionAction>;

/** The longest period a rule may give: 100 years. */
export const MAX_RETENTION_DAYS = 36_500;

export const RetentionRule = z
  .strictObject({
    service: ServiceCode.nullable().meta({ description: 'The service of the case’s last referral the rule is for; null: the agency’s default, for every case no other rule covers (and cases never referred)' }),
    periodDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).meta({ description: 'Days a closed case keeps its personal data; no fewer than the agency’s legal minimum' }),
    action: RetentionAction,
  })
  .meta({ id: 'RetentionRule' });
export type RetentionRule = z.infer<typeof RetentionRule>;

const distinctServices = (rules: RetentionRule[]) => new Set(rules.map((r) => r.service ?? '')).size === rules.length;

export const ReplaceRetentionSchedule = z
  .strictObject({
    rules: z
      .array(RetentionRule)
      .max(50)
      .refine(distinctServices, { message: 'one rule per service, and at most one default', params: { check: 'unique', pt: 'uma regra por serviço, e no máximo uma regra por omissão' } })
      .meta({ description: 'The whole schedule, replacing the one before; an empty list: nothing is erased or anonymised' }),
  })
  .meta({ id: 'ReplaceRetentionSchedule', example: { rules: [{ service: null, periodDays: 1825, action: 'erase' }, { service: 'medical_care', periodDays: 3650, action: 'anonymise' }] } });
export type ReplaceRetentionSchedule = z.infer<typeof ReplaceRetentionSchedule>;

export const RetentionSchedule = z
  .object({
    legalMinimumDays: z.number().int().meta({ description: 'The agency’s legal minimum retention, set by the hub operator (0: none): no rule may be shorter' }),
    rules: z.array(RetentionRule),
    version: z.number().int().meta({ description: 'Counts changes; the ETag (0: never set)' }),
    updatedAt: Timestamp.nullable(),
  })
  .meta({ id: 'RetentionSchedule' });
export type RetentionSchedule = z.infer<typeof RetentionSchedule>;

/** One closed case as the schedule sees it: ids and the rule, never personal data. */
export const RetentionDue = z
  .object({
    subjectId: Uuid,
    reference: z.string().meta({ description: 'The agency’s own case reference' }),
    service: ServiceCode.nullable().meta({ description: 'The rule that applies: its service, or null for the default' }),
    periodDays: z.number().int().meta({ description: 'The period applied (the rule’s, raised to the legal minimum if that is longer)' }),
    action: RetentionAction,
    closedSince: Timestamp,
    dueAt: Timestamp,
    held: z.boolean().meta({ description: 'Under a legal hold: the job skips it and reports it as held' }),
  })
  .meta({ id: 'RetentionDue' });
export type RetentionDue = z.infer<typeof RetentionDue>;

export const RetentionForecastQuery = z.strictObject({
  days: z.coerce.number().int().min(0).max(90).default(7).meta({ description: 'How far ahead, in days (0 to 90, default 7): the cases due by then, those overdue already included' }),
});

export const RetentionForecast = z
  .object({
    at: Timestamp,
    until: Timestamp,
    days: z.number().int(),
    items: z.array(RetentionDue).meta({ description: 'Due by `until`, soonest first (at most 1000)' }),
  })
  .meta({ id: 'RetentionForecast' });
export type RetentionForecast = z.infer<typeof RetentionForecast>;

export const RETENTION_OUTCOMES = ['erased', 'anonymised', 'held', 'failed'] as const;

export const RetentionRunSubject = z
  .object({
    subjectId: Uuid,
    reference: z.string(),
    outcome: z.enum(RETENTION_OUTCOMES),
    service: ServiceCode.nullable(),
    dueAt: Timestamp,
    reason: z.string().optional().meta({ description: 'Why it failed, as a code' }),
  })
  .meta({ id: 'RetentionRunSubject' });

export const RetentionRun = z
  .object({
    id: Uuid,
    runDay: IsoDate.meta({ description: 'The hub calendar day it ran for: one run per agency and day' }),
    status: z.enum(['running', 'finished']),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    erased: z.number().int(),
    anonymised: z.number().int(),
    held: z.number().int(),
    failed: z.number().int(),
    subjects: z.array(RetentionRunSubject),
  })
  .meta({ id: 'RetentionRun' });
export type RetentionRun = z.infer<typeof RetentionRun>;

export const RetentionRunPage = Page(RetentionRun).meta({ id: 'RetentionRunPage' });
export type RetentionRunPage = z.infer<typeof RetentionRunPage>;

export const RetentionRunListQuery = z.strictObject({ ...pagingParams({ defaultLimit: 20, maxLimit: 100, cursorMaxLength: 200 }) });
