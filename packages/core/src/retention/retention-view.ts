import { DAY_MS, type RetentionDue, type RetentionRun, type RetentionSchedule, type ServiceCode } from '@ponte/contracts';
import { listClosedCases, type ClosedCase, type RetentionRunRow, type RetentionScheduleRow, type ScopedTx, type StoredRetentionRule } from '@ponte/db';
import { OPEN_REFERRAL_STATUSES } from '@ponte/policy';
import { iso, isoOrNull } from '../util';

/** The schedule as the API shows it: version 0 and no rules when the agency never set one. */
export function toRetentionSchedule(row: RetentionScheduleRow | undefined, legalMinimumDays: number): RetentionSchedule {
  return {
    legalMinimumDays,
    rules: (row?.rules ?? []).map((r) => ({ service: r.service as ServiceCode | null, periodDays: r.periodDays, action: r.action })),
    version: row?.version ?? 0,
    updatedAt: row ? iso(row.updated_at) : null,
  };
}

export function toRetentionRun(row: RetentionRunRow): RetentionRun {
  return {
    id: row.id,
    runDay: row.run_day,
    status: row.status,
    startedAt: iso(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    erased: row.erased,
    anonymised: row.anonymised,
    held: row.held,
    failed: row.failed,
    subjects: row.subjects.map((s) => ({ ...s, service: s.service as ServiceCode | null })),
  };
}

/**
 * The rule a closed case falls under: the one for the service of its last referral, else the
 * agency's default (a case never referred: the default); none, and the schedule leaves it alone.
 */
export function ruleFor(rules: readonly StoredRetentionRule[], lastService: string | null): StoredRetentionRule | undefined {
  return (lastService === null ? undefined : rules.find((r) => r.service === lastService)) ?? rules.find((r) => r.service === null);
}

/**
 * When a closed case is due: its rule's period after it closed, never sooner than the agency's
 * legal minimum (a minimum the operator raised after the rule was set lengthens the rule here).
 */
export function dueOf(closed: ClosedCase, rules: readonly StoredRetentionRule[], legalMinimumDays: number): Omit<RetentionDue, 'held'> | undefined {
  const rule = ruleFor(rules, closed.last_service);
  if (!rule) return undefined;
  const periodDays = Math.max(rule.periodDays, legalMinimumDays);
  return {
    subjectId: closed.id,
    reference: closed.reference,
    service: rule.service as ServiceCode | null,
    periodDays,
    action: rule.action,
    closedSince: iso(closed.closed_since),
    dueAt: iso(new Date(closed.closed_since.getTime() + periodDays * DAY_MS)),
  };
}

/** The agency's closed cases due by `until`, soonest first (ids, references and rules only). */
export async function casesDueBy(tx: ScopedTx, agencyId: string, rules: readonly StoredRetentionRule[], legalMinimumDays: number, until: Date): Promise<Array<Omit<RetentionDue, 'held'>>> {
  if (rules.length === 0) return [];
  // A case closed after `until` less the shortest period any rule applies cannot be due by `until`: left in the database.
  const shortest = Math.min(...rules.map((r) => Math.max(r.periodDays, legalMinimumDays)));
  const closed = await listClosedCases(tx, agencyId, OPEN_REFERRAL_STATUSES, new Date(until.getTime() - shortest * DAY_MS));
  return closed
    .map((c) => dueOf(c, rules, legalMinimumDays))
    .filter((d): d is Omit<RetentionDue, 'held'> => d !== undefined && new Date(d.dueAt) <= until)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.subjectId.localeCompare(b.subjectId));
}
