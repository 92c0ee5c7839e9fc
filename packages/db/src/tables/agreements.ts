import { sql } from 'kysely';
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

/** Agreements visible in this scope, newest first. */
export function listAgreements(tx: ScopedTx, filter: AgreementFilter): Promise<AgreementRow[]> {
  // Keyset at millisecond precision: the cursor carries what the API shows (ISO, milliseconds).
  const createdMs = sql`date_trunc('milliseconds', created_at)`;
  let query = tx.selectFrom('agreements').selectAll().orderBy(createdMs, 'desc').orderBy('id', 'desc').limit(filter.limit);
  if (filter.agencyId) {
    const agencyId = filter.agencyId;
    query = query.where((eb) => eb.or([eb('agency_id', '=', agencyId), eb('recipient_agency_id', '=', agencyId)]));
  }
  if (filter.inForce !== undefined) {
    const inForce = sql<boolean>`(status = 'active' and ${filter.today}::date between valid_from and valid_until)`;
    query = query.where(filter.inForce ? inForce : sql<boolean>`not ${inForce}`);
  }
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
  return tx
    .selectFrom('agreements')
    .selectAll()
    .where('agency_id', '=', fromAgencyId)
    .where('recipient_agency_id', '=', toAgencyId)
    .orderBy('created_at', 'desc')
    .execute();
}
