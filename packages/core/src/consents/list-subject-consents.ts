import { subjectNotFound } from '../subjects/subject-access';
import type { Consent } from '@ponte/contracts';
import { listConsentsOfSubjects } from '@ponte/db';
import { mayKnow, refusalOn, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility, loadSubject } from '../subjects/subject-access';
import { consentRecordOf, loadConsent, toConsent } from './consent-view';

/** A subject's consents (latest version of each), newest first. */
export async function listSubjectConsents({ ctx, input }: { ctx: Context; input: { subjectId: string } }): Promise<{ items: Consent[] }> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'list_consents', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Consent' as const, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'list' };
    if (!ability.can('read', tag('Consent', consentRecordOf({ agency_id: subject.row.agency_id, subject_id: subject.row.id }, subject.row, 'subject'))))
      throw log.refuse(
        base,
        mayKnow(ability, 'Subject', subject.record) ? refusalOn(ability, 'Subject', subject.record, 'need_to_know', { en: 'You may not read the consents of this subject', pt: 'Não pode ler os consentimentos deste titular' }) : subjectNotFound('need_to_know'),
      );
    const rows = await listConsentsOfSubjects(tx, subject.row.agency_id, [subject.row.id]);
    const ids = [...new Set(rows.map((r) => r.consent_id))].reverse();
    const items: Consent[] = [];
    for (const id of ids) items.push(toConsent(await loadConsent(tx, log, ctx.principal.agencyId!, id, 'list'), ctx.now()));
    log.allow({ ...base, fields: ['consent_record'], rule: 'consent.read' });
    return { items };
  });
}
