import { referralsOfAgency } from '@ponte/db';
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

/**
 * The agency's referral figures, sent and received: by status and by service, acceptance
 * rate, median hours to accept and to complete. Counts between 1 and 4 are suppressed, and a
 * rate or median built on fewer than 5 referrals is withheld.
 */
export async function referralFigures({ ctx }: { ctx: Context }) {
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    ensureCanList(ctx.ability, 'Figures', { agencyId });
    const rows = await referralsOfAgency(tx, agencyId);
    const side = (sent: boolean) => {
      const mine = rows.filter((r) => (r.agency_id === agencyId) === sent);
      const count = (key: 'status' | 'service') => {
        const counts: Record<string, number> = {};
        for (const r of mine) counts[r[key]] = (counts[r[key]] ?? 0) + 1;
        return suppressGroup(counts);
      };
      const decided = mine.filter((r) => r.accepted_at || r.status === 'declined');
      const accepted = mine.filter((r) => r.accepted_at);
      const hours = (from: Date | null, to: Date | null) => (from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 3_600_000 : null);
      const toAccept = accepted.map((r) => hours(r.sent_at, r.accepted_at)).filter((h): h is number => h !== null);
      const toComplete = mine.map((r) => hours(r.sent_at, r.completed_at)).filter((h): h is number => h !== null);
      const enough = (n: number) => n >= SMALL_COUNT;
      return {
        total: suppress(mine.length),
        byStatus: count('status'),
        byService: count('service'),
        // A rate would give back the counts it is built on: only when neither side is small.
        acceptanceRate: (() => {
          const declined = decided.length - accepted.length;
          const large = (n: number) => n === 0 || n >= SMALL_COUNT;
          return enough(decided.length) && large(accepted.length) && large(declined) ? Math.round((accepted.length / decided.length) * 1000) / 1000 : null;
        })(),
        medianHoursToAccept: enough(toAccept.length) ? median(toAccept) : null,
        medianHoursToComplete: enough(toComplete.length) ? median(toComplete) : null,
      };
    };
    log.allow({ resource: 'Referral', action: 'figures', rule: 'figures.aggregate' });
    return { suppressedBelow: SMALL_COUNT, sent: side(true), received: side(false) };
    // Figures may be a few seconds old (read on the replica); their access event is written on the primary.
  }, { mayBeStale: true });
}
