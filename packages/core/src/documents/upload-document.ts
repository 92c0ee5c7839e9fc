import { DOCUMENT_TITLE_HEADER, fieldError, PonteError, type DataCategory, type Document } from '@ponte/contracts';
import { insertDocument } from '@ponte/db';
import { grantingRule, refusalOn, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility, loadSubject } from '../subjects/subject-access';
import { ensureNotErased } from '../subjects/erased-record';
import { mentionsIdentity } from '../referrals/message-identity';
import { inspectDocument } from './document-content';
import { viewDocument } from './document-view';

/**
 * Adds a document to one of the agency's subjects, under one data category, for whoever may
 * record that category of the subject (need-to-know, as a subject's data is recorded). The file's
 * kind is decided by its first bytes (`inspectDocument`) before anything is read; then the subject
 * is loaded (404 when the principal may not know of it) and the policy decides (403 naming
 * `Document.create`, or 404). A title that names the person or gives their date of birth is refused
 * (400, check `no_personal_data`): it would reach agencies not shared `identity`. The metadata and the content, in pieces, are written in the unit
 * that decided and logged it; nothing is stored when any check fails.
 */
export async function uploadDocument({
  ctx,
  input,
}: {
  ctx: Context;
  input: { subjectId: string; category: DataCategory; title: string; declaredType: string | undefined; content: Uint8Array; sha256: string };
}): Promise<Document> {
  const contentType = inspectDocument(input.content, input.declaredType);
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'create', 'share');
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const base = { resource: 'Document' as const, action: 'create', subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, fields: [input.category] };
    const rule = grantingRule(ability, 'create', 'Document', subject.record, input.category);
    if (!ability.can('create', tag('Document', subject.record), input.category) || !rule)
      throw log.refuse(
        { ...base, resourceId: subject.row.id },
        refusalOn(ability, 'Subject', subject.record, 'Document.create', {
          en: `You may not add documents under ${input.category} to this subject`,
          pt: `Não pode juntar documentos de ${input.category} a este titular`,
        }),
      );
    ensureNotErased(log, subject, { ...base, resourceId: subject.row.id });
    // A title travels with the document to every agency it is shared with, whatever categories that
    // agency was shared: it may not name the person or give their date of birth.
    if (mentionsIdentity(input.title, (subject.row.identity ?? {}) as Record<string, unknown>)) {
      const text = { en: 'A document’s title may not name the person or give their date of birth', pt: 'O título de um documento não pode nomear a pessoa nem dar a sua data de nascimento' };
      throw log.refuse(
        { ...base, resourceId: subject.row.id },
        new PonteError('invalid_request', text, [fieldError('header', [DOCUMENT_TITLE_HEADER], 'no_personal_data', text)], { rule: 'document.title_personal_data' }),
      );
    }
    const row = await insertDocument(
      tx,
      {
        agency_id: subject.row.agency_id,
        subject_id: subject.row.id,
        category: input.category,
        content_type: contentType,
        size: input.content.length,
        sha256: input.sha256,
        title: input.title,
        created_by: ctx.principal.id,
        created_at: ctx.now(),
      },
      input.content,
    );
    log.allow({ ...base, resourceId: row.id, rule });
    return viewDocument(row);
  });
}
