import { PonteError } from '@ponte/contracts';
import { findDocument } from '@ponte/db';
import { explainSubjectRead, grantingRule, mayKnow } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { basesOf, caseAbility, loadSubject, subjectNotFound } from '../subjects/subject-access';
import { documentNotFound, downloadOf, type DocumentDownload } from './document-access';
import { ensureNotGone } from '../subjects/erased-record';

/**
 * Downloads a document of one of the agency's subjects: allowed exactly when its category of the
 * subject may be read now (need-to-know or break-glass, and a consent or other basis covering it),
 * and logged as a `download` of the `Document` with its category, allowed or refused.
 */
export async function downloadSubjectDocument({ ctx, input }: { ctx: Context; input: { subjectId: string; documentId: string } }): Promise<DocumentDownload> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'download', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Document' as const, resourceId: input.documentId, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'download' };
    ensureNotGone(log, ability, subject, base);
    const row = await findDocument(tx, { agencyId: subject.row.agency_id, subjectId: subject.row.id, id: input.documentId });
    if (!row) throw log.refuse(base, mayKnow(ability, 'Subject', subject.record) ? documentNotFound('tenant_isolation') : subjectNotFound('need_to_know'));
    const logged = { ...base, fields: [row.category] };
    const rule = grantingRule(ability, 'download', 'Document', subject.record, row.category);
    if (!rule) {
      const refused = explainSubjectRead(ctx.principal, ability, subject.record, row.category, subject.consents.states).rule;
      throw log.refuse(
        logged,
        mayKnow(ability, 'Subject', subject.record)
          ? new PonteError('forbidden', { en: `This document may not be read now (${refused})`, pt: `Este documento não pode ser lido agora (${refused})` }, undefined, { rule: refused })
          : subjectNotFound(refused),
      );
    }
    log.allow({ ...logged, legalBasis: basesOf(subject.consents, [row.category]), rule, breakGlass: rule === 'break_glass' });
    return downloadOf(ctx, row);
  });
}
