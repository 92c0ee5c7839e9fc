import { PonteError } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { defineAbilityFor, ensureCan, ensureCanCreate, ensureCanList, tag, type Principal } from './index';

const IOM = 'agency-iom';
const UNHCR = 'agency-unhcr';
const person = (roles: string[], agencyId = IOM, id = 'me'): Principal => ({ kind: 'user', id, agencyId, roles });
const operator: Principal = { kind: 'hub_operator', id: 'op', roles: ['hub_operator'] };

function outcome(run: () => void): 'allow' | 'forbidden' | 'not_found' {
  try {
    run();
    return 'allow';
  } catch (error) {
    if (error instanceof PonteError && (error.code === 'forbidden' || error.code === 'not_found')) return error.code;
    throw error;
  }
}

describe('the ability of each principal', () => {
  const table: Array<[string, Principal, () => (p: Principal) => void, 'allow' | 'forbidden' | 'not_found']> = [
    ['operator creates an agency', operator, () => (p) => ensureCanCreate(defineAbilityFor(p), 'Agency', { id: 'x' }), 'allow'],
    ['admin creates an agency', person(['agency_admin']), () => (p) => ensureCanCreate(defineAbilityFor(p), 'Agency', { id: 'x' }), 'forbidden'],
    ['operator creates an agreement', operator, () => (p) => ensureCanCreate(defineAbilityFor(p), 'Agreement', { agencyId: IOM, recipientAgencyId: UNHCR }), 'allow'],
    ['caseworker creates an agreement', person(['caseworker']), () => (p) => ensureCanCreate(defineAbilityFor(p), 'Agreement', { agencyId: IOM, recipientAgencyId: UNHCR }), 'forbidden'],
    ['sender reads its agreement', person(['caseworker']), () => (p) => ensureCan(defineAbilityFor(p), 'read', 'Agreement', { agencyId: IOM, recipientAgencyId: UNHCR }), 'allow'],
    ['recipient reads the agreement', person(['caseworker'], UNHCR), () => (p) => ensureCan(defineAbilityFor(p), 'read', 'Agreement', { agencyId: IOM, recipientAgencyId: UNHCR }), 'allow'],
    ['a third agency reads it', person(['agency_admin'], 'agency-pgr'), () => (p) => ensureCan(defineAbilityFor(p), 'read', 'Agreement', { agencyId: IOM, recipientAgencyId: UNHCR }), 'not_found'],
    ['a party terminates it', person(['agency_admin']), () => (p) => ensureCan(defineAbilityFor(p), 'terminate', 'Agreement', { agencyId: IOM, recipientAgencyId: UNHCR }), 'forbidden'],
    ['admin creates a user in its agency', person(['agency_admin']), () => (p) => ensureCanCreate(defineAbilityFor(p), 'User', { agencyId: IOM, id: '' }), 'allow'],
    ['admin creates a user in another agency', person(['agency_admin']), () => (p) => ensureCanCreate(defineAbilityFor(p), 'User', { agencyId: UNHCR, id: '' }), 'forbidden'],
    ['admin disables a user of another agency', person(['agency_admin']), () => (p) => ensureCan(defineAbilityFor(p), 'disable', 'User', { agencyId: UNHCR, id: 'u' }), 'not_found'],
    ['caseworker lists users', person(['caseworker']), () => (p) => ensureCanList(defineAbilityFor(p), 'User', { agencyId: IOM, id: '' }), 'forbidden'],
    ['caseworker reads itself', person(['caseworker']), () => (p) => ensureCan(defineAbilityFor(p), 'read', 'User', { agencyId: IOM, id: 'me' }), 'allow'],
    ['caseworker reads a colleague', person(['caseworker']), () => (p) => ensureCan(defineAbilityFor(p), 'read', 'User', { agencyId: IOM, id: 'other' }), 'not_found'],
    ['caseworker disables itself', person(['caseworker']), () => (p) => ensureCan(defineAbilityFor(p), 'disable', 'User', { agencyId: IOM, id: 'me' }), 'forbidden'],
    ['operator lists users', operator, () => (p) => ensureCanList(defineAbilityFor(p), 'User', { agencyId: IOM, id: '' }), 'forbidden'],
    ['operator reads an API client', operator, () => (p) => ensureCan(defineAbilityFor(p), 'read', 'ApiClient', { agencyId: IOM, id: 'c' }), 'not_found'],
    ['API client with admin role revokes a client of its agency', { kind: 'client', id: 'c1', agencyId: IOM, roles: ['agency_admin'] }, () => (p) => ensureCan(defineAbilityFor(p), 'revoke', 'ApiClient', { agencyId: IOM, id: 'c2' }), 'allow'],
  ];

  it.each(table)('%s', (_name, principal, check, expected) => {
    expect(outcome(() => check()(principal))).toBe(expected);
  });

  it('names the rule that denied, and never another agency', () => {
    try {
      ensureCanCreate(defineAbilityFor(person(['caseworker'])), 'User', { agencyId: IOM, id: '' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PonteError);
      expect((error as PonteError).extensions).toEqual({ rule: 'User.create' });
    }
  });
});

describe('the retention job (a system principal of one agency)', () => {
  const job: Principal = { kind: 'system', id: 'run-1', agencyId: IOM, roles: [] };
  const subject = (agencyId: string) => ({ agencyId, id: 's', assignedUserId: 'someone', team: 'case-team', createdBy: 'someone', consentedCategories: ['identity'] });

  it('erases any subject of its agency, by the rule retention.due, and none of another agency', () => {
    const ability = defineAbilityFor(job);
    expect(outcome(() => ensureCan(ability, 'erase', 'Subject', subject(IOM)))).toBe('allow');
    expect(ability.relevantRuleFor('erase', tag('Subject', subject(IOM)))?.reason).toBe('retention.due');
    expect(outcome(() => ensureCan(ability, 'erase', 'Subject', subject(UNHCR)))).toBe('not_found');
  });

  it('reads nothing of a subject, and neither sets nor reads a retention schedule', () => {
    const ability = defineAbilityFor(job);
    for (const field of ['summary', 'identity']) expect(ability.can('read', tag('Subject', subject(IOM)), field)).toBe(false);
    expect(ability.can('update', tag('Retention', { agencyId: IOM }))).toBe(false);
    expect(ability.can('read', tag('Retention', { agencyId: IOM }))).toBe(false);
    expect(ability.can('read', tag('AccessEvent', { agencyId: IOM, owningAgencyId: IOM }))).toBe(false);
  });
});

describe('retention schedules', () => {
  it('the privacy officer sets it, the administrator reads it, nobody else of the agency, and no one of another', () => {
    const may = (p: Principal, action: 'read' | 'update', agencyId = IOM) => defineAbilityFor(p).can(action, tag('Retention', { agencyId }));
    expect([may(person(['privacy_officer']), 'update'), may(person(['privacy_officer']), 'read')]).toEqual([true, true]);
    expect([may(person(['agency_admin']), 'update'), may(person(['agency_admin']), 'read')]).toEqual([false, true]);
    for (const role of ['caseworker', 'supervisor', 'intake_focal_point', 'child_protection_officer']) expect(may(person([role]), 'read'), role).toBe(false);
    expect(may({ kind: 'client', id: 'c', agencyId: IOM, roles: ['privacy_officer', 'agency_admin'] }, 'read')).toBe(false);
    expect(may(person(['privacy_officer']), 'read', UNHCR)).toBe(false);
    expect(may(operator, 'read')).toBe(false);
  });
});
