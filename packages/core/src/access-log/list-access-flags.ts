import { DEFAULT_FLAG_SETTINGS, flagsOfActor, PERSONAL_DATA_READS, purgeFlags, sortFlags, type Flag, type FlagEvent } from '@ponte/audit';
import { DAY_MS, fieldError, PonteError } from '@ponte/contracts';
import { eventsByActorBetween, findActorNames, readsPerActorBetween, reviewsOf, unattestedPurgeRequests, type AccessEventRow, type ScopedTx } from '@ponte/db';
import type { Context } from '../context';
import { decodeCursor, encodeCursor } from '../paging';
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

/** The widest window flags are computed over, and the earliest time it may start. */
const MAX_WINDOW_DAYS = 366;
const EARLIEST = new Date('2000-01-01T00:00:00Z');

/** Events read a page at a time, in actor order: one actor's events are held at once, never the window's. */
const PAGE = 5_000;

/**
 * The flags of the events the transaction may see in a window: each actor's events taken in turn
 * (keyset pages in actor order), each actor's usual reads a day counted in the database over the
 * 30 days before.
 */
async function flagsBetween(tx: ScopedTx, from: Date, to: Date): Promise<Flag[]> {
  const history = await readsPerActorBetween(tx, { from: new Date(from.getTime() - 30 * DAY_MS), to: from, timeZone: DEFAULT_FLAG_SETTINGS.timeZone, ...PERSONAL_DATA_READS });
  const usual = new Map(history.map((h) => [h.actorId, h.days > 0 ? h.reads / h.days : 0]));
  const flags: Flag[] = [];
  let actor: FlagEvent[] = [];
  const flush = () => {
    if (actor.length > 0) flags.push(...flagsOfActor(actor, usual.get(actor[0]!.actorId) ?? 0));
    actor = [];
  };
  let after: { actorId: string; atKey: string; id: string } | undefined;
  for (;;) {
    const page = await eventsByActorBetween(tx, { from, to, after, limit: PAGE });
    for (const row of page) {
      if (actor.length > 0 && actor[0]!.actorId !== row.actor_id) flush();
      actor.push(toFlagEvent(row));
    }
    if (page.length < PAGE) break;
    const last = page.at(-1)!;
    after = { actorId: last.actor_id, atKey: last.at_key, id: last.id };
  }
  flush();
  // Purges not attested by their deadline, asked by or of the agency (row-level security shows it both sides).
  const overdue = await unattestedPurgeRequests(tx, to);
  flags.push(
    ...purgeFlags(
      overdue.map((r) => ({ id: r.id, referralId: r.referral_id, subjectId: r.subject_id, ownerAgencyId: r.agency_id, recipientAgencyId: r.recipient_agency_id, dueAt: new Date(r.due_at) })),
    ),
  );
  return sortFlags(flags);
}

/** The order flags are listed and paged in: by start, kind, then id (so no two flags tie), in code-unit order. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}
const flagKey = (flag: Flag) => [flag.from, flag.kind, flag.id] as const;

/**
 * Flags over the events the officer may see in a window (default: the last 7 days), with their
 * reviews, a page at a time (`limit`, then the `nextCursor` as `cursor`; without `limit`, all).
 * Flags are computed over the whole window for each page (a flag spans events), and the page is
 * cut from them by its position: start, kind, id.
 */
export async function listAccessFlags({ ctx, input }: { ctx: Context; input: { from?: string | undefined; to?: string | undefined; cursor?: string | undefined; limit?: number | undefined } }) {
  const position = decodeCursor(input.cursor, ['from', 'kind', 'flag'] as const);
  if (position && !(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(position.from) && /^[a-z_]{1,40}$/.test(position.kind) && /^[0-9a-f]{24}$/.test(position.flag)))
    throw new PonteError('invalid_request', { en: 'The cursor is not valid', pt: 'O cursor não é válido' }, [
      fieldError('query', ['cursor'], 'cursor', { en: 'not a cursor this list returned', pt: 'não é um cursor devolvido por esta lista' }),
    ]);
  const to = input.to ? new Date(input.to) : ctx.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 7 * DAY_MS);
  if (from >= to)
    throw new PonteError('invalid_request', { en: 'The time range is empty', pt: 'O intervalo de tempo está vazio' }, [
      fieldError('query', ['to'], 'time_range', { en: 'must be after `from`', pt: 'tem de ser posterior a `from`' }),
    ]);
  // Flags look at a window and the month before it: both within the years the log can hold.
  if (from < EARLIEST || to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    throw new PonteError('invalid_request', { en: 'The time range is too wide', pt: 'O intervalo de tempo é demasiado largo' }, [
      fieldError('query', ['from'], 'time_range', {
        en: `must be in or after 2000 and at most ${MAX_WINDOW_DAYS} days before \`to\``,
        pt: `tem de ser de 2000 ou depois e no máximo ${MAX_WINDOW_DAYS} dias antes de \`to\``,
      }),
    ]);
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'flags');
    const all = (await flagsBetween(tx, from, to)).sort((a, b) => compareKeys(flagKey(a), flagKey(b)));
    const after = position ? all.filter((flag) => compareKeys(flagKey(flag), [position.from, position.kind, position.flag]) > 0) : all;
    const flags = input.limit === undefined ? after : after.slice(0, input.limit);
    const last = input.limit !== undefined && after.length > input.limit ? flags.at(-1) : undefined;
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
      nextCursor: last ? encodeCursor({ from: last.from, kind: last.kind, flag: last.id }) : null,
    };
  });
}
