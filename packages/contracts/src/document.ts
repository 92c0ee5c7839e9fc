import { z } from 'zod';
import { DataCategory } from './catalogue';
import { Timestamp, Uuid } from './common';

/** The kinds of file a document may be: decided by the file's first bytes, never by its name or the declared type alone. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** The file name extension each kind is downloaded with. */
export const DOCUMENT_EXTENSIONS: Record<DocumentContentType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** The header a document's title is sent in on upload (percent-encoded UTF-8 allowed), so that it is never in a URL. */
export const DOCUMENT_TITLE_HEADER = 'ponte-document-title';
export const DOCUMENT_TITLE_MAX_LENGTH = 200;

/** Default size limit of one document (`PONTE_DOCUMENT_MAX_BYTES`): 10 MiB. */
export const DEFAULT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export const DocumentTitle = z
  .string()
  .trim()
  .min(1)
  .max(DOCUMENT_TITLE_MAX_LENGTH)
  .meta({ description: 'What the document is, for the people who may read it ("Medical report, Maputo Central Hospital"): it need not, and should not, name the person' });

export const UploadDocumentQuery = z.strictObject({
  category: DataCategory.meta({ description: 'The data category the document belongs to (a medical report: `health`; a travel document: `identity`): it is read, and shared on a referral, exactly as that category of the subject is' }),
});
export type UploadDocumentQuery = z.infer<typeof UploadDocumentQuery>;

export const UploadDocumentHeaders = z.object({
  [DOCUMENT_TITLE_HEADER]: z
    .string()
    .min(1)
    .max(3 * DOCUMENT_TITLE_MAX_LENGTH * 3)
    .meta({ description: 'The document\'s title (1 to 200 characters once decoded), percent-encoded UTF-8 for what is not ASCII (`Relat%C3%B3rio%20m%C3%A9dico`). Sent in a header, never in the URL' }),
});

export const Document = z
  .object({
    id: Uuid,
    subjectId: Uuid,
    category: DataCategory,
    contentType: z.enum(DOCUMENT_CONTENT_TYPES),
    size: z.number().int().positive().meta({ description: 'In bytes' }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256 of the content, in hex, computed by the hub as it read the upload; the download\'s `Repr-Digest` and `ETag` carry it too' }),
    title: DocumentTitle,
    createdBy: Uuid.meta({ description: 'The user (or API client) who added it' }),
    createdAt: Timestamp,
  })
  .meta({ id: 'Document' });
export type Document = z.infer<typeof Document>;

export const DocumentList = z
  .object({
    items: z.array(Document).meta({ description: 'Newest first, at most 200: only the documents of the categories you may read now' }),
  })
  .meta({ id: 'DocumentList' });
export type DocumentList = z.infer<typeof DocumentList>;
