import { calendarDate, DEFAULT_RESPONSE_HOURS, type OverdueKind, type ResponseHours, type URGENCIES } from '@ponte/contracts';
import type { AgreementRow, ReferralRow } from '@ponte/db';

/**
 * Deadlines of a referral (issue 21, item 2).
 *
 * - The response deadline (`respond_by`): by when the receiving agency is to accept or decline,
 *   fixed when the referral is sent: sent_at + the response time of its urgency under the
 *   agreement in force then (or the hub's default: emergency 24 h, priority 72 h, routine 240 h).
 * - The completion deadline: the sender's own `due_date` for the service, if it gave one.
 *
 * A referral is overdue while it is `sent` past `respond_by` (kind `response`), or accepted or in
 * progress past the end of its `due_date` in the hub's calendar (kind `completion`). Once declined,
 * withdrawn or completed it is never overdue.
 */

/** The response time per urgency an agreement sets, the defaults filled in. */
export function responseHoursOf(agreement: Pick<AgreementRow, 'response_hours_emergency' | 'response_hours_priority' | 'response_hours_routine'> | undefined): ResponseHours {
  return {
    emergency: agreement?.response_hours_emergency ?? DEFAULT_RESPONSE_HOURS.emergency,
    priority: agreement?.response_hours_priority ?? DEFAULT_RESPONSE_HOURS.priority,
    routine: agreement?.response_hours_routine ?? DEFAULT_RESPONSE_HOURS.routine,
  };
}

/** The response deadline of a referral sent at `sentAt` under `agreement`. */
export function respondByOf(sentAt: Date, urgency: (typeof URGENCIES)[number], agreement: Parameters<typeof responseHoursOf>[0]): Date {
  return new Date(sentAt.getTime() + responseHoursOf(agreement)[urgency] * 3_600_000);
}

/** Which deadline the referral is past now, if any. */
export function overdueKindOf(row: Pick<ReferralRow, 'status' | 'respond_by' | 'due_date'>, now: Date): OverdueKind | null {
  if (row.status === 'sent' && row.respond_by && new Date(row.respond_by).getTime() < now.getTime()) return 'response';
  if ((row.status === 'accepted' || row.status === 'in_progress') && row.due_date && row.due_date < calendarDate(now)) return 'completion';
  return null;
}
