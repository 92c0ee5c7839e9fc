import { PonteError } from '@ponte/contracts';
import type { AccessLog, AccessRecord } from '@ponte/audit';
import { HISTORICAL_READ_PURPOSE, isReadOnlyAfterTransfer } from '@ponte/policy';
import type { Context } from '../context';
import type { LoadedSubject } from '../subjects/subject-access';
import { iso } from '../util';

/** Whether the sender's record of this subject is read-only now (a transfer of it accepted, its grace period over). */
export function isTransferredRecord(ctx: Context, subject: LoadedSubject): boolean {
  const transfer = subject.transfer;
  return isReadOnlyAfterTransfer(transfer && { status: transfer.status, readOnlyFrom: transfer.read_only_from }, ctx.now());
}

/**
 * Refuses a change to a record whose case was transferred to another agency once the grace
 * period is over: 409 naming `subject.transferred` (with when it became read-only), logged as a
 * denial. Called after the verb's own rules, so whoever may not know the subject still gets 404.
 */
export function ensureNotTransferred(ctx: Context, log: AccessLog, subject: LoadedSubject, refused: Omit<AccessRecord, 'rule'>): void {
  if (!isTransferredRecord(ctx, subject)) return;
  throw log.refuse(
    refused,
    new PonteError(
      'conflict',
      {
        en: 'The case was transferred to another agency: this record is read-only',
        pt: 'O caso foi transferido para outra agência: este registo é só de leitura',
      },
      undefined,
      { rule: 'subject.transferred', readOnlyFrom: iso(subject.transfer!.read_only_from!) },
    ),
  );
}

/** The purpose a read of this record is logged under: `historical` once its case was transferred and the grace period is over. */
export function readPurposeOf(ctx: Context, subject: LoadedSubject): string | undefined {
  return isTransferredRecord(ctx, subject) ? HISTORICAL_READ_PURPOSE : undefined;
}
