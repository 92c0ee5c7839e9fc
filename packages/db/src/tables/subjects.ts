import { sql, type Expression, type SqlBool } from 'kysely';
import type { Condition } from '@ponte/contracts';
import { conditionToSql } from '../policy-filter';
import type { ScopedTx } from '../scope';
import type { NewSubject, SubjectRow } from '../schema';

export const SUBJECT_CATEGORY_COLUMNS = ['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal'] as const;
export type SubjectCategoryColumn = (typeof SUBJECT_CATEGORY_COLUMNS)[number];

export function insertSubject(tx: ScopedTx, subject: NewSubject): Promise<SubjectRow> {
  return tx.insertInto('subjects').values(subject).returningAll().executeTakeFirstOrThrow();
}

/** A subject by id; with `lock`, locked as it is read (share for reads, update for consent changes). */
export function findSubject(tx: ScopedTx, id: string, options: { lock?: 'share' | 'update' } = {}): Promise<SubjectRow | undefined> {
  return subjectQuery(tx, id, options).executeTakeFirst();
}

/** The statement behind {@link findSubject} (to read with the facts a unit opens with, or with its commit). */
export function subjectQuery(tx: ScopedTx, id: string, options: { lock?: 'share' | 'update' } = {}) {
  const query = tx.selectFrom('subjects').selectAll().where('id', '=', id);
  if (options.lock === 'share') return query.forShare();
  if (options.lock === 'update') return query.forUpdate();
  return query;
}

/** The id of the agency's subject with this reference (the one written on its case file), if any. */
/** Who works on these subjects (at least one id): what a referral's record needs of its subject. */
export function subjectWorkersQuery(tx: ScopedTx, ids: string[]) {
  return tx.selectFrom('subjects').select(['id', 'assigned_user_id', 'team', 'created_by']).where('id', 'in', ids);
}

export async function findSubjectIdByReference(tx: ScopedTx, reference: string): Promise<string | undefined> {
  const row = await tx.selectFrom('subjects').select('id').where('reference', '=', reference).executeTakeFirst();
  return row?.id;
}

/**
 * Locks the subject row for the rest of the transaction. Reads take a share lock and consent
 * changes an exclusive one, so a read either completes before a withdrawal commits or sees it.
 */
export async function lockSubject(tx: ScopedTx, id: string, mode: 'share' | 'update'): Promise<boolean> {
  const query = tx.selectFrom('subjects').select('id').where('id', '=', id);
  const row = await (mode === 'share' ? query.forShare() : query.forUpdate()).executeTakeFirst();
  return row !== undefined;
}

/** Category columns hold JSON text; identity can be replaced, never removed. */
export type SubjectChanges = Partial<Record<Exclude<SubjectCategoryColumn, 'identity'>, string | null>> & {
  identity?: string;
  assigned_user_id?: string | null;
  team?: string | null;
  birth_date?: string | null;
  birth_date_estimated?: boolean;
};

export function updateSubject(
  tx: ScopedTx,
  id: string,
  expectedVersion: number,
  changes: SubjectChanges,
  at: Date,
): Promise<SubjectRow | undefined> {
  return tx
    .updateTable('subjects')
    .set({ ...changes, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function insertAssignment(
  tx: ScopedTx,
  assignment: { agency_id: string; subject_id: string; assigned_user_id: string | null; team: string | null; assigned_by: string; reason: string | null; assigned_at: Date },
): Promise<void> {
  await tx.insertInto('subject_assignments').values(assignment).execute();
}

export function listAssignments(tx: ScopedTx, subjectId: string) {
  return tx.selectFrom('subject_assignments').selectAll().where('subject_id', '=', subjectId).orderBy('assigned_at').execute();
}

/** SQL that is true when the subject has an active consent covering `category` at `at`. */
export function hasActiveConsentFor(category: unknown, at: Date): Expression<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from consents c
    where c.agency_id = subjects.agency_id and c.subject_id = subjects.id
      and ${String(category)} = any (c.categories)
      and c.valid_from <= ${at} and ${at} < c.valid_until
      and not exists (select 1 from consents n where n.agency_id = c.agency_id and n.consent_id = c.consent_id and n.version > c.version)
      and not exists (select 1 from consent_withdrawals w where w.agency_id = c.agency_id and w.consent_id = c.consent_id))`;
}

/** How the policy's Subject attributes read in SQL, for list filters built from rules. */
export function subjectFilter(condition: Condition | null, at: Date): Expression<SqlBool> {
  return conditionToSql(condition, {
    agencyId: { kind: 'column', sql: sql`subjects.agency_id` },
    id: { kind: 'column', sql: sql`subjects.id` },
    assignedUserId: { kind: 'column', sql: sql`subjects.assigned_user_id` },
    team: { kind: 'column', sql: sql`subjects.team` },
    createdBy: { kind: 'column', sql: sql`subjects.created_by` },
    consentedCategories: { kind: 'contains', sql: (value) => hasActiveConsentFor(value, at) },
  });
}

/** Subjects matching `filter`, newest first, after a keyset position; an erased subject (a tombstone) is no longer listed. */
export function listSubjects(
  tx: ScopedTx,
  options: { filter: Expression<SqlBool>; limit: number; after?: { createdAt: string; id: string } | undefined },
): Promise<SubjectRow[]> {
  let query = tx.selectFrom('subjects').selectAll().where(options.filter).where('erased_at', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit);
  if (options.after) {
    const { createdAt, id } = options.after;
    query = query.where(sql<SqlBool>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query.execute();
}

/** How many subjects match `filter`, erased ones aside. */
export async function countSubjects(tx: ScopedTx, filter: Expression<SqlBool>): Promise<number> {
  const row = await tx.selectFrom('subjects').select(sql<number>`count(*)::int`.as('n')).where(filter).where('erased_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}
