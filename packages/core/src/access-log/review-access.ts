import { insertReview } from '@ponte/db';
import type { Context } from '../context';
import { iso } from '../util';
import { visibleEvent } from './find-event';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

/** A privacy officer marks an event or a flag reviewed, with a note, or escalates it; the review is logged. */
export async function reviewAccess({
  ctx,
  input,
}: {
  ctx: Context;
  input: { targetKind: 'event' | 'flag'; targetId: string; status: 'reviewed' | 'escalated'; note: string };
}) {
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'review', input.targetKind === 'event' ? 'event' : undefined);
    if (input.targetKind === 'event') await visibleEvent(tx, log, input.targetId, 'review');
    const row = await insertReview(tx, {
      agency_id: ctx.principal.agencyId!,
      target_kind: input.targetKind,
      target_id: input.targetId,
      status: input.status,
      note: input.note,
      reviewer_id: ctx.principal.id,
      created_at: ctx.now(),
    });
    log.allow({ resource: 'AccessEvent', action: input.status === 'escalated' ? 'escalate' : 'review', rule: 'privacy_officer.review' });
    if (input.status === 'escalated') ctx.logger.warn({ event: 'access.escalated', reviewId: row.id }, 'access escalated by a privacy officer');
    return { id: row.id, targetKind: row.target_kind, targetId: row.target_id, status: row.status, note: row.note, at: iso(row.created_at) };
  });
}
