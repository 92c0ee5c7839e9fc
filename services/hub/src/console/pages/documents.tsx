/** @jsxImportSource hono/jsx */
import { createHash } from 'node:crypto';
import { DATA_CATEGORIES, DataCategory, DocumentTitle, PonteError, type Document, type Language } from '@ponte/contracts';
import { downloadReferralDocument, downloadSubjectDocument, listReferralDocuments, listSubjectDocuments, uploadDocument } from '@ponte/core';
import { label, labelOptions, type T, type TextKey } from '../i18n';
import { recordId, verbContext, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { DataTable, dateTime, emptyForm, Notice, PostForm, SelectField, TextField } from '../ui';
import { documentResponse } from '../../routes/shared';

/**
 * A subject's documents in the console: the list (only the categories the reader may read now),
 * download links (always attachments, decided and logged by the same verbs as the API), and the
 * upload form (multipart; the file's kind is decided by its first bytes, as through the API).
 */

/** The documents the reader may see, or undefined when it may see none (the page then shows no section). */
export async function subjectDocuments(c: ConsoleContext, subjectId: string): Promise<Document[] | undefined> {
  return listSubjectDocuments({ ctx: verbContext(c), input: { subjectId } })
    .then((list) => list.items)
    .catch((error) => (error instanceof PonteError && (error.code === 'forbidden' || error.code === 'not_found') ? undefined : Promise.reject(error)));
}

/** The referred subject's documents the receiving reader may see, or undefined. */
export async function referralDocuments(c: ConsoleContext, referralId: string): Promise<Document[] | undefined> {
  return listReferralDocuments({ ctx: verbContext(c), input: { referralId } })
    .then((list) => list.items)
    .catch((error) => (error instanceof PonteError && (error.code === 'forbidden' || error.code === 'not_found') ? undefined : Promise.reject(error)));
}

const size = (bytes: number, lang: Language) => new Intl.NumberFormat(lang === 'pt' ? 'pt-PT' : 'en-GB', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)));

export function DocumentTable({ documents, href, t, lang }: { documents: Document[]; href: (d: Document) => string; t: T; lang: Language }) {
  if (documents.length === 0) return <p class="muted">{t('noDocuments')}</p>;
  return (
    <DataTable id="document-list" caption={t('documents')} columns={[t('documentTitle'), t('documentCategory'), t('documentSize'), t('registeredOn'), t('download')]}>
      {documents.map((d) => (
        <tr>
          <td>{d.title}</td>
          <td>{label(lang, 'category', d.category)}</td>
          <td>{size(d.size, lang)}</td>
          <td>{dateTime(d.createdAt, lang)}</td>
          <td>
            <a href={href(d)} download>
              {t('download')}
            </a>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The upload form: the category, a title that need not name the person, the file (PDF, JPEG or PNG). */
export function DocumentUploadForm({ subjectId, csrf, t, lang }: { subjectId: string; csrf: string; t: T; lang: Language }) {
  const form = emptyForm();
  return (
    <PostForm action={`/console/subjects/${subjectId}/documents`} csrf={csrf} class="card stack" novalidate multipart>
      <h3>{t('uploadDocument')}</h3>
      <p class="hint">{t('uploadDocumentHint')}</p>
      <SelectField form={form} name="category" label={t('documentCategory')} options={labelOptions(lang, 'category', DATA_CATEGORIES)} required />
      <TextField form={form} name="title" label={t('documentTitle')} hint={t('documentTitleHint')} required />
      <div>
        <label for="f-file">{t('documentFile')}</label>
        <input id="f-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" required />
      </div>
      <button type="submit">{t('uploadDocument')}</button>
    </PostForm>
  );
}

/** What the subject page says after an upload: done, or the check it failed. */
const DOCUMENT_RESULTS: Record<string, TextKey> = {
  uploaded: 'documentUploaded',
  magic_bytes: 'documentRefusedKind',
  single_format: 'documentRefusedPolyglot',
  declared_type_matches: 'documentRefusedKind',
  not_empty: 'documentRefusedEmpty',
  max_size: 'documentRefusedSize',
  title: 'documentRefusedTitle',
  no_personal_data: 'documentRefusedPersonalTitle',
  forbidden: 'documentRefusedForbidden',
};

export function DocumentNotice({ result, t }: { result: string | undefined; t: T }) {
  if (!result) return null;
  return <Notice kind={result === 'uploaded' ? 'good' : 'bad'}>{t(DOCUMENT_RESULTS[result] ?? 'documentRefused')}</Notice>;
}

export function registerDocumentPages(router: ConsoleRouter, deps: ConsoleDeps) {
  router.get('/subjects/:id/documents/:documentId', async (c) =>
    documentResponse(await downloadSubjectDocument({ ctx: verbContext(c), input: { subjectId: recordId(c), documentId: recordId(c, 'documentId') } })),
  );
  router.get('/referrals/:id/documents/:documentId', async (c) =>
    documentResponse(await downloadReferralDocument({ ctx: verbContext(c), input: { referralId: recordId(c), documentId: recordId(c, 'documentId') } })),
  );
  router.post('/subjects/:id/documents', async (c) => {
    const subjectId = recordId(c);
    const back = (result: string) => c.redirect(`/console/subjects/${subjectId}?document=${result}#documents`, 303);
    // The body was read (within the documents' size limit) by the CSRF check before this.
    const body = await c.req.parseBody();
    const file = body.file;
    const category = DataCategory.safeParse(body.category);
    const title = DocumentTitle.safeParse(body.title);
    if (!category.success || !title.success || /[\u0000-\u001f\u007f]/.test(title.data)) return back('title');
    if (!(file instanceof File)) return back('not_empty');
    const maxBytes = deps.hub.documentMaxBytes;
    if (maxBytes !== undefined && file.size > maxBytes) return back('max_size');
    const content = new Uint8Array(await file.arrayBuffer());
    try {
      await uploadDocument({
        ctx: verbContext(c),
        input: { subjectId, category: category.data, title: title.data, declaredType: file.type, content, sha256: createHash('sha256').update(content).digest('hex') },
      });
    } catch (error) {
      if (!(error instanceof PonteError) || error.status >= 500) throw error;
      return back(error.errors?.[0]?.check ?? (error.code === 'forbidden' ? 'forbidden' : 'refused'));
    }
    return back('uploaded');
  });
}
