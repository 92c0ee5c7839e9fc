import { PonteError, type WithdrawConsent } from '@ponte/contracts';
import { insertEventsAtCommit, insertWithdrawal, isUniqueViolation, type ConsentRow, type ReachedReferral, type ScopedTx } from '@ponte/db';

/**
 * What withdrawing a consent does, whoever records it: the owning agency from the consent's page,
 * or an agency holding a referral under it from the printed receipt's QR code. The withdrawal is
 * written in the owner's records (it takes effect at once: every read checks the consent), and
 * each open referral it reaches stops exposing data and both its agencies are asked to purge
 * (`referral.purge_requested`). `reached` names those referrals once the withdrawal is written (the
 * owner reads and locks them before; a recipient may learn of them only in this transaction).
 */
export async function recordWithdrawal(
  tx: ScopedTx,
  consent: ConsentRow,
  input: { withdrawal: WithdrawConsent; withdrawnBy: string; now: Date; recordedByAgencyId?: string },
  reached: () => Promise<readonly ReachedReferral[]>,
): Promise<readonly ReachedReferral[]> {
  const { withdrawal, withdrawnBy, now } = input;
  try {
    await insertWithdrawal(tx, {
      agency_id: consent.agency_id,
      consent_id: consent.consent_id,
      requested_by: withdrawal.requestedBy,
      method: withdrawal.method,
      reason: withdrawal.reason,
      withdrawn_by: withdrawnBy,
      withdrawn_at: now,
      ...(input.recordedByAgencyId ? { recorded_by_agency_id: input.recordedByAgencyId } : {}),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyWithdrawn();
    throw error;
  }
  const referrals = await reached();
  // Open referrals built on it stop exposing data at once (reads check the consent); each recipient is told to purge.
  insertEventsAtCommit(
    tx,
    referrals.flatMap((referral) => {
      const payload = { referralId: referral.id, reason: 'consent_withdrawn', categories: referral.shared_categories, status: referral.status };
      return [
        { agency_id: referral.recipient_agency_id, type: 'referral.purge_requested', referral_id: referral.id, payload, created_at: now },
        { agency_id: referral.agency_id, type: 'referral.purge_requested', referral_id: referral.id, payload, created_at: now },
      ];
    }),
  );
  return referrals;
}

export const alreadyWithdrawn = () =>
  new PonteError('conflict', { en: 'This consent is already withdrawn', pt: 'Este consentimento já foi retirado' }, undefined, { rule: 'consent.already_withdrawn' });
