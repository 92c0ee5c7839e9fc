import { PonteError } from '@ponte/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defineAbilityFor,
  ensureCan,
  ensureCanCreate,
  ensureCanList,
  mayKnow,
  needToKnowScopes,
  refusalOn,
  SUMMARY_FIELD,
  tag,
  type Action,
  type PolicyFacts,
  type Principal,
  type SubjectRecords,
  type SubjectType,
} from './index';
import { explainReferredRead, explainSubjectRead, grantingRule, sharedCategories, type ConsentState, type SubjectRecord } from './index';

/** The explanations, asked with the ability built for the principal and facts. */
const explainRead = (p: Principal, facts: PolicyFacts, record: SubjectRecord, category: string, states?: Partial<Record<string, ConsentState>>) =>
  explainSubjectRead(p, defineAbilityFor(p, facts), record, category, states);
const needToKnowRule = (p: Principal, facts: PolicyFacts, s: { id?: string; subjectId?: string; assignedUserId: string | null; team: string | null; createdBy: string }) =>
  grantingRule(defineAbilityFor(p, facts), 'read', 'Subject', { agencyId: A, id: s.id ?? s.subjectId ?? '', assignedUserId: s.assignedUserId, team: s.team, createdBy: s.createdBy, consentedCategories: [] }, SUMMARY_FIELD);
const explainReferred = (
  p: Principal,
  facts: PolicyFacts,
  r: { recipientAssigneeId: string | null; recipientTeam: string | null; open: boolean },
  s: { shared: boolean; consentActive: boolean; agreementInForce: boolean },
) =>
  explainReferredRead(
    defineAbilityFor(p, facts),
    { recipientAgencyId: A, ...r, readableCategories: s.shared && s.consentActive && s.agreementInForce ? ['health'] : [] },
    'health',
    { consentHolds: s.consentActive, agreement: s.agreementInForce ? 0 : -1 },
  );
import { rulesFilter } from './filter';

/**
 * Every rule of the policy but the subject's categories (the policy table covers those), as a
 * table: principals of every kind and role × every resource × every action × records that are
 * the principal's own or not in each way that matters. The oracle below is written from the rules
 * of the design and the README's table of who may do what, not from the code.
 */
const A = 'agency-a';
const B = 'agency-b';
const C = 'agency-c';
const ME = 'me';
const COLLEAGUE = 'colleague';
const TEAM = 'team-1';
const OTHER_TEAM = 'team-2';

const ACTIONS: Action[] = ['read', 'create', 'update', 'disable', 'revoke', 'terminate', 'manage', 'assign', 'withdraw', 'break_glass', 'send', 'accept', 'decline', 'start', 'complete', 'know', 'converse', 'download', 'transfer', 'cancel', 'refer_onward', 'record_withdrawal'];
const CASE_ROLES = ['caseworker', 'supervisor', 'child_protection_officer'];

interface Who {
  name: string;
  principal: Principal;
  facts: PolicyFacts;
}

const user = (roles: string[], facts: PolicyFacts = { team: TEAM }): Who => ({ name: `user[${roles.join('+')}]${facts.team ? '' : ' without a team'}`, principal: { kind: 'user', id: ME, agencyId: A, roles }, facts });
const PRINCIPALS: Who[] = [
  { name: 'hub operator', principal: { kind: 'hub_operator', id: ME, roles: ['hub_operator'] }, facts: {} },
  ...['caseworker', 'supervisor', 'child_protection_officer', 'intake_focal_point', 'privacy_officer', 'agency_admin'].map((r) => user([r])),
  user(['supervisor', 'intake_focal_point']),
  user(['caseworker', 'privacy_officer']),
  user(['supervisor'], {}),
  user([]),
  { name: 'user[caseworker] with break-glass on one subject', principal: { kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] }, facts: { breakGlassSubjectIds: ['subject'] } },
  { name: 'client[caseworker+intake_focal_point]', principal: { kind: 'client', id: ME, agencyId: A, roles: ['caseworker', 'intake_focal_point'] }, facts: {} },
  { name: 'client[privacy_officer]', principal: { kind: 'client', id: ME, agencyId: A, roles: ['privacy_officer'] }, facts: {} },
  { name: 'principal without an agency', principal: { kind: 'user', id: ME, roles: ['caseworker'] }, facts: { team: TEAM } },
  { name: 'system (the agency’s retention job)', principal: { kind: 'system', id: ME, agencyId: A, roles: [] }, facts: {} },
];

/** Records of every type, in each relation to the principal that a rule could turn on. */
function records(): Array<{ type: SubjectType; record: SubjectRecords[SubjectType]; field?: string }> {
  const out: Array<{ type: SubjectType; record: SubjectRecords[SubjectType]; field?: string }> = [];
  const agencies = [A, B];
  const people = [ME, COLLEAGUE, null];
  const teams = [TEAM, OTHER_TEAM, null];
  for (const agencyId of agencies) {
    out.push({ type: 'Agency', record: { id: agencyId } }, { type: 'AgencyServices', record: { agencyId } });
    for (const type of ['Event', 'Webhook', 'Figures', 'LogWitness', 'Retention'] as const) out.push({ type, record: { agencyId } });
    for (const id of [ME, COLLEAGUE]) out.push({ type: 'User', record: { agencyId, id } }, { type: 'ApiClient', record: { agencyId, id } });
    for (const owningAgencyId of [A, B, null]) out.push({ type: 'AccessEvent', record: { agencyId, owningAgencyId } });
    for (const assignedUserId of people)
      for (const team of teams)
        for (const createdBy of [ME, COLLEAGUE]) {
          for (const id of ['subject', 'elsewhere']) {
            const subject = { agencyId, id, assignedUserId, team, createdBy, consentedCategories: ['identity'] };
            out.push({ type: 'Subject', record: subject }, { type: 'Subject', record: subject, field: SUMMARY_FIELD }, { type: 'Subject', record: subject, field: 'identity' }, { type: 'Subject', record: subject, field: 'health' });
            out.push({ type: 'Document', record: subject, field: 'identity' }, { type: 'Document', record: subject, field: 'health' });
          }
          for (const grantedBy of ['subject', 'guardian', 'best_interests_determination'])
            out.push({ type: 'Consent', record: { agencyId, subjectId: 'subject', assignedUserId, team, createdBy, grantedBy } });
          for (const recipientAgencyId of [A, B, C])
            if (recipientAgencyId !== agencyId) out.push({ type: 'Transfer', record: { agencyId, recipientAgencyId, assignedUserId, team, createdBy } });
          for (const recipientAgencyId of [A, B, C])
            if (recipientAgencyId !== agencyId)
              for (const recipientAssigneeId of people)
                for (const recipientTeam of teams)
                  out.push({ type: 'Referral', record: { agencyId, recipientAgencyId, status: 'sent', assignedUserId, team, createdBy, recipientAssigneeId, recipientTeam } });
        }
  }
  for (const [agencyId, recipientAgencyId] of [[A, B], [B, A], [B, C]] as const) out.push({ type: 'Agreement', record: { agencyId, recipientAgencyId } });
  for (const recipientAgencyId of [A, B])
    for (const recipientAssigneeId of people)
      for (const recipientTeam of teams)
        for (const open of [true, false])
          for (const readableCategories of [['identity'], ['contact']])
            for (const type of ['ReferredSubject', 'ReferredDocument'] as const) out.push({ type, record: { recipientAgencyId, recipientAssigneeId, recipientTeam, open, readableCategories }, field: 'identity' });
  return out;
}

/** The rules, as the design and the README state them. */
function oracle(who: Who, action: Action, type: SubjectType, r: Record<string, unknown>, field?: string): boolean {
  const { principal, facts } = who;
  const roles = principal.roles;
  const has = (role: string) => roles.includes(role);
  if (type === 'Agency') return action === 'read' || (principal.kind === 'hub_operator' && (action === 'create' || action === 'update'));
  if (type === 'AgencyServices') return action === 'read' || (principal.kind === 'hub_operator' && action === 'update');
  if (principal.kind === 'hub_operator') return type === 'Agreement' && ['create', 'read', 'terminate'].includes(action);
  const agency = principal.agencyId;
  if (!agency) return false;
  // The retention job erases the agency's due subjects and does nothing else (erasure: ability.test.ts).
  if (principal.kind === 'system') return false;
  const own = r.agencyId === agency;
  const onCases = roles.some((x) => CASE_ROLES.includes(x));
  const isUser = principal.kind === 'user';
  const teamOf = has('supervisor') && facts.team ? facts.team : undefined;
  /** Need-to-know on a subject (or its consent, or the sending side of its referral). */
  const works = onCases && (isUser ? r.assignedUserId === ME || (teamOf !== undefined && r.team === teamOf) : r.createdBy === ME);
  /** Break-glass: reading one subject outside need-to-know, nothing else. */
  const brokenGlass = isUser && onCases && (type === 'Subject' || type === 'Document') && (facts.breakGlassSubjectIds ?? []).includes(r.id as string);
  switch (type) {
    case 'Agreement':
      return action === 'read' && (r.agencyId === agency || r.recipientAgencyId === agency);
    case 'User':
      return own && ((has('agency_admin') && ['create', 'read', 'disable'].includes(action)) || (isUser && action === 'read' && r.id === ME));
    case 'ApiClient':
      return own && has('agency_admin') && ['create', 'read', 'revoke'].includes(action);
    case 'Webhook':
      return own && has('agency_admin');
    case 'LogWitness':
      return action === 'know' || (own && (action === 'cosign' || (has('agency_admin') && ['create', 'read', 'revoke'].includes(action))));
    case 'Event':
      return own && action === 'read';
    case 'Figures':
      return own && action === 'read' && ['agency_admin', 'supervisor', 'privacy_officer', 'intake_focal_point'].some(has);
    case 'Retention':
      // The privacy officer sets the agency's retention schedule; the administrator reads it; people only.
      return own && isUser && ((has('privacy_officer') && (action === 'read' || action === 'update')) || (has('agency_admin') && action === 'read'));
    case 'AccessEvent':
      return action === 'read' && has('privacy_officer') && (r.agencyId === agency || r.owningAgencyId === agency);
    case 'Subject':
      if (!own) return false;
      // A privacy officer knows of every subject of its agency (its consents, its access report).
      if (action === 'know') return has('privacy_officer');
      if (action === 'create') return onCases || has('intake_focal_point');
      if (action === 'break_glass') return isUser && onCases;
      if (action === 'assign') return has('supervisor') && ((teamOf !== undefined && r.team === teamOf) || r.assignedUserId === ME);
      // Without a field, CASL asks whether any field may be: the summary always, a category when consented.
      if (action === 'read') return (works || brokenGlass) && (field === undefined || field === SUMMARY_FIELD || (r.consentedCategories as string[]).includes(field));
      // Recording needs need-to-know only; the consent governs reading back.
      if (action === 'update') return works && field !== SUMMARY_FIELD;
      // Handing the case over to another agency: whoever works on the subject.
      if (action === 'transfer') return works;
      return false;
    case 'Consent':
      if (!own) return false;
      if (action === 'read') return works || has('privacy_officer');
      if (action === 'withdraw') return works;
      if (action === 'create') return works && (r.grantedBy !== 'best_interests_determination' || has('child_protection_officer'));
      return false;
    case 'Referral': {
      const sending = r.agencyId === agency && works && ['send', 'read', 'withdraw'].includes(action);
      const senderPrivacy = r.agencyId === agency && has('privacy_officer') && action === 'read';
      const receiving = r.recipientAgencyId === agency;
      const triage = receiving && (has('intake_focal_point') || has('supervisor')) && ['read', 'accept', 'decline', 'assign'].includes(action);
      const assignee = receiving && isUser && onCases && r.recipientAssigneeId === ME && ['read', 'start', 'complete'].includes(action);
      const team = receiving && teamOf !== undefined && r.recipientTeam === teamOf && ['read', 'start', 'complete'].includes(action);
      const receiverPrivacy = receiving && has('privacy_officer') && action === 'read';
      // The conversation: people only; the sender's on the subject, the receiver's focal point, supervisors and assignee.
      const converses =
        action === 'converse' &&
        isUser &&
        ((r.agencyId === agency && works) || (receiving && (has('intake_focal_point') || has('supervisor') || (onCases && r.recipientAssigneeId === ME))));
      // Referring on: the receiver's focal point and supervisors, and its assigned caseworker.
      const onward = action === 'refer_onward' && receiving && (has('intake_focal_point') || has('supervisor') || (isUser && onCases && r.recipientAssigneeId === ME));
      // Recording the person's withdrawal of the consent it rests on: a person of the receiver who works it.
      const recordsWithdrawal = action === 'record_withdrawal' && receiving && isUser && (has('intake_focal_point') || has('supervisor') || (onCases && r.recipientAssigneeId === ME));
      return sending || senderPrivacy || triage || assignee || team || receiverPrivacy || converses || onward || recordsWithdrawal;
    }
    case 'Document':
      // A document is its subject's data in its category: added with need-to-know (as the category is
      // recorded), listed and downloaded as the category is read (need-to-know or break-glass, and consent).
      if (!own) return false;
      if (action === 'create') return works;
      if (action === 'read' || action === 'download') return (works || brokenGlass) && (r.consentedCategories as string[]).includes(field!);
      return false;
    case 'ReferredDocument':
      if (action !== 'read' && action !== 'download') return false;
      if (r.recipientAgencyId !== agency || r.open !== true || !(r.readableCategories as string[]).includes(field!)) return false;
      return (isUser && onCases && r.recipientAssigneeId === ME) || (teamOf !== undefined && r.recipientTeam === teamOf);
    case 'Transfer': {
      // The sender's people on the subject see and cancel it; the receiver's focal point and
      // supervisors see, accept and decline it; privacy officers of either side see it.
      const sending = r.agencyId === agency && works && ['read', 'cancel'].includes(action);
      const receiving = r.recipientAgencyId === agency && (has('intake_focal_point') || has('supervisor')) && ['read', 'accept', 'decline'].includes(action);
      const privacy = (r.agencyId === agency || r.recipientAgencyId === agency) && has('privacy_officer') && action === 'read';
      return sending || receiving || privacy;
    }
    case 'ReferredSubject': {
      if (action !== 'read' || r.recipientAgencyId !== agency || r.open !== true || !(r.readableCategories as string[]).includes(field!)) return false;
      return (isUser && onCases && r.recipientAssigneeId === ME) || (teamOf !== undefined && r.recipientTeam === teamOf);
    }
  }
  return false;
}

let checked = 0;
let allowed = 0;

describe('the rules table', () => {
  it.each(PRINCIPALS)('$name: every resource, every action, as the rules say', (who) => {
    const ability = defineAbilityFor(who.principal, who.facts);
    const mismatches: string[] = [];
    for (const { type, record, field } of records())
      for (const action of ACTIONS) {
        const got = ability.can(action, tag(type, record), field);
        const want = oracle(who, action, type, record as unknown as Record<string, unknown>, field);
        checked += 1;
        if (got) allowed += 1;
        if (got !== want) mismatches.push(`${action} ${type}${field ? `.${field}` : ''} ${JSON.stringify(record)}: got ${got}, want ${want}`);
      }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  afterAll(() => console.log(`rules table: ${checked} decisions checked (${allowed} allowed)`));
});

describe('need-to-know scopes and the rules they are named by', () => {
  it('names each scope by its rule: assigned, team, registered by the client, break-glass', () => {
    expect(needToKnowScopes({ kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] }, { team: TEAM, breakGlassSubjectIds: ['s1'] })).toEqual({
      work: [{ rule: 'need_to_know.assigned', conditions: { assignedUserId: ME } }],
      breakGlass: [{ rule: 'break_glass', conditions: { id: { $in: ['s1'] } } }],
    });
    expect(needToKnowScopes({ kind: 'user', id: ME, agencyId: A, roles: ['supervisor'] }, { team: TEAM }).work).toEqual([
      { rule: 'need_to_know.assigned', conditions: { assignedUserId: ME } },
      { rule: 'need_to_know.team', conditions: { team: TEAM } },
    ]);
    expect(needToKnowScopes({ kind: 'client', id: ME, agencyId: A, roles: ['caseworker'] }, { breakGlassSubjectIds: ['s1'] })).toEqual({
      work: [{ rule: 'need_to_know.registered_by_client', conditions: { createdBy: ME } }],
      breakGlass: [],
    });
    expect(needToKnowScopes({ kind: 'user', id: ME, agencyId: A, roles: ['caseworker', 'privacy_officer'] }).work).toHaveLength(1);
    expect(needToKnowScopes({ kind: 'user', id: ME, agencyId: A, roles: ['privacy_officer'] }, { team: TEAM, breakGlassSubjectIds: ['s1'] })).toEqual({ work: [], breakGlass: [] });
    expect(needToKnowScopes({ kind: 'user', id: ME, roles: ['caseworker'] })).toEqual({ work: [], breakGlass: [] });
    expect(needToKnowScopes({ kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] }, { breakGlassSubjectIds: [] }).breakGlass).toEqual([]);
  });

  it('gives the access log the rule a principal works on a subject under, or none', () => {
    const caseworker: Principal = { kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] };
    const supervisor: Principal = { kind: 'user', id: ME, agencyId: A, roles: ['supervisor'] };
    const subject = (assignedUserId: string | null, team: string | null) => ({ subjectId: 's1', assignedUserId, team, createdBy: COLLEAGUE });
    expect(needToKnowRule(caseworker, {}, subject(ME, null))).toBe('need_to_know.assigned');
    expect(needToKnowRule(caseworker, {}, subject(COLLEAGUE, TEAM))).toBeNull();
    expect(needToKnowRule(supervisor, { team: TEAM }, subject(COLLEAGUE, TEAM))).toBe('need_to_know.team');
    expect(needToKnowRule(caseworker, { breakGlassSubjectIds: ['s1'] }, subject(COLLEAGUE, null))).toBe('break_glass');
    expect(needToKnowRule(caseworker, { breakGlassSubjectIds: ['s1'] }, { id: 's2', assignedUserId: null, team: null, createdBy: COLLEAGUE })).toBeNull();
    expect(needToKnowRule({ kind: 'client', id: ME, agencyId: A, roles: ['caseworker'] }, {}, { id: 's1', assignedUserId: null, team: null, createdBy: ME })).toBe('need_to_know.registered_by_client');
  });

  it("explains a subject read by the rule that decides it: operator, tenant, role, need-to-know, then the consent's state", () => {
    const record = { agencyId: A, id: 's1', assignedUserId: ME, team: null, createdBy: COLLEAGUE, consentedCategories: ['identity'] };
    const caseworker: Principal = { kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] };
    expect(explainRead({ kind: 'hub_operator', id: ME, roles: ['hub_operator'] }, {}, record, 'identity')).toEqual({ decision: 'deny', rule: 'hub_operator.no_case_data' });
    expect(explainRead({ ...caseworker, agencyId: B }, {}, record, 'identity')).toEqual({ decision: 'deny', rule: 'tenant_isolation' });
    expect(explainRead({ ...caseworker, roles: ['privacy_officer'] }, {}, record, 'identity')).toEqual({ decision: 'deny', rule: 'role.no_case_data' });
    expect(explainRead(caseworker, {}, { ...record, assignedUserId: COLLEAGUE }, 'identity')).toEqual({ decision: 'deny', rule: 'need_to_know' });
    expect(explainRead(caseworker, {}, record, 'identity')).toEqual({ decision: 'allow', rule: 'need_to_know.assigned' });
    expect(explainRead(caseworker, {}, record, 'health')).toEqual({ decision: 'deny', rule: 'consent.absent' });
    expect(explainRead(caseworker, {}, record, 'health', { health: 'withdrawn' })).toEqual({ decision: 'deny', rule: 'consent.withdrawn' });
    expect(explainRead(caseworker, {}, record, 'health', { health: 'expired' })).toEqual({ decision: 'deny', rule: 'consent.expired' });
    // A category marked active but not among the consented ones has no consent covering it after all.
    expect(explainRead(caseworker, {}, record, 'health', { health: 'active' })).toEqual({ decision: 'deny', rule: 'consent.absent' });
    expect(explainRead(caseworker, { breakGlassSubjectIds: ['s1'] }, { ...record, assignedUserId: null }, 'identity')).toEqual({ decision: 'allow', rule: 'break_glass' });
    // One case role among others is enough to work on cases.
    expect(explainRead({ ...caseworker, roles: ['privacy_officer', 'caseworker'] }, {}, record, 'identity')).toEqual({ decision: 'allow', rule: 'need_to_know.assigned' });
  });
});

describe('what a receiving agency reads of a referred subject', () => {
  const state = { shared: true, consentActive: true, agreementInForce: true };
  const caseworker: Principal = { kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] };
  const supervisor: Principal = { kind: 'user', id: ME, agencyId: A, roles: ['supervisor'] };
  const record = { recipientAssigneeId: ME, recipientTeam: null, open: true };

  it('names the rule that decides it, in order: assignment, open, consent, agreement, sharing', () => {
    expect(explainReferred(caseworker, {}, record, state)).toBe('referral.shared');
    expect(explainReferred(caseworker, {}, { ...record, recipientAssigneeId: COLLEAGUE }, state)).toBe('referral.not_assigned');
    expect(explainReferred({ ...caseworker, kind: 'client' }, {}, record, state)).toBe('referral.not_assigned');
    expect(explainReferred({ ...caseworker, roles: ['intake_focal_point'] }, {}, record, state)).toBe('referral.not_assigned');
    expect(explainReferred(supervisor, { team: TEAM }, { ...record, recipientAssigneeId: COLLEAGUE, recipientTeam: TEAM }, state)).toBe('referral.shared');
    expect(explainReferred(supervisor, {}, { ...record, recipientAssigneeId: COLLEAGUE, recipientTeam: TEAM }, state)).toBe('referral.not_assigned');
    expect(explainReferred(caseworker, { team: TEAM }, { ...record, recipientAssigneeId: COLLEAGUE, recipientTeam: TEAM }, state)).toBe('referral.not_assigned');
    expect(explainReferred(supervisor, { team: TEAM }, { ...record, recipientAssigneeId: COLLEAGUE, recipientTeam: OTHER_TEAM }, state)).toBe('referral.not_assigned');
    expect(explainReferred({ ...caseworker, roles: ['intake_focal_point', 'caseworker'] }, {}, record, state)).toBe('referral.shared');
    expect(explainReferred(caseworker, {}, { ...record, open: false }, { shared: false, consentActive: false, agreementInForce: false })).toBe('referral.not_open');
    expect(explainReferred(caseworker, {}, record, { ...state, consentActive: false, agreementInForce: false, shared: false })).toBe('referral.consent_inactive');
    expect(explainReferred(caseworker, {}, record, { ...state, agreementInForce: false, shared: false })).toBe('referral.agreement_not_in_force');
    expect(explainReferred(caseworker, {}, record, { ...state, shared: false })).toBe('referral.category_not_shared');
  });

  it('is what was shared, cut to what the consent covers and the agreement allows', () => {
    expect(sharedCategories(['identity', 'contact', 'health'], ['identity', 'health', 'legal'], ['health', 'identity'])).toEqual(['identity', 'health']);
    expect(sharedCategories(['identity'], [], ['identity'])).toEqual([]);
    expect(sharedCategories(['identity'], ['identity'], [])).toEqual([]);
  });
});

describe('refusals', () => {
  const caseworker = defineAbilityFor({ kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] });
  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return error as PonteError;
    }
    throw new Error('not refused');
  };
  const mine = { agencyId: A, recipientAgencyId: B, status: 'sent', assignedUserId: ME, team: null, createdBy: ME, recipientAssigneeId: null, recipientTeam: null };

  it('says forbidden, naming the action, when the record may be read but not acted on', () => {
    const error = refusal(() => ensureCan(caseworker, 'accept', 'Referral', mine));
    expect(error).toMatchObject({ code: 'forbidden', extensions: { rule: 'Referral.accept' } });
    expect(error.detail?.en).toBe("Your role does not allow 'accept' on this Referral");
    expect(error.detail?.pt).toBe("A sua função não permite 'accept' neste recurso (Referral)");
  });

  it('says not found when the record may not even be read, so its existence is not disclosed', () => {
    const error = refusal(() => ensureCan(caseworker, 'accept', 'Referral', { ...mine, agencyId: C, assignedUserId: COLLEAGUE }));
    expect(error).toMatchObject({ code: 'not_found', detail: { en: 'No such Referral', pt: 'Recurso inexistente (Referral)' } });
    // It names the rule it was refused by, as every refusal does; the name says nothing of the record.
    expect(error.extensions).toEqual({ rule: 'Referral.accept' });
    const unread = refusal(() => ensureCan(caseworker, 'read', 'Referral', { ...mine, assignedUserId: COLLEAGUE }));
    expect(unread.code).toBe('not_found');
    expect(() => ensureCan(caseworker, 'send', 'Referral', mine)).not.toThrow();
  });

  it('refuses a creation as forbidden, naming the type', () => {
    const error = refusal(() => ensureCanCreate(caseworker, 'User', { agencyId: A, id: '' }));
    expect(error).toMatchObject({ code: 'forbidden', extensions: { rule: 'User.create' }, detail: { en: 'Your role does not allow creating a User here', pt: 'A sua função não permite criar este recurso (User) aqui' } });
    expect(() => ensureCanCreate(caseworker, 'Subject', { agencyId: A, id: '', assignedUserId: ME, team: null, createdBy: ME, consentedCategories: [] })).not.toThrow();
  });

  it('says not found unless the principal may know the record exists: it reads it, or reads of it', () => {
    const subject = { agencyId: A, id: 's', assignedUserId: COLLEAGUE, team: null, createdBy: COLLEAGUE, consentedCategories: [] };
    const privacy = defineAbilityFor({ kind: 'user', id: ME, agencyId: A, roles: ['privacy_officer'] });
    expect(mayKnow(privacy, 'Subject', subject)).toBe(true);
    expect(mayKnow(privacy, 'Subject', { ...subject, agencyId: B })).toBe(false);
    expect(mayKnow(caseworker, 'Subject', subject)).toBe(false);
    expect(mayKnow(caseworker, 'Subject', { ...subject, assignedUserId: ME })).toBe(true);
    const forbidden = { en: 'Not this', pt: 'Isto não' };
    expect(refusalOn(privacy, 'Subject', subject, 'role.no_case_data', forbidden)).toMatchObject({ code: 'forbidden', detail: forbidden, extensions: { rule: 'role.no_case_data' } });
    expect(refusalOn(caseworker, 'Subject', subject, 'need_to_know', forbidden)).toMatchObject({
      code: 'not_found',
      detail: { en: 'No such Subject', pt: 'Recurso inexistente (Subject)' },
      extensions: { rule: 'need_to_know' },
    });
    // ensureCan follows the same rule: the privacy officer may know the subject, so a refusal is forbidden.
    expect(refusal(() => ensureCan(privacy, 'update', 'Subject', subject)).code).toBe('forbidden');
  });

  it('refuses a list as forbidden, naming the type', () => {
    const error = refusal(() => ensureCanList(caseworker, 'AccessEvent', { agencyId: A, owningAgencyId: null }));
    expect(error).toMatchObject({ code: 'forbidden', extensions: { rule: 'AccessEvent.list' }, detail: { en: 'Your role does not allow listing AccessEvent records', pt: 'A sua função não permite listar estes recursos (AccessEvent)' } });
    expect(() => ensureCanList(caseworker, 'Event', { agencyId: A })).not.toThrow();
  });
});

describe('rules as a condition tree, for lists in SQL', () => {
  it('is the conditions of the rules, or null when no rule grants anything', () => {
    const privacy = defineAbilityFor({ kind: 'user', id: ME, agencyId: A, roles: ['privacy_officer'] });
    expect(rulesFilter(privacy, 'read', 'AccessEvent')).toEqual({
      operator: 'or',
      value: [
        { operator: 'eq', field: 'owningAgencyId', value: A },
        { operator: 'eq', field: 'agencyId', value: A },
      ],
    });
    expect(rulesFilter(defineAbilityFor({ kind: 'user', id: ME, agencyId: A, roles: ['caseworker'] }), 'read', 'AccessEvent')).toBeNull();
  });
});
