import { PonteError, type SubjectTombstone } from '@ponte/contracts';
import { mayKnow } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { isErased } from './erased-record';
import { knowingRule } from './legal-hold-verbs';
import { agencySlugOf, caseAbility, loadSubject, subjectNotFound } from './subject-access';
import { purgeRequestsOfErasedSubject, viewTombstone } from './tombstone-view';

/**
 * The tombstone of an erased subject of the agency: when, why and how it was erased, by whom, and
 * every purge request with its attestation (which agencies attested, and when). No personal data.
 * For whoever may know the subject; 404 when it was not erased.
 */
export async function getSubjectErasure({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<SubjectTombstone> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.id, 'read_tombstone', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'read_tombstone' };
    if (!mayKnow(ability, 'Subject', subject.record)) throw log.refuse(base, subjectNotFound('need_to_know'));
    if (!isErased(subject.row))
      throw new PonteError('not_found', { en: 'This subject was not erased', pt: 'Este titular não foi apagado' }, undefined, { rule: 'subject.erased' });
    const purgeRequests = await purgeRequestsOfErasedSubject(tx, subject.row.agency_id, subject.row.id, ctx.now());
    log.allow({ ...base, rule: knowingRule(ability, subject) });
    return viewTombstone(subject.row, await agencySlugOf(tx, subject.row.agency_id), purgeRequests);
  });
}
