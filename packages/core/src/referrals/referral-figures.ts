import { findAgenciesByIds, referralsOfAgency } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';

/** Counts under this are shown as "<5" in anything that leaves the agency, so no small group can be singled out. */
export const SMALL_COUNT = 5;

const suppress = (n: number): number | '<5' => (n > 0 && n < SMALL_COUNT ? '<5' : n);

/**
 * Suppresses counts 1 to 4 in a group, and when only one cell would be hidden, the next
 * smallest too, so the total minus the shown cells cannot give it back.
 */
export function suppressGroup(counts: Record<string, number>): Record<string, number | '<5'> {
  const hidden = new Set(Object.entries(counts).filter(([, n]) => n > 0 && n < SMALL_COUNT).map(([k]) => k));
  if (hidden.size === 1) {
    const next = Object.entries(counts)
      .filter(([k, n]) => !hidden.has(k) && n > 0)
      .sort((a, b) => a[1] - b[1])[0];
    if (next) hidden.add(next[0]);
  }
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, hidden.has(k) ? '<5' : n]));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The 90th percentile, nearest rank. */
function p90(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1]!;
}

type FigureRow = Awaited<ReturnType<typeof referralsOfAgency>>[number];

const hours = (from: Date | null, to: Date | null) => (from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 3_600_000 : null);
const enough = (n: number) => n >= SMALL_COUNT;

/**
 * Whether a referral missed its response deadline: answered (accepted or declined) after
 * `respond_by`, or not answered and past it (still waiting, or withdrawn after it). Undefined
 * while it cannot be told yet (waiting within its deadline, withdrawn before it, sent before
 * deadlines were kept).
 */
function missedResponse(r: FigureRow, now: Date): boolean | undefined {
  if (!r.respond_by) return undefined;
  const deadline = new Date(r.respond_by).getTime();
  const answered = r.accepted_at ?? (r.status === 'declined' ? r.closed_at : null);
  if (answered) return new Date(answered).getTime() > deadline;
  const until = r.status === 'sent' ? now : r.status === 'withdrawn' ? r.closed_at : null;
  return until && new Date(until).getTime() > deadline ? true : undefined;
}

/** A share that would give back the counts it is built on is withheld: only when neither side is small. */
function share(part: number, whole: number): number | null {
  const large = (n: number) => n === 0 || n >= SMALL_COUNT;
  return enough(whole) && large(part) && large(whole - part) ? Math.round((part / whole) * 1000) / 1000 : null;
}

/** Hours to accept and complete (median and 90th percentile) and the overdue share of some referrals, each withheld on fewer than 5. */
function timing(rows: FigureRow[], now: Date) {
  const toAccept = rows.map((r) => hours(r.sent_at, r.accepted_at)).filter((h): h is number => h !== null);
  const toComplete = rows.map((r) => hours(r.sent_at, r.completed_at)).filter((h): h is number => h !== null);
  const told = rows.map((r) => missedResponse(r, now)).filter((m): m is boolean => m !== undefined);
  return {
    medianHoursToAccept: enough(toAccept.length) ? median(toAccept) : null,
    p90HoursToAccept: enough(toAccept.length) ? p90(toAccept) : null,
    medianHoursToComplete: enough(toComplete.length) ? median(toComplete) : null,
    p90HoursToComplete: enough(toComplete.length) ? p90(toComplete) : null,
    overdueShare: share(told.filter(Boolean).length, told.length),
  };
}

/** The timing figures of each group, with the group's counts suppressed together. */
function grouped(rows: FigureRow[], key: (r: FigureRow) => string, now: Date) {
  const groups = new Map<string, FigureRow[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const counts = suppressGroup(Object.fromEntries([...groups].map(([k, g]) => [k, g.length])));
  return Object.fromEntries([...groups].map(([k, g]) => [k, { referrals: counts[k]!, ...timing(g, now) }]));
}

/**
 * The agency's referral figures, sent and received: by status and by service, acceptance
 * rate, hours to accept and to complete (median and 90th percentile), the share that missed
 * their response deadline, and these by service and by partner agency. Counts between 1 and 4
 * are suppressed, and a rate, share, median or percentile built on fewer than 5 referrals is
 * withheld.
 */
export async function referralFigures({ ctx }: { ctx: Context }) {
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    ensureCanList(ctx.ability, 'Figures', { agencyId });
    const now = ctx.now();
    const rows = await referralsOfAgency(tx, agencyId);
    const partners = new Map((await findAgenciesByIds(tx, [...new Set(rows.flatMap((r) => [r.agency_id, r.recipient_agency_id]))])).map((a) => [a.id, a.slug]));
    const side = (sent: boolean) => {
      const mine = rows.filter((r) => (r.agency_id === agencyId) === sent);
      const count = (key: 'status' | 'service') => {
        const counts: Record<string, number> = {};
        for (const r of mine) counts[r[key]] = (counts[r[key]] ?? 0) + 1;
        return suppressGroup(counts);
      };
      const decided = mine.filter((r) => r.accepted_at || r.status === 'declined');
      const accepted = mine.filter((r) => r.accepted_at);
      return {
        total: suppress(mine.length),
        byStatus: count('status'),
        byService: count('service'),
        acceptanceRate: share(accepted.length, decided.length),
        ...timing(mine, now),
        timingByService: grouped(mine, (r) => r.service, now),
        byPartner: grouped(mine, (r) => partners.get(sent ? r.recipient_agency_id : r.agency_id)!, now),
      };
    };
    log.allow({ resource: 'Referral', action: 'figures', rule: 'figures.aggregate' });
    return { suppressedBelow: SMALL_COUNT, sent: side(true), received: side(false) };
    // Figures may be a few seconds old (read on the replica); their access event is written on the primary.
  }, { mayBeStale: true });
}
