import { HUB_TIME_ZONE, type Language } from '@ponte/contracts';
import { eventsBetween, findAgenciesByIds, findSubject, type AccessEventRow, type ScopedTx } from '@ponte/db';
import { refusalOn } from '@ponte/policy';
import type { Context } from '../context';
import { toCsv } from '../csv';
import { iso } from '../util';
import { privacyOfficerRefusal } from './privacy-officer';
import { withAudit } from './with-audit';
import { onwardReferralsOfOwnSubject } from '../referrals/referral-chain';
import { caseAbility, loadSubject, subjectNotFound } from '../subjects/subject-access';

const WORDS = {
  en: {
    title: 'Who saw this person’s data',
    intro: 'Every access to the personal data of this person recorded by the hub, in every agency, allowed or refused.',
    subject: 'Subject reference',
    produced: 'Produced',
    when: 'When',
    agency: 'Agency',
    who: 'Who',
    what: 'What',
    categories: 'Categories',
    why: 'Why',
    basis: 'Legal basis',
    outcome: 'Outcome',
    allow: 'allowed',
    deny: 'refused',
    none: 'No access recorded.',
    user: 'user',
    client: 'agency system',
    system: 'the agency’s retention job',
  },
  pt: {
    title: 'Quem viu os dados desta pessoa',
    intro: 'Todos os acessos aos dados pessoais desta pessoa registados pelo hub, em todas as agências, permitidos ou recusados.',
    subject: 'Referência do titular',
    produced: 'Produzido',
    when: 'Quando',
    agency: 'Agência',
    who: 'Quem',
    what: 'O quê',
    categories: 'Categorias',
    why: 'Porquê',
    basis: 'Base legal',
    outcome: 'Resultado',
    allow: 'permitido',
    deny: 'recusado',
    none: 'Nenhum acesso registado.',
    user: 'utilizador',
    client: 'sistema da agência',
    system: 'a tarefa de conservação da agência',
  },
} as const;

export interface SubjectAccessReport {
  subjectReference: string;
  producedAt: string;
  language: Language;
  accesses: Array<{
    at: string;
    agency: { slug: string; name: string };
    actor: { kind: string; id: string };
    resource: string;
    action: string;
    categories: string[];
    purpose: string | null;
    legalBasis: string | null;
    decision: 'allow' | 'deny';
    rule: string;
    breakGlass: boolean;
  }>;
  onwardReferrals: Awaited<ReturnType<typeof onwardReferralsOfOwnSubject>>;
}

/**
 * The data subject's "who saw my data" report: every access to the subject's data across
 * agencies (who, which agency, when, which categories, why, on what legal basis). Produced by
 * the owning agency's privacy officer; producing it is itself an access event.
 */
export async function subjectAccessReport({ ctx, input }: { ctx: Context; input: { subjectId: string; language: Language } }): Promise<SubjectAccessReport> {
  return withAudit(ctx, async (tx, log) => {
    if (privacyOfficerRefusal(ctx)) {
      // Not a privacy officer: refused by the one rule, on the subject the report is about.
      const subject = await loadSubject(tx, ctx, log, input.subjectId, 'subject_report', 'share');
      const { ability } = await caseAbility(tx, ctx);
      throw log.refuse(
        { resource: 'AccessEvent', action: 'subject_report', subjectId: input.subjectId },
        refusalOn(ability, 'Subject', subject.record, 'role.not_privacy_officer', { en: 'Only a privacy officer produces this report', pt: 'Só um encarregado da proteção de dados produz este relatório' }),
      );
    }
    // Privacy officers see no personal data, but the subject must be their agency's.
    // A receiving agency may see a referred subject's row; the report is still the owner's alone.
    const found = await findSubject(tx, input.subjectId);
    const subject = found?.agency_id === ctx.principal.agencyId ? found : undefined;
    if (!subject) throw log.refuse({ resource: 'AccessEvent', action: 'subject_report', subjectId: input.subjectId }, subjectNotFound('tenant_isolation'));
    const { accesses, onwardReferrals } = await subjectAccesses(tx, ctx, subject, input.language);
    log.allow({ resource: 'AccessEvent', action: 'subject_report', subjectId: subject.id, owningAgencyId: subject.agency_id, rule: 'privacy_officer.subject_report' });
    return { subjectReference: subject.reference, producedAt: iso(ctx.now()), language: input.language, accesses, onwardReferrals };
  });
}

/**
 * Every access to a subject of the agency, across agencies, oldest first, and where the person was
 * referred on: the body of the "who saw my data" report, which the person's file includes too.
 * The caller has decided who may read it and logs that it did.
 */
export async function subjectAccesses(
  tx: ScopedTx,
  ctx: Context,
  subject: { id: string; agency_id: string },
  language: Language,
): Promise<Pick<SubjectAccessReport, 'accesses' | 'onwardReferrals'>> {
  const rows: AccessEventRow[] = await eventsBetween(tx, { from: new Date(0), to: new Date(ctx.now().getTime() + 1000), subjectId: subject.id, limit: 100_000 });
  const agencies = await findAgenciesByIds(tx, [...new Set(rows.map((r) => r.agency_id))]);
  const onwardReferrals = await onwardReferralsOfOwnSubject(tx, subject.agency_id, subject.id);
  return {
    accesses: rows.map((r) => {
      const agency = agencies.find((a) => a.id === r.agency_id)!;
      return {
        at: iso(r.occurred_at),
        agency: { slug: agency.slug, name: language === 'pt' ? agency.name_pt : agency.name_en },
        actor: { kind: r.actor_kind, id: r.actor_id },
        resource: r.resource,
        action: r.action,
        categories: r.fields,
        purpose: r.purpose,
        legalBasis: r.legal_basis,
        decision: r.decision,
        rule: r.rule,
        breakGlass: r.break_glass,
      };
    }),
    onwardReferrals,
  };
}

export function reportAsCsv(report: SubjectAccessReport): string {
  const w = WORDS[report.language];
  return toCsv([
    [w.when, w.agency, w.who, w.what, w.categories, w.why, w.basis, w.outcome],
    ...report.accesses.map((a) => [
      a.at,
      a.agency.name,
      `${a.actor.kind === 'client' ? w.client : a.actor.kind === 'system' ? w.system : w.user} ${a.actor.id}`,
      `${a.resource}.${a.action}`,
      a.categories,
      a.purpose ?? a.rule,
      a.legalBasis,
      a.decision === 'allow' ? w.allow : w.deny,
    ]),
  ]);
}

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function reportAsHtml(report: SubjectAccessReport): string {
  const w = WORDS[report.language];
  const when = (at: string) =>
    new Intl.DateTimeFormat(report.language === 'pt' ? 'pt-MZ' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: HUB_TIME_ZONE }).format(new Date(at));
  const rows = report.accesses
    .map(
      (a) =>
        `<tr><td>${escape(when(a.at))}</td><td>${escape(a.agency.name)}</td><td>${escape(a.actor.kind === 'client' ? w.client : a.actor.kind === 'system' ? w.system : w.user)} <code>${escape(a.actor.id.slice(0, 8))}</code></td><td>${escape(`${a.resource}.${a.action}`)}</td><td>${escape(a.categories.join(', '))}</td><td>${escape(a.purpose ?? a.rule)}</td><td>${escape(a.legalBasis ?? '')}</td><td>${a.decision === 'allow' ? w.allow : `<strong>${w.deny}</strong>`}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${report.language}">
<head><meta charset="utf-8"><title>${escape(w.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}@media print{body{margin:0}}</style></head>
<body>
<h1>${escape(w.title)}</h1>
<p>${escape(w.intro)}</p>
<p>${escape(w.subject)}: <strong>${escape(report.subjectReference)}</strong> · ${escape(w.produced)}: ${escape(when(report.producedAt))}</p>
${report.accesses.length === 0 ? `<p>${escape(w.none)}</p>` : `<table><thead><tr><th>${w.when}</th><th>${w.agency}</th><th>${w.who}</th><th>${w.what}</th><th>${w.categories}</th><th>${w.why}</th><th>${w.basis}</th><th>${w.outcome}</th></tr></thead><tbody>
${rows}
</tbody></table>`}
</body>
</html>
`;
}
