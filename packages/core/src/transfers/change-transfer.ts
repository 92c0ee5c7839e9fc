import { PonteError, type Transfer } from '@ponte/contracts';
import { decideSubjectTransfer, findAgenciesByIds, findSubjectTransfer, type ScopedTx, type SubjectTransferRow } from '@ponte/db';
import { isTransferPending } from '@ponte/policy';
import type { AccessLog } from '@ponte/audit';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { loadTransfer, transferEvents, viewTransfer, type LoadedTransfer } from './transfer-access';

const PAST = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' } as const;

export interface TransferChange {
  id: string;
  action: 'accept' | 'decline' | 'cancel';
  /** The version the caller read (`If-Match`); without it, the current one. */
  expectedVersion?: number | undefined;
  declineReason?: string | undefined;
  /** What acceptance does besides the status (the receiver's own record), once the transfer is loaded and found pending. */
  accept?: (loaded: LoadedTransfer, tx: ScopedTx, log: AccessLog) => Promise<{ receivedSubjectId: string; readOnlyFrom: Date; categories: string[]; legalBasis: string }>;
}

/**
 * One decision on a pending transfer, enforced in the database: the row moves only if it is still
 * pending at the expected version, so of two people accepting at once exactly one succeeds and the
 * other gets 409 `transfer.transition_not_allowed` (or 412 with a stale `If-Match`). The receiver
 * accepts or declines (its intake focal point or a supervisor); the sender cancels (whoever works
 * on the subject). Both agencies get the event, with ids only.
 */
export async function changeTransfer(ctx: Context, change: TransferChange): Promise<Transfer> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const loaded = await loadTransfer(tx, ctx, ability, log, change.id, change.action, { lock: true });
    const { row } = loaded;
    const logged = { resource: 'Transfer' as const, resourceId: row.id, action: change.action, subjectId: row.subject_id, owningAgencyId: row.agency_id };
    if (change.expectedVersion !== undefined && change.expectedVersion !== row.version) throw stale(row);
    if (!isTransferPending(row.status)) throw log.refuse(logged, notPending(row, change.action));
    const at = ctx.now();
    const accepted = change.accept ? await change.accept(loaded, tx, log) : undefined;
    const updated = await decideSubjectTransfer(tx, row.id, {
      expectedVersion: change.expectedVersion ?? row.version,
      to: PAST[change.action],
      by: ctx.principal.id,
      at,
      declineReason: change.declineReason,
      receivedSubjectId: accepted?.receivedSubjectId,
      readOnlyFrom: accepted?.readOnlyFrom,
    });
    if (!updated) {
      const current = (await findSubjectTransfer(tx, row.id))!;
      throw change.expectedVersion !== undefined ? stale(current) : notPending(current, change.action);
    }
    log.allow({ ...logged, ...(accepted ? { fields: accepted.categories, legalBasis: accepted.legalBasis } : {}), rule: `subject.transfer_${PAST[change.action]}` });
    const agencies = await findAgenciesByIds(tx, [row.agency_id, row.recipient_agency_id]);
    const slug = (id: string) => agencies.find((a) => a.id === id)!.slug;
    transferEvents(tx, updated, `subject.transfer_${PAST[change.action]}`, { from: slug(row.agency_id), to: slug(row.recipient_agency_id) }, at);
    return viewTransfer(updated, loaded.side, agencies);
  });
}

const stale = (row: SubjectTransferRow) =>
  new PonteError('precondition_failed', { en: 'The transfer changed since you read it', pt: 'A transferência foi alterada desde a sua leitura' }, undefined, {
    currentVersion: row.version,
    currentStatus: row.status,
  });

const notPending = (row: SubjectTransferRow, action: string) =>
  new PonteError(
    'conflict',
    { en: `A transfer that is ${row.status} does not allow '${action}'`, pt: `Uma transferência no estado ${row.status} não permite esta ação (${action})` },
    undefined,
    { currentStatus: row.status, currentVersion: row.version, rule: 'transfer.transition_not_allowed' },
  );
