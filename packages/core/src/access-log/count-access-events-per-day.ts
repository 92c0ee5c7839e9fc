import { DAY_MS, HUB_TIME_ZONE, lastDays, startOfDay } from '@ponte/contracts';
import { countAccessEventsPerDay as countPerDay, findAgenciesByIds } from '@ponte/db';
import type { Context } from '../context';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/**
 * How many access events a privacy officer's agency may see happened on each of the last `days`
 * days (today included, in the hub's time zone), per acting agency and decision: counted by the
 * database, with the visibility of {@link listAccessEvents}, and one access event for the count.
 */
export async function countAccessEventsPerDay({ ctx, input }: { ctx: Context; input: { days: number } }) {
  const span = Math.min(Math.max(Math.trunc(input.days), 1), 92);
  const days = lastDays(ctx.now(), span);
  const from = startOfDay(days[0]!);
  const to = new Date(startOfDay(days.at(-1)!).getTime() + DAY_MS);
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'count');
    const rows = await countPerDay(tx, { from, to, timeZone: HUB_TIME_ZONE });
    const agencies = await findAgenciesByIds(tx, [...new Set(rows.map((r) => r.agency_id))]);
    const slugOf = new Map(agencies.map((a) => [a.id, a.slug]));
    log.allow({ resource: 'AccessEvent', action: 'count', fields: ['day', 'agency', 'decision'], rule: 'privacy_officer.review' });
    return {
      days,
      counts: rows.map((r) => ({ day: r.day, agency: slugOf.get(r.agency_id) ?? r.agency_id, decision: r.decision, count: r.count })),
    };
  });
}
