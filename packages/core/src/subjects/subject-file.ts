import { DATA_CATEGORIES, type DataCategory, type Language, type Purpose, type SubjectFile, type SubjectFileSections } from '@ponte/contracts';
import { findAgenciesByIds, listConsentsOfSubjects, listDocumentsOfSubject, referralsOfOwnSubject, transfersOfSubject, type ScopedTx } from '@ponte/db';
import { explainWorksOnSubject, mayKnow, refusalOn, tag } from '@ponte/policy';
import type { AccessLog } from '@ponte/audit';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { subjectAccesses, type SubjectAccessReport } from '../access-log/subject-access-report';
import { consentRecordOf, loadConsent, toConsent } from '../consents/consent-view';
import { viewReferrals } from '../referrals/referral-access';
import { iso, isoOrNull } from '../util';
import { isErased } from './erased-record';
import { purgeRequestsOfErasedSubject } from './tombstone-view';
import { basesOf, caseAbility, caseAbilityOf, decideCategories, groupByRule, loadSubject, subjectNotFound, type CategoryDecisions, type LoadedSubject } from './subject-access';

/** What every section of the file is built from: the subject as loaded for the reader, and what the access log holds on it. */
export interface SubjectFileScope {
  tx: ScopedTx;
  ctx: Context;
  log: AccessLog;
  subject: LoadedSubject;
  decisions: CategoryDecisions;
  language: Language;
  /** The "who saw my data" report's body, read once for the sections that need it. */
  report: Pick<SubjectAccessReport, 'accesses' | 'onwardReferrals'>;
  /** An agency's slug by id (the subject's owner and its partners). */
  slugOf(agencyId: string): Promise<string>;
}

type SectionBuilder<K extends keyof SubjectFileSections> = (scope: SubjectFileScope) => Promise<SubjectFileSections[K]>;

/** What the agency holds in each category, with who recorded or changed it and when (from the access log). */
const data: SectionBuilder<'data'> = async ({ subject, decisions, report }) => {
  const row = subject.row;
  const changes = report.accesses.filter((a) => a.resource === 'Subject' && (a.action === 'create' || a.action === 'update') && a.decision === 'allow');
  return {
    recordedAt: iso(row.created_at),
    recordedBy: row.created_by,
    updatedAt: iso(row.updated_at),
    version: row.version,
    categories: DATA_CATEGORIES.map((category) => {
      const value = row[category];
      const held = value !== null && value !== undefined;
      const readable = decisions.readable.includes(category);
      return {
        category,
        held,
        readable,
        // Once erased, what withholds a category is the erasure, not the consents it ended.
        withheldBy: readable ? null : isErased(row) ? ('subject.erased' as const) : (decisions.withheld.find((w) => w.category === category)?.rule ?? null),
        value: held && readable ? value : null,
        changes: changes.filter((a) => a.categories.includes(category)).map((a) => ({ at: a.at, agency: a.agency.slug, actor: a.actor, action: a.action })),
      };
    }),
  };
};

/** Every consent, each with its versions, its withdrawal and the references of its signed receipts. */
const consents: SectionBuilder<'consents'> = async ({ tx, ctx, log, subject }) => {
  const rows = await listConsentsOfSubjects(tx, subject.row.agency_id, [subject.row.id]);
  const items: SubjectFileSections['consents'] = [];
  for (const consentId of [...new Set(rows.map((r) => r.consent_id))].reverse()) {
    const loaded = await loadConsent(tx, log, subject.row.agency_id, consentId, 'file');
    const slugs = await findAgenciesByIds(tx, [...new Set(loaded.versions.flatMap((v) => v.recipient_agency_ids))]);
    const { latest, withdrawal } = loaded;
    items.push({
      ...toConsent(loaded, ctx.now()),
      recordedBy: latest.recorded_by,
      receiptReference: `${latest.consent_id}:${latest.version}:given`,
      versions: loaded.versions.map((v) => ({
        version: v.version,
        recordedAt: iso(v.recorded_at),
        recordedBy: v.recorded_by,
        categories: v.categories as DataCategory[],
        recipients: v.recipient_agency_ids.map((id) => slugs.find((a) => a.id === id)!.slug),
        validUntil: iso(v.valid_until),
      })),
      withdrawnBy: withdrawal?.withdrawn_by ?? null,
      withdrawalReceiptReference: withdrawal ? `${latest.consent_id}:${latest.version}:withdrawn` : null,
    });
  }
  return items;
};

/** Every referral the agency made of the person, with its history, and where the person was referred on from them. */
const referrals: SectionBuilder<'referrals'> = async ({ tx, ctx, subject, report }) => {
  const rows = await referralsOfOwnSubject(tx, subject.row.agency_id, subject.row.id);
  const views = await viewReferrals(tx, rows.map((row) => ({ row, side: 'sender' as const, detail: true })), { now: ctx.now() });
  return {
    sent: views.map((r) => ({
      id: r.id,
      to: r.to,
      service: r.service,
      purpose: r.purpose,
      urgency: r.urgency,
      status: r.status,
      sharedCategories: r.sharedCategories,
      legalBasis: r.legalBasis,
      consentId: r.consentId,
      sentAt: r.sentAt,
      closedAt: r.closedAt,
      history: r.transitions,
    })),
    onward: report.onwardReferrals,
  };
};

/** Every transfer of the case to another agency. */
const transfers: SectionBuilder<'transfers'> = async ({ tx, subject, slugOf }) => {
  const rows = await transfersOfSubject(tx, subject.row.agency_id, subject.row.id);
  const items: SubjectFileSections['transfers'] = [];
  for (const t of rows)
    items.push({
      id: t.id,
      to: await slugOf(t.recipient_agency_id),
      status: t.status,
      purpose: t.purpose as Purpose,
      categories: t.categories as DataCategory[],
      legalBasis: t.legal_basis,
      requestedAt: iso(t.requested_at),
      decidedAt: isoOrNull(t.decided_at),
    });
  return items;
};

/** The documents of the categories the reader may read: what they are, never what they hold. */
const documents: SectionBuilder<'documents'> = async ({ tx, subject, decisions }) => {
  const rows = await listDocumentsOfSubject(tx, { agencyId: subject.row.agency_id, subjectId: subject.row.id }, { categories: decisions.readable, limit: 10_000 });
  return rows.map((d) => ({
    id: d.id,
    title: d.title,
    category: d.category as DataCategory,
    contentType: d.content_type,
    size: d.size,
    sha256: d.sha256,
    createdAt: iso(d.created_at),
    createdBy: d.created_by,
  }));
};

/** Who saw the person's data: the "who saw my data" report's accesses. */
const accesses: SectionBuilder<'accesses'> = async ({ report }) => report.accesses;

/** Once erased: when, why and how, and every agency asked to purge, with its attestation. */
const erasure: SectionBuilder<'erasure'> = async ({ tx, ctx, subject }) =>
  isErased(subject.row)
    ? {
        erasedAt: iso(subject.row.erased_at!),
        reason: subject.row.erasure_reason!,
        mode: subject.row.erasure_mode!,
        purgeRequests: await purgeRequestsOfErasedSubject(tx, subject.row.agency_id, subject.row.id, ctx.now()),
      }
    : null;

/**
 * The file's sections, in the order they are built and shown. A new section is one more entry
 * here (its builder) and one more key of `SubjectFileSections` in contracts.
 */
export const SUBJECT_FILE_SECTIONS: { [K in keyof SubjectFileSections]: SectionBuilder<K> } = { data, consents, referrals, transfers, documents, accesses, erasure };

/**
 * The person's file (their right of access): what the owning agency holds on the subject, every
 * consent and withdrawal, every referral and transfer, the documents and who saw the data. It is
 * produced by whoever may read the subject and its consents (the subject's caseworker, the team's
 * supervisor: need-to-know), as a read of the subject is; emergency access does not extend to it.
 * Producing it is logged as an access (resource `Subject`, action `file`) with the categories it
 * shows, and the categories withheld as denials; a refusal is logged too.
 */
export async function getSubjectFile({ ctx, input }: { ctx: Context; input: { id: string; language: Language } }): Promise<SubjectFile> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.id, 'file', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const decisions = decideCategories(ctx, ability, subject);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'file' };
    const mayReadConsents = ability.can('read', tag('Consent', consentRecordOf({ agency_id: subject.row.agency_id, subject_id: subject.row.id }, subject.row, 'subject')));
    // The file is the person's whatever basis covers the data now: with every consent withdrawn (or the subject erased) the
    // sections still say what is held, without the data, and the consents, referrals, accesses and erasure.
    // Asked of the principal's ordinary rights: an emergency grant neither gives the file nor takes it from whoever works on the subject.
    const works = explainWorksOnSubject(ctx.principal, caseAbilityOf(ctx, []).ability, subject.record);
    if (works.decision === 'deny' || !mayReadConsents) {
      const rule = works.decision === 'deny' ? works.rule : 'need_to_know';
      throw log.refuse(
        { ...base, fields: decisions.withheld.map((w) => w.category) },
        mayKnow(ability, 'Subject', subject.record)
          ? refusalOn(ability, 'Subject', subject.record, rule, { en: `You may not produce this person’s file (${rule})`, pt: `Não pode produzir o processo desta pessoa (${rule})` })
          : subjectNotFound(rule),
      );
    }
    const slugs = new Map<string, string>();
    const scope: SubjectFileScope = {
      tx,
      ctx,
      log,
      subject,
      decisions,
      language: input.language,
      report: await subjectAccesses(tx, ctx, subject.row, input.language),
      async slugOf(agencyId) {
        if (!slugs.has(agencyId)) {
          const [agency] = await findAgenciesByIds(tx, [agencyId]);
          slugs.set(agencyId, agency!.slug);
        }
        return slugs.get(agencyId)!;
      },
    };
    const sections: Partial<SubjectFileSections> = {};
    for (const [name, build] of Object.entries(SUBJECT_FILE_SECTIONS) as Array<[keyof SubjectFileSections, SectionBuilder<keyof SubjectFileSections>]>) {
      (sections as Record<string, unknown>)[name] = await build(scope);
    }
    log.allow({ ...base, fields: decisions.readable, legalBasis: basesOf(subject.consents, decisions.readable), rule: decisions.allowedBy ?? works.rule });
    for (const [rule, fields] of groupByRule(decisions.withheld)) log.deny({ ...base, fields, rule });
    return {
      subjectId: subject.row.id,
      subjectReference: subject.row.reference,
      agency: await scope.slugOf(subject.row.agency_id),
      producedAt: iso(ctx.now()),
      producedBy: { kind: ctx.principal.kind === 'client' ? 'client' : 'user', id: ctx.principal.id },
      language: input.language,
      sections: sections as SubjectFileSections,
    };
  });
}
