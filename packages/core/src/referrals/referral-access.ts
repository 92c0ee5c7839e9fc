import { DATA_CATEGORIES, PonteError, type DataCategory, type Referral, type ReferralStatus, type ReferralStep, type ReferralTransition, type RuleCode } from '@ponte/contracts';
import {
  agreementsBetweenQuery,
  findAgenciesByIds,
  findReferral,
  latestConsentVersionOf,
  latestConsentVersionQuery,
  referralColumn,
  referralQuery,
  type AgreementRow,
  type Opened,
  findSubject,
  insertEventsAtCommit,
  insertTransitionAtCommit,
  listTransitionsOf,
  rectificationsOfQuery,
  type ReferralRectificationRow,
  type ReferralRow,
  type ReferralTransitionRow,
  type ScopedTx,
  type SubjectRow,
} from '@ponte/db';
import {
  isAcceptedReferral,
  mayKnow,
  permittedFieldsOf,
  refusalOn,
  tag,
  viewKind,
  type AppAbility,
  type ReferralRecord,
  type ReferredSubjectRecord,
  type SubjectRecord,
} from '@ponte/policy';
import { checkReferral, decideReferral, subjectOwnerOf, termsOf, type ReferralBasis, type ReferralFacts } from './referral-checks';
import type { AccessLog, AccessRecord } from '@ponte/audit';
import type { Context } from '../context';
import { iso, isoOrNull } from '../util';
import { overdueKindOf } from './referral-deadlines';

export function referralRecord(row: ReferralRow, subject: { assigned_user_id: string | null; team: string | null; created_by: string } | undefined): ReferralRecord {
  return {
    agencyId: row.agency_id,
    recipientAgencyId: row.recipient_agency_id,
    status: row.status,
    assignedUserId: subject?.assigned_user_id ?? null,
    team: subject?.team ?? null,
    createdBy: subject?.created_by ?? '',
    recipientAssigneeId: row.recipient_assignee_id,
    recipientTeam: row.recipient_team,
  };
}

/**
 * Whoever works on the subject may refer it (send, preview); anyone else is refused by the one
 * rule for refusals: not found unless it may know the subject exists.
 */
export function ensureMayRefer(ability: AppAbility, log: AccessLog, subject: { row: SubjectRow; record: SubjectRecord }, refused: Omit<AccessRecord, 'rule'>): void {
  const prospective = referralRecord(
    { agency_id: subject.row.agency_id, recipient_agency_id: '', status: 'draft', recipient_assignee_id: null, recipient_team: null } as ReferralRow,
    subject.row,
  );
  if (ability.can('send', tag('Referral', prospective))) return;
  throw log.refuse(
    refused,
    mayKnow(ability, 'Subject', subject.record)
      ? refusalOn(ability, 'Subject', subject.record, 'need_to_know', { en: 'You may not refer this subject', pt: 'Não pode encaminhar este titular' })
      : new PonteError('not_found', { en: 'No such data subject in your agency', pt: 'Não existe este titular de dados na sua agência' }, undefined, { rule: 'need_to_know' }),
  );
}

export interface LoadedReferral {
  row: ReferralRow;
  record: ReferralRecord;
  side: 'sender' | 'receiver';
}

export function referralNotFound(rule: RuleCode): PonteError {
  return new PonteError('not_found', { en: 'No such referral for your agency', pt: 'Não existe este encaminhamento para a sua agência' }, undefined, { rule });
}

/**
 * A referral the principal's agency sent or received (row-level security hides the others),
 * with the action checked: 404 when the principal may not even see it, 403 when it may see
 * it but not do this.
 */
export async function loadReferral(
  tx: ScopedTx,
  ctx: Context,
  ability: AppAbility,
  log: AccessLog,
  id: string,
  action: 'read' | ReferralStep,
  options: { lock?: 'share'; found?: { row: ReferralRow | undefined }; loggedAs?: string } = {},
): Promise<LoadedReferral> {
  // Already read (with the facts a unit of work read as it opened), or read now.
  const row = options.found ? options.found.row : await findReferral(tx, id, options);
  // A verb that checks its own action after loading (referring on) logs a refusal here under it.
  const base = { resource: 'Referral' as const, resourceId: id, action: options.loggedAs ?? action };
  if (!row) throw log.refuse(base, referralNotFound('tenant_isolation'));
  const side = row.agency_id === ctx.principal.agencyId ? 'sender' : 'receiver';
  const subject = side === 'sender' ? await senderCaseOf(tx, row) : undefined;
  const record = referralRecord(row, subject);
  const tagged = tag('Referral', record);
  const logged = { ...base, subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row) };
  if (!ability.can('read', tagged)) throw log.refuse(logged, referralNotFound('need_to_know'));
  if (action !== 'read' && !ability.can(action, tagged))
    throw log.refuse(
      logged,
      new PonteError('forbidden', { en: `Your role may not ${action} this referral`, pt: `A sua função não permite esta ação (${action}) neste encaminhamento` }, undefined, {
        rule: `referral.${action}_not_allowed`,
      }),
    );
  return { row, record, side };
}

/**
 * Who works on a referral's case on its sending side: the subject's caseworker and team; on an
 * onward referral, whoever works the parent referral in the agency that referred the person on
 * (its assignee and team: the subject is another agency's).
 */
async function senderCaseOf(tx: ScopedTx, row: ReferralRow): Promise<{ assigned_user_id: string | null; team: string | null; created_by: string } | undefined> {
  if (row.parent_referral_id === null) return findSubject(tx, row.subject_id);
  const parent = await findReferral(tx, row.parent_referral_id);
  return parent && { assigned_user_id: parent.recipient_assignee_id, team: parent.recipient_team, created_by: '' };
}

/**
 * The facts a decision on one referral is made on, read as the unit of work opens, in its first
 * round trip: the referral (share-locked, so a withdrawal in flight waits for this unit), the
 * agreements from its sender to its recipient and its consent's latest version with any withdrawal.
 */
export function referralFacts(id: string) {
  return [
    (tx: ScopedTx) => referralQuery(tx, id, { lock: 'share' }),
    (tx: ScopedTx) => agreementsBetweenQuery(tx, referralColumn(tx, id, 'agency_id'), referralColumn(tx, id, 'recipient_agency_id')),
    (tx: ScopedTx) => latestConsentVersionQuery(tx, referralColumn(tx, id, 'agency_id'), referralColumn(tx, id, 'consent_id')),
  ];
}

/** The rows of {@link referralFacts} as the referral and the facts its access is decided on. */
export function referralFactsOf([referrals, agreements, latest]: Opened): { row: ReferralRow | undefined; facts: Pick<ReferralFacts, 'agreements' | 'latest'> } {
  return { row: referrals![0] as ReferralRow | undefined, facts: { agreements: agreements as AgreementRow[], latest: latestConsentVersionOf(latest!) } };
}

/** The receiving side's record as if the consent and the agreement let every shared category through. */
function optimisticRecord(row: ReferralRow): ReferredSubjectRecord {
  return {
    recipientAgencyId: row.recipient_agency_id,
    recipientAssigneeId: row.recipient_assignee_id,
    recipientTeam: row.recipient_team,
    open: isAcceptedReferral(row.status),
    readableCategories: row.shared_categories,
  };
}

/**
 * Whether what the principal may see of a referral depends on its consent and agreement (read
 * them, or pass them to {@link referralAccess}): on the receiving side of an open referral, for
 * whoever the policy would let read if they held.
 */
export function referralAccessNeedsFacts(ability: AppAbility, loaded: LoadedReferral): boolean {
  if (loaded.side === 'sender' || !isAcceptedReferral(loaded.row.status)) return false;
  return permittedFieldsOf(ability, 'read', tag('ReferredSubject', optimisticRecord(loaded.row)), { fieldsFrom: (rule) => rule.fields ?? [...DATA_CATEGORIES] }).length > 0;
}

/** The statements of a referral's consent-and-agreement facts, for {@link referralAccess} (two, in this order). */
export function referralAccessFacts(tx: ScopedTx, row: ReferralRow) {
  return [agreementsBetweenQuery(tx, row.agency_id, row.recipient_agency_id), latestConsentVersionQuery(tx, row.agency_id, row.consent_id)];
}

export interface ReferralAccess {
  detail: boolean;
  basis: ReferralBasis | undefined;
  /** The categories of the subject the principal may read now (receiving side). */
  readable: DataCategory[];
  record: ReferredSubjectRecord | undefined;
}

/**
 * What the principal may see of a referral beyond its metadata, decided by the policy on facts
 * loaded now, or on those given (its agreements and its consent's latest version, read in this
 * unit of work as it opened).
 */
export async function referralAccess(
  tx: ScopedTx,
  ctx: Context,
  ability: AppAbility,
  loaded: LoadedReferral,
  facts?: Pick<ReferralFacts, 'agreements' | 'latest'>,
): Promise<ReferralAccess> {
  const { row, side } = loaded;
  if (side === 'sender') return { detail: ability.can('withdraw', tag('Referral', loaded.record)), basis: undefined, readable: [], record: undefined };
  const open = isAcceptedReferral(row.status);
  if (!open) return { detail: false, basis: undefined, readable: [], record: undefined };
  // Whoever the policy would refuse even if the consent and agreement held (the focal point, a
  // colleague) is refused without checking them: lists stay one query a page for most readers.
  if (!referralAccessNeedsFacts(ability, loaded)) return { detail: false, basis: undefined, readable: [], record: optimisticRecord(row) };
  // An onward referral's consent may be another agency's, and its chain's root consent holds too: read them now.
  const basis = facts && row.root_consent_id === null
    ? decideReferral({ ...facts, offeredServices: undefined }, termsOf(row), ctx.now())
    : await checkReferral(tx, termsOf(row), ctx.now(), { checkService: false });
  const record: ReferredSubjectRecord = {
    recipientAgencyId: row.recipient_agency_id,
    recipientAssigneeId: row.recipient_assignee_id,
    recipientTeam: row.recipient_team,
    open,
    readableCategories: basis.shared,
  };
  const readable = permittedFieldsOf(ability, 'read', tag('ReferredSubject', record), { fieldsFrom: (rule) => rule.fields ?? [...DATA_CATEGORIES] }) as DataCategory[];
  return { detail: readable.length > 0, basis, readable, record };
}

export async function viewReferral(tx: ScopedTx, row: ReferralRow, side: 'sender' | 'receiver', detail: boolean, known: KnownToView): Promise<Referral> {
  const [view] = await viewReferrals(tx, [{ row, side, detail }], known);
  return view!;
}

/** What a unit of work already knows for a view, so that it is not read again. */
export interface KnownToView {
  /** The time the view is of: whether a referral is overdue is decided against it. */
  now: Date;
  /** The agencies of the referrals (their slugs). */
  agencies?: ReadonlyArray<{ id: string; slug: string }>;
  /** The referrals' transitions, all of them (a referral just created has only the one it wrote). */
  transitions?: readonly TransitionRecord[];
  /** A transition written with this unit's commit, after those already stored. */
  written?: TransitionRecord | undefined;
  /** The corrections recorded on the referrals (none on a referral just created). */
  rectifications?: readonly RectificationRecord[];
}

/** A correction in a referral's history, as the view needs it. */
export type RectificationRecord = Pick<ReferralRectificationRow, 'referral_id' | 'owning_agency_id' | 'status' | 'categories' | 'rectified_at'>;

/** A page of referrals as their readers see them, with two queries for the whole page. */
export async function viewReferrals(tx: ScopedTx, items: Array<{ row: ReferralRow; side: 'sender' | 'receiver'; detail: boolean }>, known: KnownToView): Promise<Referral[]> {
  const keys = items.map(({ row }) => ({ agencyId: row.agency_id, id: row.id }));
  const rectifications = known.rectifications ?? (items.length > 0 ? await rectificationsOfQuery(tx, keys).execute() : []);
  // A correction down a chain was made by the subject's owner, neither party to the referral.
  const owners = [...new Set(rectifications.map((r) => r.owning_agency_id))];
  const parties = [...new Set(items.flatMap(({ row }) => [row.agency_id, row.recipient_agency_id]))];
  const given = known.agencies ?? (await findAgenciesByIds(tx, [...new Set([...parties, ...owners])]));
  const allTransitions: readonly TransitionRecord[] = [
    ...(known.transitions ?? (await listTransitionsOf(tx, keys))),
    ...(known.written ? [known.written] : []),
  ];
  // Every agency the history names: down a chain, the owner's erasure withdrew the referral, as its corrections did.
  const named = [...new Set([...owners, ...allTransitions.map((t) => t.actor_agency_id)])];
  const missing = named.filter((id) => !given.some((a) => a.id === id));
  const agencies = missing.length > 0 ? [...given, ...(await findAgenciesByIds(tx, missing))] : given;
  const slug = (id: string) => agencies.find((a) => a.id === id)!.slug;
  return items.map(({ row, side, detail }) => {
    const view = viewKind(side, row.status, detail);
    const transitions = historyOf(
      allTransitions.filter((t) => t.referral_id === row.id),
      rectifications.filter((r) => r.referral_id === row.id),
    );
    const detailed = view === 'sender' || view === 'receiver';
    return {
      id: row.id,
      from: slug(row.agency_id),
      to: slug(row.recipient_agency_id),
      status: row.status,
      version: row.version,
      service: row.service,
      purpose: row.purpose,
      urgency: row.urgency,
      dueDate: row.due_date,
      triage: view === 'sender' || view === 'triage' ? (row.triage as Referral['triage']) : null,
      sharedCategories: row.shared_categories as DataCategory[],
      legalBasis: row.legal_basis,
      subjectId: detailed ? row.subject_id : null,
      consentId: view === 'sender' ? row.consent_id : null,
      // For the receiving agency: the person deciding reads it too (it carries nothing beyond the shared categories).
      note: view === 'metadata' ? null : row.note,
      assigneeId: row.recipient_assignee_id,
      outcomeCode: row.outcome_code,
      outcome: row.outcome,
      reasonCode: row.reason_code,
      reason: row.reason,
      sentAt: isoOrNull(row.sent_at),
      acceptedAt: isoOrNull(row.accepted_at),
      completedAt: isoOrNull(row.completed_at),
      closedAt: isoOrNull(row.closed_at),
      respondBy: isoOrNull(row.respond_by),
      overdue: overdueKindOf(row, known.now) !== null,
      overdueKind: overdueKindOf(row, known.now),
      // The parent is shown to whoever may see it: the agency that referred the person on.
      parentReferralId: side === 'sender' ? row.parent_referral_id : null,
      transitions: transitions.map((t) =>
        'categories' in t
          ? { step: 'rectified' as const, from: t.status, to: t.status, actorAgency: slug(t.owning_agency_id), at: iso(t.rectified_at), reason: null, categories: t.categories as DataCategory[] }
          : {
              step: stepOf(t.from_status, t.to_status),
              from: t.from_status,
              to: t.to_status,
              actorAgency: slug(t.actor_agency_id),
              at: iso(t.at),
              reason: t.reason,
            },
      ),
      view,
    };
  });
}

/** A referral's history: its transitions and the corrections of what it shares, in time order (a transition first at the same instant). */
function historyOf(transitions: readonly TransitionRecord[], rectifications: readonly RectificationRecord[]): Array<TransitionRecord | RectificationRecord> {
  if (rectifications.length === 0) return [...transitions];
  const time = (entry: TransitionRecord | RectificationRecord) => ('categories' in entry ? entry.rectified_at : entry.at).getTime();
  return [...transitions, ...rectifications].sort((a, b) => time(a) - time(b));
}

/** A transition as the view needs it. */
export type TransitionRecord = Pick<ReferralTransitionRow, 'referral_id' | 'from_status' | 'to_status' | 'actor_agency_id' | 'at' | 'reason'>;

/**
 * Records a transition and the event both parties receive, with the commit of the change (in its
 * last round trip). Events carry ids and states only, never personal data. Returns the transition,
 * for the view the unit answers with.
 */
export function recordTransition(
  tx: ScopedTx,
  ctx: Context,
  row: ReferralRow,
  from: ReferralStatus | null,
  type: string,
  reason: string | null,
  extra: Record<string, unknown> = {},
): TransitionRecord {
  const at = ctx.now();
  const transition = {
    agency_id: row.agency_id,
    referral_id: row.id,
    recipient_agency_id: row.recipient_agency_id,
    from_status: from,
    to_status: row.status,
    actor_agency_id: ctx.principal.agencyId!,
    actor_id: ctx.principal.id,
    reason,
    at,
  };
  insertTransitionAtCommit(tx, transition);
  // A referral never sent is the sender's alone: no event tells anyone of it.
  if (row.sent_at === null) return transition;
  const data = { referralId: row.id, status: row.status, version: row.version, service: row.service, urgency: row.urgency, ...extra };
  insertEventsAtCommit(tx, [
    { agency_id: row.agency_id, type, referral_id: row.id, payload: data, created_at: at },
    { agency_id: row.recipient_agency_id, type, referral_id: row.id, payload: data, created_at: at },
  ]);
  return transition;
}

/** The status each step leads to; the one step that keeps the status is an assignment. */
const STEP_INTO: Record<ReferralStatus, ReferralTransition['step']> = {
  draft: 'draft',
  sent: 'send',
  accepted: 'accept',
  declined: 'decline',
  in_progress: 'start',
  completed: 'complete',
  withdrawn: 'withdraw',
};
const stepOf = (from: string | null, to: ReferralStatus): ReferralTransition['step'] => (from === to ? 'assign' : STEP_INTO[to]);
