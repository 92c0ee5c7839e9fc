import { fieldError, PonteError, type AccessEventQuery } from '@ponte/contracts';
import { actorNamesOf, actorNamesQuery, findAgencyBySlug, listAccessEvents as selectAccessEvents, readAtCommit, type AccessEventRow } from '@ponte/db';
import type { Context } from '../context';
import { decodeCursor, encodeCursor } from '../paging';
import { iso } from '../util';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/** An access event as the API shows it; `names` holds the names of the reader's agency's own actors. */
export function toAccessEvent(row: AccessEventRow & { log_index?: number | null }, names: ReadonlyMap<string, string> = new Map()) {
  return {
    id: row.id,
    occurredAt: iso(row.occurred_at),
    actor: { kind: row.actor_kind, id: row.actor_id, agencyId: row.agency_id, name: names.get(row.actor_id) ?? null },
    subjectId: row.subject_id,
    owningAgencyId: row.owning_agency_id,
    resource: row.resource,
    resourceId: row.resource_id,
    action: row.action,
    fields: row.fields,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    decision: row.decision,
    rule: row.rule,
    breakGlass: row.break_glass,
    requestId: row.request_id,
    clientRequestId: row.client_request_id,
    logIndex: row.log_index ?? null,
  };
}

const badCursor = () =>
  new PonteError('invalid_request', { en: 'The cursor is not valid here', pt: 'O cursor não é válido aqui' }, [
    fieldError('query', ['cursor'], 'cursor', { en: 'not a cursor this search gave your agency', pt: 'não é um cursor que esta pesquisa deu à sua agência' }),
  ]);

/**
 * The access log as a privacy officer reviews it: the agency's own actors' events and every
 * event about its subjects, oldest first, searchable, by cursor. A cursor belongs to the agency
 * that received it.
 */
export async function listAccessEvents({ ctx, input }: { ctx: Context; input: AccessEventQuery }) {
  const agencyId = ctx.principal.agencyId;
  const position = decodeCursor(input.cursor, ['occurredAt', 'id', 'agency'] as const);
  if (position && position.agency !== agencyId) throw badCursor();
  const found = await withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'list');
    const actingAgency = input.agency ? await findAgencyBySlug(tx, input.agency) : undefined;
    if (input.agency && !actingAgency)
      throw new PonteError('invalid_request', { en: 'No such agency', pt: 'Agência inexistente' }, [
        fieldError('query', ['agency'], 'known_agency', { en: 'no such agency', pt: 'agência inexistente' }),
      ]);
    const rows = await selectAccessEvents(tx, {
      subjectId: input.subjectId,
      actorId: input.actorId,
      agencyId: actingAgency?.id,
      resource: input.resource,
      action: input.action,
      decision: input.decision,
      breakGlass: input.breakGlass === undefined ? undefined : input.breakGlass === 'true',
      purpose: input.purpose,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
      limit: input.limit,
      after: position,
    });
    log.allow({ resource: 'AccessEvent', action: 'search', subjectId: input.subjectId, rule: 'privacy_officer.review' });
    // The agency's own actors' names are read with the commit: nothing is decided on them.
    const actors = [...new Set(rows.filter((r) => r.agency_id === agencyId).map((r) => r.actor_id))];
    return { rows, names: actors.length > 0 ? readAtCommit(tx, actorNamesQuery(tx, actors)) : undefined };
    // A search may read the log as it was a few seconds ago (on the read replica); its own event is written on the primary.
  }, { mayBeStale: true });
  const last = found.rows.at(-1);
  const names = actorNamesOf(found.names?.rows ?? []);
  return {
    items: found.rows.map((row) => toAccessEvent(row, names)),
    nextCursor: found.rows.length === input.limit && last ? encodeCursor({ occurredAt: iso(last.occurred_at), id: last.id, agency: agencyId! }) : null,
  };
}
