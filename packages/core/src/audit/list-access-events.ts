import { PonteError } from '@ponte/contracts';
import { listAccessEvents as selectAccessEvents } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { decodeCursor, iso, pageOf } from '../util';
import { withAudit } from './access-log';

/** The access log as a privacy officer reviews it: the agency's own actors and its subjects, oldest first. */
export async function listAccessEvents({
  ctx,
  input,
}: {
  ctx: Context;
  input: { subjectId?: string | undefined; decision?: 'allow' | 'deny' | undefined; limit: number; cursor?: string | undefined };
}) {
  const after = decodeCursor(input.cursor, ['occurredAt', 'id'] as const);
  return withAudit(ctx, async (tx, log) => {
    try {
      ensureCanList(ctx.ability, 'AccessEvent', { agencyId: ctx.principal.agencyId!, owningAgencyId: null });
    } catch (error) {
      throw log.refuse({ resource: 'AccessEvent', action: 'list', rule: 'role.not_privacy_officer' }, error as PonteError);
    }
    const rows = await selectAccessEvents(tx, { subjectId: input.subjectId, decision: input.decision, limit: input.limit, after });
    log.allow({ resource: 'AccessEvent', action: 'list', subjectId: input.subjectId, rule: 'privacy_officer.review' });
    return pageOf(
      rows,
      input.limit,
      (row) => ({
        id: row.id,
        occurredAt: iso(row.occurred_at),
        actor: { kind: row.actor_kind, id: row.actor_id, agencyId: row.agency_id },
        subjectId: row.subject_id,
        owningAgencyId: row.owning_agency_id,
        resource: row.resource,
        resourceId: row.resource_id,
        action: row.action,
        fields: row.fields,
        purpose: row.purpose,
        legalBasis: row.legal_basis,
        decision: row.decision as 'allow' | 'deny',
        rule: row.rule,
        breakGlass: row.break_glass,
        requestId: row.request_id,
      }),
      (row) => ({ occurredAt: iso(row.occurred_at), id: row.id }),
    );
  });
}
