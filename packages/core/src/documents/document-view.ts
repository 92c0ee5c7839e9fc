import { DOCUMENT_EXTENSIONS, type DataCategory, type Document, type DocumentContentType } from '@ponte/contracts';
import type { DocumentRow } from '@ponte/db';
import { iso } from '../util';

/** A document's metadata as the API shows it (never its content). */
export function viewDocument(row: DocumentRow): Document {
  return {
    id: row.id,
    subjectId: row.subject_id,
    category: row.category as DataCategory,
    contentType: row.content_type as DocumentContentType,
    size: Number(row.size),
    sha256: row.sha256,
    title: row.title,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

/**
 * The name a download is saved under: ASCII, made of the category and the document's id, never
 * of its title (which the person downloading reads in the list), so no header carries a name.
 */
export const downloadName = (row: DocumentRow): string => `${row.category}-${row.id.slice(0, 8)}.${DOCUMENT_EXTENSIONS[row.content_type as DocumentContentType]}`;
