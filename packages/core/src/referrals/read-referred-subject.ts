import { DATA_CATEGORIES, PonteError, type DataCategory } from '@ponte/contracts';
import { findAgreementsBetween, findConsentVersions, findSubject, findWithdrawals, lockReferral } from '@ponte/db';
import { explainReferredRead, permittedFieldsOf, readableReferredCategories, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../audit/access-log';
import { isInForce } from '../agreements/agreement-view';
import { statusOf } from '../consents/consent-state';
import { caseAbility } from '../subjects/subject-access';
import { calendarDate, iso } from '../util';
import { ACCEPTED, loadReferral, referralNotFound } from './referral-access';

/**
 * The receiving agency reads the referred subject: only the shared categories that an active
 * consent and an agreement in force still allow, only while the referral is open, and only its
 * assigned caseworker (or supervisor). Each read is logged for both agencies to review.
 */
export async function readReferredSubject({ ctx, input }: { ctx: Context; input: { referralId: string } }) {
  return withAudit(ctx, async (tx, log) => {
    const { ability, facts } = await caseAbility(tx, ctx);
    // Taken before anything is read: a consent withdrawal in flight holds this referral until it commits.
    await lockReferral(tx, input.referralId);
    const { row, side } = await loadReferral(tx, ctx, ability, log, input.referralId, 'read');
    const base = { resource: 'ReferredSubject' as const, resourceId: row.id, action: 'read', subjectId: row.subject_id, owningAgencyId: row.agency_id, purpose: row.purpose };
    if (side === 'sender') throw referralNotFound('referral.read_subject_in_own_agency');
    const open = ACCEPTED.includes(row.status as never);
    // Row-level security shows the subject and its consent only while the referral is accepted or in progress.
    const subject = open ? await findSubject(tx, row.subject_id) : undefined;
    const now = ctx.now();
    const versions = open ? await findConsentVersions(tx, row.consent_id) : [];
    const consent = versions.at(-1);
    const [withdrawal] = consent ? await findWithdrawals(tx, [row.consent_id]) : [];
    const consentActive = consent ? statusOf(consent, consent.version, withdrawal, now) === 'active' : false;
    const agreement = (await findAgreementsBetween(tx, row.agency_id, row.recipient_agency_id)).find(
      (a) => isInForce(a, calendarDate(now)) && a.purposes.includes(row.purpose),
    );
    const readable = readableReferredCategories(row.shared_categories, consentActive ? consent!.categories : [], agreement?.categories ?? []);
    const record = { recipientAgencyId: row.recipient_agency_id, recipientAssigneeId: row.recipient_assignee_id, recipientTeam: row.recipient_team, open: open && subject !== undefined, readableCategories: readable };
    const permitted = permittedFieldsOf(ability, 'read', tag('ReferredSubject', record), { fieldsFrom: (rule) => rule.fields ?? [...DATA_CATEGORIES] }) as DataCategory[];
    const assigned = row.recipient_assignee_id === ctx.principal.id || (!!facts.team && row.recipient_team === facts.team && ctx.principal.roles.includes('supervisor'));
    const explain = (category: string) =>
      explainReferredRead({ open: record.open, assigned, shared: row.shared_categories.includes(category), consentActive, agreementInForce: agreement !== undefined });
    const withheld = DATA_CATEGORIES.filter((c) => !permitted.includes(c)).map((category) => ({ category, rule: explain(category) }));
    if (permitted.length === 0) {
      const rule = explain(row.shared_categories[0] ?? 'identity');
      throw log.refuse(
        { ...base, fields: row.shared_categories, rule },
        new PonteError('forbidden', { en: `The referred subject's data cannot be read now (${rule})`, pt: `Os dados do titular encaminhado não podem ser lidos agora (${rule})` }, undefined, { rule }),
      );
    }
    log.allow({ ...base, fields: permitted, legalBasis: row.legal_basis, rule: 'referral.shared' });
    const data: Record<string, unknown> = {};
    for (const category of permitted) if (subject![category] !== null) data[category] = subject![category];
    return { referralId: row.id, reference: subject!.reference, readAt: iso(now), data, access: { readable: permitted, withheld } };
  });
}
