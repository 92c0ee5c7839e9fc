import { DATA_CATEGORIES, PonteError, type DataCategory, type Document, type RuleCode } from '@ponte/contracts';
import { documentChunkCount, readDocumentChunk, type DocumentRow } from '@ponte/db';
import { permittedFieldsOf, tag, type AppAbility, type ReferredSubjectRecord, type SubjectRecord } from '@ponte/policy';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { downloadName, viewDocument } from './document-view';

/** The categories of an own subject's documents the principal may read now (the `Document` rules, category as the field). */
export function documentCategories(ability: AppAbility, record: SubjectRecord): DataCategory[] {
  const permitted = new Set(permittedFieldsOf(ability, 'read', tag('Document', record), { fieldsFrom: (rule) => rule.fields ?? [...DATA_CATEGORIES] }));
  return DATA_CATEGORIES.filter((c) => permitted.has(c));
}

/** The categories of a referred subject's documents the receiving principal may read now (the `ReferredDocument` rules). */
export function referredDocumentCategories(ability: AppAbility, record: ReferredSubjectRecord): DataCategory[] {
  const permitted = new Set(permittedFieldsOf(ability, 'read', tag('ReferredDocument', record), { fieldsFrom: (rule) => rule.fields ?? [...DATA_CATEGORIES] }));
  return DATA_CATEGORIES.filter((c) => permitted.has(c));
}

/** 404 for a document the principal may not know exists, with the rule that hid it. */
export function documentNotFound(rule: RuleCode): PonteError {
  return new PonteError('not_found', { en: 'No such document for you', pt: 'Não existe este documento para si' }, undefined, { rule });
}

/** A download the policy allowed and the access log recorded: its metadata, the name it is saved under, and its content. */
export interface DocumentDownload {
  document: Document;
  filename: string;
  /**
   * The content, piece by piece (256 KiB), each piece read in a short unit of work of its own under
   * the reader's row-level security: a referral closed, or a consent withdrawn, while a download
   * runs stops it (the recipient's row-level security no longer shows the pieces).
   */
  content: () => AsyncGenerator<Uint8Array>;
}

export function downloadOf(ctx: Context, row: DocumentRow): DocumentDownload {
  const pieces = documentChunkCount(Number(row.size));
  return {
    document: viewDocument(row),
    filename: downloadName(row),
    async *content() {
      for (let seq = 0; seq < pieces; seq++) {
        const bytes = await inPrincipalScope(ctx, (tx) => readDocumentChunk(tx, { agencyId: row.agency_id, id: row.id }, seq));
        if (!bytes) throw new Error('a document stopped being readable while it was downloaded');
        yield bytes;
      }
    },
  };
}
