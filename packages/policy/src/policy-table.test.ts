import { afterAll, describe, expect, it } from 'vitest';
import { defineAbilityFor, tag, type PolicyFacts, type Principal, type SubjectRecord } from './index';
import { consentStatus, decideReferral, explainReferredRead, explainSubjectRead, grantingRule, isAcceptedReferral, viewKind, type ConsentState } from './index';

/**
 * The policy as a table: every role × own or other agency × assigned or not × consent active,
 * withdrawn or expired × category, with the decision the rules of the design give. The oracle
 * below is written from those rules, not from the code.
 */
const OWN = 'agency-own';
const OTHER = 'agency-other';
const ME = 'user-me';
const COLLEAGUE = 'user-colleague';
const TEAM = 'case-team';
const CATEGORIES = ['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal'] as const;
/** What the consent in the table covers: some categories, so the category dimension matters. */
const COVERED = ['identity', 'contact', 'location', 'protection', 'health'];

const ROLES = [
  'caseworker',
  'supervisor',
  'child_protection_officer',
  'intake_focal_point',
  'privacy_officer',
  'agency_admin',
  'hub_operator',
  'api_client_caseworker',
] as const;
type Role = (typeof ROLES)[number];
type ConsentCase = 'active' | 'withdrawn' | 'expired';

function principalFor(role: Role): { principal: Principal; facts: PolicyFacts } {
  if (role === 'hub_operator') return { principal: { kind: 'hub_operator', id: 'operator', roles: ['hub_operator'] }, facts: {} };
  if (role === 'api_client_caseworker') return { principal: { kind: 'client', id: ME, agencyId: OWN, roles: ['caseworker'] }, facts: {} };
  return { principal: { kind: 'user', id: ME, agencyId: OWN, roles: [role] }, facts: { team: TEAM } };
}

/** "Assigned" means: assigned to the principal (or, for a supervisor, to the principal's team; for a client, registered by it). */
function recordFor(agency: string, assigned: boolean, consent: ConsentCase): SubjectRecord {
  return {
    agencyId: agency,
    id: 'subject-1',
    assignedUserId: assigned ? ME : COLLEAGUE,
    team: assigned ? TEAM : 'other-team',
    createdBy: assigned ? ME : COLLEAGUE,
    consentedCategories: consent === 'active' ? COVERED : [],
  };
}

function expected(role: Role, agency: string, assigned: boolean, consent: ConsentCase, category: string): 'allow' | 'deny' {
  const caseRole = ['caseworker', 'supervisor', 'child_protection_officer', 'api_client_caseworker'].includes(role);
  return caseRole && agency === OWN && assigned && consent === 'active' && COVERED.includes(category) ? 'allow' : 'deny';
}

const rows: Array<[Role, string, boolean, ConsentCase, string]> = [];
for (const role of ROLES)
  for (const agency of [OWN, OTHER])
    for (const assigned of [true, false])
      for (const consent of ['active', 'withdrawn', 'expired'] as const)
        for (const category of CATEGORIES) rows.push([role, agency, assigned, consent, category]);

let checked = 0;
let allowed = 0;

describe('the policy table', () => {
  it.each(rows)('%s · %s · assigned=%s · consent %s · %s', (role, agency, assigned, consent, category) => {
    const { principal, facts } = principalFor(role);
    const record = recordFor(agency, assigned, consent);
    const ability = defineAbilityFor(principal, facts);
    const decision = ability.can('read', tag('Subject', record), category) ? 'allow' : 'deny';
    const want = expected(role, agency, assigned, consent, category);
    expect(decision).toBe(want);
    // The explanation the API and the access log give agrees with the decision, and names a rule.
    const states: Partial<Record<string, ConsentState>> = Object.fromEntries(CATEGORIES.map((c) => [c, COVERED.includes(c) ? consent : 'absent']));
    const explained = explainSubjectRead(principal, ability, record, category, states);
    expect(explained.decision).toBe(want);
    if (want === 'deny' && agency === OTHER && role !== 'hub_operator') expect(explained.rule).toBe('tenant_isolation');
    if (want === 'deny' && agency === OWN && assigned && consent !== 'active' && COVERED.includes(category) && role === 'caseworker')
      expect(explained.rule).toBe(`consent.${consent}`);
    checked += 1;
    if (decision === 'allow') allowed += 1;
  });

  afterAll(() => {
    console.log(`policy table: ${checked} decisions checked (${allowed} allowed, ${checked - allowed} denied)`);
  });
});

describe('other rules of the policy', () => {
  it('lets break-glass read (never write) a subject outside need-to-know, still under consent', () => {
    const principal: Principal = { kind: 'user', id: ME, agencyId: OWN, roles: ['caseworker'] };
    const record = recordFor(OWN, false, 'active');
    const ability = defineAbilityFor(principal, { breakGlassSubjectIds: [record.id] });
    expect(ability.can('read', tag('Subject', record), 'identity')).toBe(true);
    expect(ability.can('update', tag('Subject', record), 'identity')).toBe(false);
    expect(ability.can('read', tag('Subject', record), 'legal')).toBe(false);
    expect(explainSubjectRead(principal, ability, record, 'identity').rule).toBe('break_glass');
  });

  it('gives the hub operator nothing on case data, consents or the access log', () => {
    const ability = defineAbilityFor({ kind: 'hub_operator', id: 'op', roles: ['hub_operator'] });
    expect(ability.can('read', tag('Consent', { agencyId: OWN, subjectId: 's', assignedUserId: null, team: null, createdBy: 'x', grantedBy: 'subject' }))).toBe(false);
    expect(ability.can('read', tag('AccessEvent', { agencyId: OWN, owningAgencyId: OWN }))).toBe(false);
    expect(ability.can('create', tag('Subject', recordFor(OWN, true, 'active')))).toBe(false);
  });

  it('reserves best-interests determinations to child-protection officers', () => {
    const consent = { agencyId: OWN, subjectId: 's', assignedUserId: ME, team: TEAM, createdBy: ME, grantedBy: 'best_interests_determination' };
    expect(defineAbilityFor({ kind: 'user', id: ME, agencyId: OWN, roles: ['caseworker'] }).can('create', tag('Consent', consent))).toBe(false);
    expect(defineAbilityFor({ kind: 'user', id: ME, agencyId: OWN, roles: ['child_protection_officer'] }).can('create', tag('Consent', consent))).toBe(true);
  });

  it('lets privacy officers read consents and the access log, and no personal data', () => {
    const ability = defineAbilityFor({ kind: 'user', id: ME, agencyId: OWN, roles: ['privacy_officer'] });
    expect(ability.can('read', tag('AccessEvent', { agencyId: OWN, owningAgencyId: null }))).toBe(true);
    expect(ability.can('read', tag('AccessEvent', { agencyId: OTHER, owningAgencyId: OWN }))).toBe(true);
    expect(ability.can('read', tag('AccessEvent', { agencyId: OTHER, owningAgencyId: OTHER }))).toBe(false);
    for (const category of CATEGORIES) expect(ability.can('read', tag('Subject', recordFor(OWN, true, 'active')), category)).toBe(false);
  });
});

/**
 * What a receiving agency reads of a referred subject, as a table: role × the referral's recipient
 * × assignment × status × consent × agreement × what the sender shared × category. The oracle is
 * the design's rule: only the assigned caseworker (or the supervisor of its team) of the receiving
 * agency, only while the referral is accepted or in progress, only the categories the sender
 * shared that an active consent naming the recipient and an agreement in force both still allow.
 */
describe('the policy table for referred subjects', () => {
  const TODAY = '2026-12-04';
  const NOW = new Date(`${TODAY}T10:00:00+02:00`);
  const PURPOSE = 'protection_services';
  const CONSENTED = ['identity', 'contact', 'health', 'protection'];
  const AGREED = ['identity', 'health', 'protection', 'legal'];
  const SHARED = ['identity', 'contact', 'health', 'legal'];
  const STATUSES = ['draft', 'sent', 'accepted', 'in_progress', 'declined', 'completed', 'withdrawn'] as const;
  const ASSIGNMENTS = ['me', 'my_team', 'nobody_i_know'] as const;

  const rows: Array<[Role, string, (typeof ASSIGNMENTS)[number], (typeof STATUSES)[number], boolean, boolean, string]> = [];
  for (const role of ROLES)
    for (const recipient of [OWN, OTHER])
      for (const assignment of ASSIGNMENTS)
        for (const status of STATUSES)
          for (const consentHolds of [true, false])
            for (const agreementInForce of [true, false]) for (const category of CATEGORIES) rows.push([role, recipient, assignment, status, consentHolds, agreementInForce, category]);

  function expectedRule(role: Role, recipient: string, assignment: string, status: string, consentHolds: boolean, agreementInForce: boolean, category: string): string {
    const worksCases = ['caseworker', 'supervisor', 'child_protection_officer'].includes(role);
    const assigned = recipient === OWN && worksCases && (assignment === 'me' || (assignment === 'my_team' && role === 'supervisor'));
    if (!assigned) return 'referral.not_assigned';
    if (!['accepted', 'in_progress'].includes(status)) return 'referral.not_open';
    if (!consentHolds) return 'referral.consent_inactive';
    if (!agreementInForce) return 'referral.agreement_not_in_force';
    if (!(SHARED.includes(category) && CONSENTED.includes(category) && AGREED.includes(category))) return 'referral.category_not_shared';
    return 'referral.shared';
  }

  let decided = 0;
  it.each(rows)('%s · to %s · assigned to %s · %s · consent %s · agreement %s · %s', (role, recipient, assignment, status, consentHolds, agreementInForce, category) => {
    const { principal, facts } = principalFor(role);
    const ability = defineAbilityFor(principal, facts);
    const decision = decideReferral(
      {
        offeredServices: undefined,
        agreements: [{ status: 'active', validFrom: '2026-01-01', validUntil: agreementInForce ? '2027-12-31' : '2026-06-30', purposes: [PURPOSE], categories: AGREED }],
        consent: { subjectId: 'subject-1', status: consentHolds ? consentStatus({ version: 1, validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' }, 1, false, NOW) : consentStatus({ version: 1, validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' }, 1, true, NOW), recipientAgencyIds: [recipient], purposes: [PURPOSE], categories: CONSENTED },
      },
      { subjectId: 'subject-1', recipientId: recipient, service: 'psychosocial_support', purpose: PURPOSE, categories: SHARED },
      TODAY,
    );
    const record = {
      recipientAgencyId: recipient,
      recipientAssigneeId: assignment === 'me' ? ME : COLLEAGUE,
      recipientTeam: assignment === 'my_team' ? TEAM : 'other-team',
      open: isAcceptedReferral(status),
      readableCategories: decision.shared,
    };
    const want = expectedRule(role, recipient, assignment, status, consentHolds, agreementInForce, category);
    expect(ability.can('read', tag('ReferredSubject', record), category)).toBe(want === 'referral.shared');
    expect(explainReferredRead(ability, record, category, decision)).toBe(want);
    decided += 1;
  });

  afterAll(() => console.log(`policy table for referred subjects: ${decided} decisions checked`));
});

/** Which view of a referral each side gets, as the design states it, for every status. */
describe('the view of a referral', () => {
  const STATUSES = ['draft', 'sent', 'accepted', 'in_progress', 'declined', 'completed', 'withdrawn'] as const;
  const cases = STATUSES.flatMap((status) => (['sender', 'receiver'] as const).flatMap((side) => [true, false].map((detail) => [side, status, detail] as const)));
  it.each(cases)('%s side · %s · may read beyond metadata: %s', (side, status, detail) => {
    const open = ['draft', 'sent', 'accepted', 'in_progress'].includes(status);
    const want = side === 'sender' ? (detail ? 'sender' : 'metadata') : !open ? 'metadata' : ['accepted', 'in_progress'].includes(status) && detail ? 'receiver' : 'triage';
    expect(viewKind(side, status, detail)).toBe(want);
  });
});

/** Who reads the access log: the privacy officers of the agency that acted or that owns the data, nobody else. */
describe('the policy table for the access log', () => {
  const cases = ROLES.flatMap((role) => [OWN, OTHER].flatMap((acting) => [OWN, OTHER, null].map((owning) => [role, acting, owning] as const)));
  it.each(cases)('%s · event by %s · data of %s', (role, acting, owning) => {
    const { principal, facts } = principalFor(role);
    const ability = defineAbilityFor(principal, facts);
    const want = role === 'privacy_officer' && (acting === OWN || owning === OWN);
    expect(ability.can('read', tag('AccessEvent', { agencyId: acting, owningAgencyId: owning }))).toBe(want);
    expect(grantingRule(ability, 'read', 'AccessEvent', { agencyId: acting, owningAgencyId: owning })).toBe(want ? 'privacy_officer.review' : null);
  });
});
