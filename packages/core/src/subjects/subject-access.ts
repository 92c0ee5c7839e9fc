import { DATA_CATEGORIES, PonteError, type DataCategory, type RuleCode, type Subject } from '@ponte/contracts';
import {
  activeBreakGlassQuery,
  activeBreakGlassSubjects,
  consentsOfSubjectsQuery,
  subjectQuery,
  withdrawalsOfSubjectQuery,
  type ConsentRow,
  type ConsentWithdrawalRow,
  findAgenciesByIds,
  findWithdrawals,
  listConsentsOfSubjects,
  liveTransfersOfSubjectQuery,
  type ScopedTx,
  type SubjectRow,
  type SubjectTransferRow,
} from '@ponte/db';
import {
  defineAbilityFor,
  explainSubjectRead,
  permittedFieldsOf,
  SUMMARY_FIELD,
  tag,
  type AppAbility,
  type PolicyFacts,
  type SubjectRecord,
} from '@ponte/policy';
import type { Context } from '../context';
import { consentsBySubject, NO_CONSENTS, type SubjectConsents } from '../consents/consent-state';
import { iso } from '../util';
import type { AccessLog } from '@ponte/audit';

/**
 * The request's case ability: the principal plus the facts loaded now (team, break-glass grants).
 * A verb that never reads the agency's own subjects says `breakGlass: false` and saves the query.
 */
export async function caseAbility(tx: ScopedTx, ctx: Context, options: { breakGlass?: boolean } = {}): Promise<{ ability: AppAbility; facts: PolicyFacts }> {
  const { principal } = ctx;
  const loadGrants = principal.kind === 'user' && options.breakGlass !== false;
  return caseAbilityOf(ctx, loadGrants ? await activeBreakGlassSubjects(tx, principal.id, ctx.now()) : []);
}

/** {@link caseAbility} on the break-glass grants already read (see {@link breakGlassFact}). */
export function caseAbilityOf(ctx: Context, breakGlassSubjectIds: string[]): { ability: AppAbility; facts: PolicyFacts } {
  const { principal } = ctx;
  const facts: PolicyFacts = { team: principal.team ?? null, breakGlassSubjectIds: principal.kind === 'user' ? breakGlassSubjectIds : [] };
  return { ability: defineAbilityFor(principal, facts), facts };
}

/** The principal's break-glass grants in force, as a fact to read as a unit opens (none for an API client). */
export function breakGlassFact(ctx: Context) {
  return (tx: ScopedTx) => activeBreakGlassQuery(tx, ctx.principal.id, ctx.now());
}

/**
 * One subject of the principal's agency, locked, with its consents and their withdrawals: the
 * facts {@link loadSubject} reads, as statements to read as a unit opens.
 */
export function subjectFacts(ctx: Context, id: string, lock: 'share' | 'update') {
  const agencyId = ctx.principal.agencyId!;
  return {
    subject: (tx: ScopedTx) => subjectQuery(tx, id, { lock }),
    consents: (tx: ScopedTx) => consentsOfSubjectsQuery(tx, agencyId, [id]),
    withdrawals: (tx: ScopedTx) => withdrawalsOfSubjectQuery(tx, agencyId, id),
    // A subject whose case was transferred away is read-only once the grace period is over.
    transfers: (tx: ScopedTx) => liveTransfersOfSubjectQuery(tx, agencyId, id),
  };
}

/** {@link loadSubject} on the rows of {@link subjectFacts}. */
export function loadedSubject(
  ctx: Context,
  log: AccessLog,
  id: string,
  action: string,
  rows: { subject: SubjectRow[]; consents: ConsentRow[]; withdrawals: ConsentWithdrawalRow[]; transfers?: SubjectTransferRow[] | undefined },
): LoadedSubject {
  const row = rows.subject[0];
  if (!row) throw log.refuse({ resource: 'Subject', resourceId: id, subjectId: id, action }, subjectNotFound('tenant_isolation'));
  const consents = consentsBySubject(rows.consents, rows.withdrawals, ctx.now()).get(row.id) ?? NO_CONSENTS;
  const transfer = rows.transfers?.find((t) => t.agency_id === row.agency_id);
  return { row, consents, record: toSubjectRecord(row, consents), ...(transfer ? { transfer } : {}) };
}

export function toSubjectRecord(row: SubjectRow, consents: SubjectConsents): SubjectRecord {
  return {
    agencyId: row.agency_id,
    id: row.id,
    assignedUserId: row.assigned_user_id,
    team: row.team,
    createdBy: row.created_by,
    consentedCategories: consents.consentedCategories,
  };
}

export interface LoadedSubject {
  row: SubjectRow;
  consents: SubjectConsents;
  record: SubjectRecord;
  /** The live transfer of responsibility of this subject to another agency (pending or accepted), when one was read. */
  transfer?: SubjectTransferRow | undefined;
}

/** Consent state of these subjects of the agency at the request's time. */
export async function loadConsents(tx: ScopedTx, agencyId: string, subjectIds: string[], at: Date): Promise<Map<string, SubjectConsents>> {
  const rows = await listConsentsOfSubjects(tx, agencyId, subjectIds);
  const withdrawals = await findWithdrawals(tx, agencyId, [...new Set(rows.map((r) => r.consent_id))]);
  return consentsBySubject(rows, withdrawals, at);
}

/**
 * Loads one subject of the principal's agency under a lock (share for reads, update for consent
 * changes), so a read and a withdrawal never interleave. An id that is not the agency's, or does
 * not exist, is refused as not found and logged as a denial.
 */
export async function loadSubject(
  tx: ScopedTx,
  ctx: Context,
  log: AccessLog,
  id: string,
  action: string,
  lock: 'share' | 'update',
): Promise<LoadedSubject> {
  const facts = subjectFacts(ctx, id, lock);
  const subject = await facts.subject(tx).execute();
  const found = subject.length > 0 && subject[0]!.agency_id === ctx.principal.agencyId;
  return loadedSubject(ctx, log, id, action, {
    subject,
    consents: subject.length > 0 ? await facts.consents(tx).execute() : [],
    withdrawals: subject.length > 0 ? await facts.withdrawals(tx).execute() : [],
    transfers: found ? await facts.transfers(tx).execute() : [],
  });
}

export interface CategoryDecisions {
  readable: DataCategory[];
  withheld: Array<{ category: DataCategory; rule: RuleCode }>;
  /** The rule that let the principal in (need-to-know or break-glass), when any did. */
  allowedBy: RuleCode | null;
  canSeeSummary: boolean;
}

/** Which categories the principal may read, and the rule behind each refusal. */
export function decideCategories(ctx: Context, ability: AppAbility, subject: LoadedSubject): CategoryDecisions {
  const tagged = tag('Subject', subject.record);
  const permitted = new Set(permittedFieldsOf(ability, 'read', tagged, { fieldsFrom: (rule) => rule.fields ?? [...DATA_CATEGORIES, SUMMARY_FIELD] }));
  const readable = DATA_CATEGORIES.filter((c) => permitted.has(c));
  const withheld = DATA_CATEGORIES.filter((c) => !permitted.has(c)).map((category) => ({
    category,
    rule: explainSubjectRead(ctx.principal, ability, subject.record, category, subject.consents.states).rule,
  }));
  const allowedBy = readable.length
    ? explainSubjectRead(ctx.principal, ability, subject.record, readable[0]!, subject.consents.states).rule
    : null;
  return { readable, withheld, allowedBy, canSeeSummary: permitted.has(SUMMARY_FIELD) };
}

export async function agencySlugOf(tx: ScopedTx, agencyId: string): Promise<string> {
  const [agency] = await findAgenciesByIds(tx, [agencyId]);
  return agency!.slug;
}

/** The subject as the API shows it: only the readable categories' data. */
export function viewSubject(row: SubjectRow, agencySlug: string, decisions: CategoryDecisions): Subject {
  const data: Record<string, unknown> = {};
  for (const category of decisions.readable) {
    const value = row[category];
    if (value !== null && value !== undefined) data[category] = value;
  }
  return {
    id: row.id,
    reference: row.reference,
    agency: agencySlug,
    assignedUserId: row.assigned_user_id,
    team: row.team,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    data: data as Subject['data'],
    access: { readable: decisions.readable, withheld: decisions.withheld, breakGlass: decisions.allowedBy === 'break_glass' },
  };
}

/** The bases under which these categories are processed, for the access log. */
export function basesOf(consents: SubjectConsents, categories: readonly string[]): string | null {
  const bases = [...new Set(categories.map((c) => consents.bases[c]).filter((b): b is string => Boolean(b)))];
  return bases.length ? bases.sort().join(',') : null;
}

/** Withheld categories grouped by the rule that withheld them: one access event per rule. */
export function groupByRule(withheld: CategoryDecisions['withheld']): Map<RuleCode, string[]> {
  const groups = new Map<RuleCode, string[]>();
  for (const { category, rule } of withheld) groups.set(rule, [...(groups.get(rule) ?? []), category]);
  return groups;
}

/** 404 for a subject the caller may not know exists, with the rule that hid it. */
export function subjectNotFound(rule: RuleCode): PonteError {
  return new PonteError('not_found', { en: 'No such data subject in your agency', pt: 'Não existe este titular de dados na sua agência' }, undefined, { rule });
}

/** The subject changed since the caller read it: 412 when it said which version (If-Match), 409 otherwise. */
export function subjectChanged(currentVersion: number, code: 'precondition_failed' | 'conflict' = 'precondition_failed'): PonteError {
  return new PonteError(code, { en: 'The subject changed since you read it; read it again', pt: 'O titular foi alterado desde a sua leitura; leia-o novamente' }, undefined, { currentVersion });
}
