import { subjectNotFound } from './subject-access';
import { PonteError, type Subject } from '@ponte/contracts';
import { mayKnow } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { readPurposeOf } from '../transfers/transferred-record';
import { ensureNotGone } from './erased-record';
import { agencySlugOf, basesOf, caseAbility, decideCategories, groupByRule, loadSubject, viewSubject } from './subject-access';

/**
 * Reads a data subject: only the categories the principal may read now (own agency,
 * need-to-know, active consent). Every read is logged with the categories it returned, and
 * every refused category with the rule that refused it.
 */
export async function getSubject({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<Subject> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.id, 'read', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const decisions = decideCategories(ctx, ability, subject);
    // Once its case was transferred and the grace period is over, a read of the record is historical.
    const purpose = readPurposeOf(ctx, subject);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'read', ...(purpose ? { purpose } : {}) };
    // An erased subject is gone: 410 to whoever may know it (its tombstone is at /erasure), 404 to anyone else.
    ensureNotGone(log, ability, subject, { ...base, fields: [] });
    if (decisions.readable.length === 0) {
      const rule = decisions.withheld[0]?.rule ?? 'need_to_know';
      throw log.refuse(
        { ...base, fields: decisions.withheld.map((w) => w.category) },
        mayKnow(ability, 'Subject', subject.record)
          ? new PonteError('forbidden', { en: `No personal data of this subject may be read now (${rule})`, pt: `Nenhum dado pessoal deste titular pode ser lido agora (${rule})` }, undefined, {
              rule,
              withheld: decisions.withheld,
            })
          : subjectNotFound(rule),
      );
    }
    log.allow({
      ...base,
      fields: decisions.readable,
      legalBasis: basesOf(subject.consents, decisions.readable),
      rule: decisions.allowedBy!,
      breakGlass: decisions.allowedBy === 'break_glass',
    });
    for (const [rule, fields] of groupByRule(decisions.withheld)) log.deny({ ...base, fields, rule });
    return viewSubject(subject.row, await agencySlugOf(tx, subject.row.agency_id), decisions);
  });
}
