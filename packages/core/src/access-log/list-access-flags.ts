import { computeFlags, type FlagEvent } from '@ponte/audit';
import { DAY_MS, fieldError, PonteError } from '@ponte/contracts';
import { eventsBetween, findActorNames, reviewsOf, type AccessEventRow } from '@ponte/db';
import type { Context } from '../context';
import { iso } from '../util';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

const toFlagEvent = (row: AccessEventRow): FlagEvent => ({
  id: row.id,
  requestId: row.request_id,
  actorKind: row.actor_kind,
  occurredAt: new Date(row.occurred_at),
  actorId: row.actor_id,
  actorAgencyId: row.agency_id,
  subjectId: row.subject_id,
  resource: row.resource,
  action: row.action,
  decision: row.decision,
  rule: row.rule,
  breakGlass: row.break_glass,
});

/** Flags over the events the officer may see in a window (default: the last 7 days), with their reviews. */
export async function listAccessFlags({ ctx, input }: { ctx: Context; input: { from?: string | undefined; to?: string | undefined } }) {
  const to = input.to ? new Date(input.to) : ctx.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 7 * DAY_MS);
  if (from >= to)
    throw new PonteError('invalid_request', { en: 'The time range is empty', pt: 'O intervalo de tempo está vazio' }, [
      fieldError('query', ['to'], 'time_range', { en: 'must be after `from`', pt: 'tem de ser posterior a `from`' }),
    ]);
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'flags');
    const events = (await eventsBetween(tx, { from, to, limit: 200_000 })).map(toFlagEvent);
    const history = (await eventsBetween(tx, { from: new Date(from.getTime() - 30 * DAY_MS), to: from, limit: 500_000 })).map(toFlagEvent);
    const flags = computeFlags(events, history);
    const reviews = await reviewsOf(tx, flags.map((f) => f.id));
    const names = await findActorNames(tx, [...new Set(flags.filter((f) => f.actorAgencyId === ctx.principal.agencyId).map((f) => f.actorId))]);
    log.allow({ resource: 'AccessEvent', action: 'flags', rule: 'privacy_officer.review' });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      items: flags.map((flag) => ({
        ...flag,
        actorName: names.get(flag.actorId) ?? null,
        reviews: reviews.filter((r) => r.target_id === flag.id).map((r) => ({ status: r.status, note: r.note, reviewerId: r.reviewer_id, at: iso(r.created_at) })),
      })),
    };
  });
}
