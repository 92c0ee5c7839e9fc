import { DAY_MS, type RetentionForecast } from '@ponte/contracts';
import { findAgenciesByIds, findRetentionSchedule } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { legalHoldsAmong } from '../subjects/legal-holds';
import { casesDueBy } from './retention-view';

/** The most cases a forecast lists. */
const FORECAST_LIMIT = 1000;

/**
 * What the daily retention job will do within `days` (a dry run): the agency's closed cases due by
 * then (overdue ones included), each with its due date, rule and action, those under a legal hold
 * marked held. Ids and case references only; for the privacy officer and the administrator, the
 * listing logged as an access (rule `retention.report`), a refusal too.
 */
export async function forecastRetention({ ctx, input }: { ctx: Context; input: { days: number } }): Promise<RetentionForecast> {
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    log.refusing({ resource: 'Subject', action: 'list', fields: ['retention_forecast'] }, () => ensureCanList(ctx.ability, 'Retention', { agencyId }));
    const at = ctx.now();
    const until = new Date(at.getTime() + input.days * DAY_MS);
    const [agency] = await findAgenciesByIds(tx, [agencyId]);
    const schedule = await findRetentionSchedule(tx, agencyId);
    const due = (await casesDueBy(tx, agencyId, schedule?.rules ?? [], agency!.retention_minimum_days, until)).slice(0, FORECAST_LIMIT);
    const held = await legalHoldsAmong(tx, agencyId, due.map((d) => d.subjectId));
    log.allow({ resource: 'Subject', action: 'list', fields: ['retention_forecast'], rule: 'retention.report' });
    return { at: at.toISOString(), until: until.toISOString(), days: input.days, items: due.map((d) => ({ ...d, held: held.has(d.subjectId) })) };
  });
}
