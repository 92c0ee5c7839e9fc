import type { Subject } from '@ponte/contracts';
import { listSubjects as selectSubjects, subjectFilter } from '@ponte/db';
import { rulesFilter } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { NO_CONSENTS } from '../consents/consent-state';
import { decodeCursor, pageOf } from '../paging';
import { agencySlugOf, basesOf, caseAbility, decideCategories, groupByRule, loadConsents, toSubjectRecord, viewSubject } from './subject-access';

/**
 * The subjects the principal may read, newest first. The same rules that decide a single read
 * are pushed into SQL, so the list never holds a record `can()` would refuse.
 */
export async function listSubjects({ ctx, input }: { ctx: Context; input: { limit: number; cursor?: string | undefined } }) {
  const after = decodeCursor(input.cursor, ['createdAt', 'id'] as const);
  return withAudit(ctx, async (tx, log) => {
    const now = ctx.now();
    const { ability } = await caseAbility(tx, ctx);
    const rows = await selectSubjects(tx, { filter: subjectFilter(rulesFilter(ability, 'read', 'Subject'), now), limit: input.limit, after });
    const consents = await loadConsents(tx, ctx.principal.agencyId!, rows.map((r) => r.id), now);
    const slug = await agencySlugOf(tx, ctx.principal.agencyId!);
    const items: Subject[] = [];
    for (const row of rows) {
      const subjectConsents = consents.get(row.id) ?? NO_CONSENTS;
      const subject = { row, consents: subjectConsents, record: toSubjectRecord(row, subjectConsents) };
      const decisions = decideCategories(ctx, ability, subject);
      const base = { resource: 'Subject' as const, resourceId: row.id, subjectId: row.id, owningAgencyId: row.agency_id, action: 'list' };
      if (decisions.readable.length > 0)
        log.allow({ ...base, fields: decisions.readable, legalBasis: basesOf(subjectConsents, decisions.readable), rule: decisions.allowedBy!, breakGlass: decisions.allowedBy === 'break_glass' });
      for (const [rule, fields] of groupByRule(decisions.withheld)) log.deny({ ...base, fields, rule });
      items.push(viewSubject(row, slug, decisions));
    }
    // The listing itself, even when it finds nothing: who looked, and under which rules.
    log.allow({ resource: 'Subject', action: 'list', fields: [], rule: 'list.subjects' });
    return pageOf(items, input.limit, (s) => s, (s) => ({ createdAt: s.createdAt, id: s.id }));
  });
}
