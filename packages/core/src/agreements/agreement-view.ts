import type { Agreement, DataCategory, Purpose } from '@ponte/contracts';
import { findAgenciesByIds, findAgreement, type AgreementRow, type ScopedTx } from '@ponte/db';
import { agreementInForce, ensureCan, type AgreementFacts, type AppAbility } from '@ponte/policy';
import { calendarDate } from '@ponte/contracts';
import { iso, isoOrNull, notFound } from '../util';
import { responseHoursOf } from '../referrals/referral-deadlines';

/** A stored agreement as the policy's rules see it. */
export const agreementFacts = (row: AgreementRow): AgreementFacts => ({
  status: row.status,
  validFrom: row.valid_from,
  validUntil: row.valid_until,
  purposes: row.purposes,
  categories: row.categories,
});

/** Agreements as the API shows them, parties named by slug. */
export async function viewAgreements(tx: ScopedTx, rows: AgreementRow[], now: Date): Promise<Agreement[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.agency_id, r.recipient_agency_id]))];
  const slugs = new Map((await findAgenciesByIds(tx, ids)).map((a) => [a.id, a.slug]));
  const today = calendarDate(now);
  return rows.map((row) => ({
    id: row.id,
    from: slugs.get(row.agency_id)!,
    to: slugs.get(row.recipient_agency_id)!,
    purposes: row.purposes as Purpose[],
    categories: row.categories as DataCategory[],
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    documentRef: row.document_ref,
    status: row.status as Agreement['status'],
    responseHours: responseHoursOf(row),
    inForce: agreementInForce(agreementFacts(row), today),
    terminatedAt: isoOrNull(row.terminated_at),
    createdAt: iso(row.created_at),
  }));
}

/** Loads an agreement visible in this scope and checks the action on it. */
export async function requireAgreement(tx: ScopedTx, ability: AppAbility, id: string, action: 'read' | 'terminate') {
  const row = await findAgreement(tx, id);
  if (!row) throw notFound('agreement', 'Acordo inexistente');
  ensureCan(ability, action, 'Agreement', { agencyId: row.agency_id, recipientAgencyId: row.recipient_agency_id });
  return row;
}
