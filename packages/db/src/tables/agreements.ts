import { sql, type Expression } from 'kysely';
import type { ScopedTx } from '../scope';
import type { AgreementRow, NewAgreement } from '../schema';

export function insertAgreement(tx: ScopedTx, agreement: NewAgreement): Promise<AgreementRow> {
  return tx.insertInto('agreements').values(agreement).returningAll().executeTakeFirstOrThrow();
}

export function findAgreement(tx: ScopedTx, id: string): Promise<AgreementRow | undefined> {
  return tx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface AgreementFilter {
  /** Only agreements this agency is party to. */
  agencyId?: string | undefined;
  /** Only agreements in force (true) or not in force (false) on `today`. */
  inForce?: boolean | undefined;
  today: string;
  limit: number;
  /** Keyset: after this (created_at, id). */
  after?: { createdAt: string; id: string } | undefined;
}

/** In force on `today` (a calendar date): active, and `today` within its validity dates. */
const inForceOn = (today: string) => sql<boolean>`(status = 'active' and ${today}::date between valid_from and valid_until)`;
/** Party to it, on either side. */
const partyTo = (agencyId: string) => sql<boolean>`(agency_id = ${agencyId} or recipient_agency_id = ${agencyId})`;

/** Agreements visible in this scope, newest first. */
export function listAgreements(tx: ScopedTx, filter: AgreementFilter): Promise<AgreementRow[]> {
  // Keyset at millisecond precision: the cursor carries what the API shows (ISO, milliseconds).
  const createdMs = sql`date_trunc('milliseconds', created_at)`;
  let query = tx.selectFrom('agreements').selectAll().orderBy(createdMs, 'desc').orderBy('id', 'desc').limit(filter.limit);
  if (filter.agencyId) query = query.where(partyTo(filter.agencyId));
  if (filter.inForce !== undefined) query = query.where(filter.inForce ? inForceOn(filter.today) : sql<boolean>`not ${inForceOn(filter.today)}`);
  if (filter.after) {
    const { createdAt, id } = filter.after;
    query = query.where(sql<boolean>`(${createdMs}, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query.execute();
}

export function terminateAgreement(tx: ScopedTx, id: string, reason: string): Promise<AgreementRow | undefined> {
  return tx
    .updateTable('agreements')
    .set({ status: 'terminated', terminated_at: sql`now()`, termination_reason: reason, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .returningAll()
    .executeTakeFirst();
}

/** Agreements from one agency to another (any status), newest first. */
export function findAgreementsBetween(tx: ScopedTx, fromAgencyId: string, toAgencyId: string): Promise<AgreementRow[]> {
  return agreementsBetweenQuery(tx, fromAgencyId, toAgencyId).execute();
}

/** The statement behind {@link findAgreementsBetween}; the agencies may be values or expressions. */
export function agreementsBetweenQuery(tx: ScopedTx, fromAgencyId: string | Expression<string>, toAgencyId: string | Expression<string>) {
  return tx.selectFrom('agreements').selectAll().where('agency_id', '=', fromAgencyId).where('recipient_agency_id', '=', toAgencyId).orderBy('created_at', 'desc');
}

/** How many agreements this scope sees (those one agency is party to, when named) are in force on `today`. */
export async function countAgreementsInForce(tx: ScopedTx, filter: { agencyId?: string | undefined; today: string }): Promise<number> {
  let query = tx.selectFrom('agreements').select(sql<number>`count(*)::int`.as('n')).where(inForceOn(filter.today));
  if (filter.agencyId) query = query.where(partyTo(filter.agencyId));
  return (await query.executeTakeFirstOrThrow()).n;
}
