import type { TransferPage, TransferStatus } from '@ponte/contracts';
import { findAgenciesByIds, subjectTransferPage } from '@ponte/db';
import { tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { decodeCursor, pageOf } from '../paging';
import { iso } from '../util';
import { transferRecord, viewTransfer } from './transfer-access';

/**
 * The transfers to the agency (inbox) or from it (outbox), newest first, those the principal may
 * see: as the referral lists do, the page is read under row-level security and each transfer kept
 * only if the policy lets the principal read it (the sender's people on the subject, the
 * receiver's focal point and supervisors, privacy officers).
 */
export async function listTransfers({
  ctx,
  input,
}: {
  ctx: Context;
  input: { box: 'inbox' | 'outbox'; status?: TransferStatus | undefined; limit: number; cursor?: string | undefined };
}): Promise<TransferPage> {
  const after = decodeCursor(input.cursor, ['requestedAt', 'id'] as const);
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const rows = await subjectTransferPage(tx, { box: input.box, agencyId: ctx.principal.agencyId!, status: input.status, limit: input.limit, after });
    log.allow({ resource: 'Transfer', action: 'list', fields: [input.box], rule: 'Transfer.list' });
    const cursor = pageOf(rows, input.limit, (r) => r, (r) => ({ requestedAt: iso(r.requested_at), id: r.id }));
    const readable = rows.filter((row) => ability.can('read', tag('Transfer', transferRecord(row))));
    const agencies = readable.length ? await findAgenciesByIds(tx, [...new Set(readable.flatMap((r) => [r.agency_id, r.recipient_agency_id]))]) : [];
    const side = input.box === 'inbox' ? 'receiver' : 'sender';
    return { items: readable.map((row) => viewTransfer(row, side, agencies)), nextCursor: cursor.nextCursor };
  });
}
