import { PonteError, type DocumentList } from '@ponte/contracts';
import { listDocumentsOfSubject } from '@ponte/db';
import { explainSubjectRead, grantingRule, mayKnow } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { basesOf, caseAbility, loadSubject, subjectNotFound } from '../subjects/subject-access';
import { documentCategories } from './document-access';
import { ensureNotGone } from '../subjects/erased-record';
import { viewDocument } from './document-view';

/**
 * The documents of one of the agency's subjects (their metadata, newest first, at most 200), of
 * the categories the principal may read now: need-to-know (or break-glass) and a consent or
 * other basis covering the category, as the subject's data is read. Logged with the categories
 * it could show; refused as a read of the subject is (404, or 403 naming the rule).
 */
export async function listSubjectDocuments({ ctx, input }: { ctx: Context; input: { subjectId: string } }): Promise<DocumentList> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'read', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const readable = documentCategories(ability, subject.record);
    const base = { resource: 'Document' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'read' };
    ensureNotGone(log, ability, subject, base);
    if (readable.length === 0) {
      const rule = explainSubjectRead(ctx.principal, ability, subject.record, 'identity', subject.consents.states).rule;
      throw log.refuse(
        base,
        mayKnow(ability, 'Subject', subject.record)
          ? new PonteError('forbidden', { en: `No document of this subject may be read now (${rule})`, pt: `Nenhum documento deste titular pode ser lido agora (${rule})` }, undefined, { rule })
          : subjectNotFound(rule),
      );
    }
    const rule = grantingRule(ability, 'read', 'Document', subject.record, readable[0])!;
    const rows = await listDocumentsOfSubject(tx, { agencyId: subject.row.agency_id, subjectId: subject.row.id }, { categories: readable, limit: 200 });
    log.allow({ ...base, fields: readable, legalBasis: basesOf(subject.consents, readable), rule, breakGlass: rule === 'break_glass' });
    return { items: rows.map(viewDocument) };
  });
}
