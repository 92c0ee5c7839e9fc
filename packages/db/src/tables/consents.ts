import type { ScopedTx } from '../scope';
import type { ConsentRow, ConsentWithdrawalRow, NewConsent } from '../schema';

export function insertConsent(tx: ScopedTx, consent: NewConsent): Promise<ConsentRow> {
  return tx.insertInto('consents').values(consent).returningAll().executeTakeFirstOrThrow();
}

/** Every version of one consent, oldest first. */
export function findConsentVersions(tx: ScopedTx, consentId: string): Promise<ConsentRow[]> {
  return tx.selectFrom('consents').selectAll().where('consent_id', '=', consentId).orderBy('version').execute();
}

/** Every version of every consent of these subjects. */
export function listConsentsOfSubjects(tx: ScopedTx, subjectIds: string[]): Promise<ConsentRow[]> {
  if (subjectIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('consents').selectAll().where('subject_id', 'in', subjectIds).orderBy('recorded_at').orderBy('version').execute();
}

export async function insertWithdrawal(
  tx: ScopedTx,
  withdrawal: ConsentWithdrawalRow,
): Promise<void> {
  await tx.insertInto('consent_withdrawals').values(withdrawal).execute();
}

export function findWithdrawals(tx: ScopedTx, consentIds: string[]): Promise<ConsentWithdrawalRow[]> {
  if (consentIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('consent_withdrawals').selectAll().where('consent_id', 'in', consentIds).execute();
}
