import { afterAll, describe, expect, it } from 'vitest';
import { defineAbilityFor, tag, type PolicyFacts, type Principal, type SubjectRecord } from './index';
import { explainSubjectRead, type ConsentState } from './index';

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
