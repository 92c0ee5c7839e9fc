import type { ScopedTx } from '../scope';
import type { DocumentRow, NewDocument } from '../schema';

/** How large a piece of a document's content is stored (and read) at most: 256 KiB. */
export const DOCUMENT_CHUNK_BYTES = 256 * 1024;

/**
 * A document and its content, written in the unit of work that decided it may be: the metadata
 * row, then the content in pieces of {@link DOCUMENT_CHUNK_BYTES} (row-level security lets the
 * owner agency alone write them).
 */
export async function insertDocument(tx: ScopedTx, document: NewDocument, content: Uint8Array): Promise<DocumentRow> {
  const row = await tx.insertInto('documents').values(document).returningAll().executeTakeFirstOrThrow();
  const chunks: Array<{ agency_id: string; document_id: string; seq: number; bytes: Buffer }> = [];
  for (let seq = 0, at = 0; at < content.length; seq++, at += DOCUMENT_CHUNK_BYTES)
    chunks.push({ agency_id: row.agency_id, document_id: row.id, seq, bytes: Buffer.from(content.subarray(at, at + DOCUMENT_CHUNK_BYTES)) });
  // A few pieces a statement, so no statement carries more than about a mebibyte.
  for (let i = 0; i < chunks.length; i += 4) await tx.insertInto('document_chunks').values(chunks.slice(i, i + 4)).execute();
  return row;
}

/** One document of a subject (row-level security: the owner's, or one a referral of it shares now). */
export function findDocument(tx: ScopedTx, document: { agencyId: string; subjectId: string; id: string }): Promise<DocumentRow | undefined> {
  return tx
    .selectFrom('documents')
    .selectAll()
    .where('agency_id', '=', document.agencyId)
    .where('subject_id', '=', document.subjectId)
    .where('id', '=', document.id)
    .executeTakeFirst();
}

/** A subject's documents of these categories, newest first (the metadata only). */
export async function listDocumentsOfSubject(tx: ScopedTx, subject: { agencyId: string; subjectId: string }, options: { categories: readonly string[]; limit: number }): Promise<DocumentRow[]> {
  if (options.categories.length === 0) return [];
  return tx
    .selectFrom('documents')
    .selectAll()
    .where('agency_id', '=', subject.agencyId)
    .where('subject_id', '=', subject.subjectId)
    .where('category', 'in', [...options.categories])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
}

/** One piece of a document's content, or undefined past its end (or where row-level security hides it). */
export async function readDocumentChunk(tx: ScopedTx, document: { agencyId: string; id: string }, seq: number): Promise<Buffer | undefined> {
  const row = await tx
    .selectFrom('document_chunks')
    .select('bytes')
    .where('agency_id', '=', document.agencyId)
    .where('document_id', '=', document.id)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.bytes;
}

/** How many pieces a document's content has. */
export function documentChunkCount(size: number): number {
  return Math.ceil(size / DOCUMENT_CHUNK_BYTES);
}
