import type { PurgeRequest, SubjectTombstone } from '@ponte/contracts';
import { findAgenciesByIds, purgeRequestsOfSubject, type PurgeRequestRow, type ScopedTx, type SubjectRow } from '@ponte/db';
import { iso } from '../util';

/** A purge request as either party sees it, with its attestation (the statement, and the receipt the hub signed). */
export function toPurgeRequest(row: PurgeRequestRow, slugs: ReadonlyMap<string, string>, now: Date): PurgeRequest {
  const statement = row.attestation as { purgedBy: string; purgedAt: string; method: string; systems: string[]; statement: string } | null;
  return {
    id: row.id,
    referralId: row.referral_id,
    subjectId: row.subject_id,
    owner: slugs.get(row.agency_id) ?? row.agency_id,
    recipient: slugs.get(row.recipient_agency_id) ?? row.recipient_agency_id,
    reason: row.reason,
    categories: row.categories as PurgeRequest['categories'],
    requestedAt: iso(row.requested_at),
    dueAt: iso(row.due_at),
    overdue: row.attested_at === null && new Date(row.due_at) <= now,
    attestation:
      row.attested_at && statement
        ? {
            attestedAt: iso(row.attested_at),
            attestedBy: row.attested_by!,
            attestedByKind: row.attested_by_kind!,
            purgedBy: statement.purgedBy,
            purgedAt: statement.purgedAt,
            method: statement.method,
            systems: statement.systems,
            statement: statement.statement,
            receipt: row.receipt!,
          }
        : null,
  };
}

/** The slugs of the agencies these purge requests name. */
export async function slugsOf(tx: ScopedTx, rows: readonly PurgeRequestRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => [r.agency_id, r.recipient_agency_id]))];
  if (ids.length === 0) return new Map();
  return new Map((await findAgenciesByIds(tx, ids)).map((a) => [a.id, a.slug]));
}

/** The purge requests of one of the agency's erased subjects, with their attestations: what the person's file lists. */
export async function purgeRequestsOfErasedSubject(tx: ScopedTx, agencyId: string, subjectId: string, now: Date): Promise<PurgeRequest[]> {
  const rows = await purgeRequestsOfSubject(tx, agencyId, subjectId);
  const slugs = await slugsOf(tx, rows);
  return rows.map((r) => toPurgeRequest(r, slugs, now));
}

/** What remains of an erased subject: no personal data, the erasure, and its purge requests. */
export function viewTombstone(row: SubjectRow, agencySlug: string, purgeRequests: PurgeRequest[]): SubjectTombstone {
  return {
    id: row.id,
    reference: row.reference,
    agency: agencySlug,
    erased: true,
    version: row.version,
    erasedAt: iso(row.erased_at!),
    erasedBy: row.erased_by!,
    reason: row.erasure_reason!,
    mode: row.erasure_mode!,
    attributes: (row.erasure_attributes as SubjectTombstone['attributes']) ?? null,
    createdAt: iso(row.created_at),
    purgeRequests,
  };
}
