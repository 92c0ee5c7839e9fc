import { isDeepStrictEqual } from 'node:util';
import { subjectNotFound } from './subject-access';
import { DATA_CATEGORIES, PonteError, type Subject, type UpdateSubject } from '@ponte/contracts';
import { updateSubject as updateSubjectRow, type SubjectChanges } from '@ponte/db';
import { mayKnow, grantingRule, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { agencySlugOf, basesOf, caseAbility, decideCategories, loadSubject, subjectChanged, toSubjectRecord, viewSubject } from './subject-access';
import { birthDateOf } from './register-subject';
import { ensureNotTransferred } from '../transfers/transferred-record';
import { carryCorrection } from './carry-correction';
import { ensureNotErased } from './erased-record';

/**
 * Replaces categories of a subject's personal data. Recording needs need-to-know, as registering
 * does; what is recorded is read back only while a consent or another legal basis covers it (the
 * answer withholds the rest). With `expectedVersion` (the ETag), a concurrent change is refused
 * rather than overwritten. A correction of a category an open referral shares is carried to the
 * agencies that received it (see {@link carryCorrection}).
 */
export async function updateSubject({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: string; changes: UpdateSubject; expectedVersion?: number | undefined };
}): Promise<Subject> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.id, 'update', 'update');
    const { ability } = await caseAbility(tx, ctx);
    const categories = DATA_CATEGORIES.filter((c) => input.changes[c] !== undefined);
    const tagged = tag('Subject', subject.record);
    const refused = categories.filter((c) => !ability.can('update', tagged, c));
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'update' };
    if (refused.length > 0) {
      const decisions = decideCategories(ctx, ability, subject);
      const rule = decisions.withheld.find((w) => refused.includes(w.category))?.rule ?? (decisions.allowedBy ? 'role.read_only' : 'need_to_know');
      throw log.refuse(
        { ...base, fields: refused },
        mayKnow(ability, 'Subject', subject.record)
          ? new PonteError('forbidden', { en: `You may not change ${refused.join(', ')} of this subject (${rule})`, pt: `Não pode alterar ${refused.join(', ')} deste titular (${rule})` }, undefined, { rule })
          : subjectNotFound(rule),
      );
    }
    ensureNotTransferred(ctx, log, subject, { ...base, fields: categories });
    ensureNotErased(log, subject, { ...base, fields: categories });
    const version = input.expectedVersion ?? subject.row.version;
    const changes: SubjectChanges = {};
    for (const category of categories) {
      const value = input.changes[category];
      if (category === 'identity') {
        const identity = value as NonNullable<UpdateSubject['identity']>;
        const birth = birthDateOf(identity, ctx.now());
        Object.assign(changes, { identity: JSON.stringify(identity), birth_date: birth.date, birth_date_estimated: birth.estimated });
      } else changes[category] = value === null ? null : JSON.stringify(value);
    }
    const row = await updateSubjectRow(tx, subject.row.id, version, changes, ctx.now());
    if (!row) throw subjectChanged(subject.row.version, input.expectedVersion === undefined ? 'conflict' : 'precondition_failed');
    log.allow({ ...base, fields: categories, legalBasis: basesOf(subject.consents, categories), rule: grantingRule(ability, 'update', 'Subject', subject.record, categories[0]) ?? 'subject.update' });
    // Every agency that received a corrected category on an open referral is told, ids and names only: a category
    // sent again as it was stored (its fields in any order) corrected nothing.
    const corrected = categories.filter((c) => !isDeepStrictEqual(subject.row[c] ?? null, changes[c] === null || changes[c] === undefined ? null : JSON.parse(changes[c]!)));
    await carryCorrection(tx, ctx, row, corrected);
    const updated = { ...subject, row, record: toSubjectRecord(row, subject.consents) };
    return viewSubject(row, await agencySlugOf(tx, row.agency_id), decideCategories(ctx, ability, updated));
  });
}
