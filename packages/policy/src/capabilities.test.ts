import { describe, expect, it } from 'vitest';
import type { PolicyFacts, Principal } from './records';
import { capabilitiesFor, type Capabilities, type Capability } from './capabilities';

const IOM = 'agency-iom';
const person = (roles: string[], id = 'me'): Principal => ({ kind: 'user', id, agencyId: IOM, roles });
const NONE: Capabilities = {
  workOnCases: false,
  sendReferrals: false,
  breakGlass: false,
  triageReceived: false,
  workReceived: false,
  reviewAccessLog: false,
  administerAgency: false,
  operateHub: false,
  seeFigures: false,
  seeRetention: false,
  setRetention: false,
};
const only = (...granted: Capability[]): Capabilities => ({ ...NONE, ...Object.fromEntries(granted.map((c) => [c, true])) });
const CASEWORK: Capability[] = ['workOnCases', 'sendReferrals', 'breakGlass', 'workReceived'];

// The demo network's principals, as its seed creates them.
const table: Array<[string, Principal, PolicyFacts, Capabilities]> = [
  ['caseworker', person(['caseworker']), { team: 'case-team' }, only(...CASEWORK)],
  ['supervisor with a team', person(['supervisor']), { team: 'case-team' }, only(...CASEWORK, 'triageReceived', 'seeFigures')],
  ['supervisor without a team', person(['supervisor']), {}, only(...CASEWORK, 'triageReceived', 'seeFigures')],
  ['intake focal point', person(['intake_focal_point']), {}, only('triageReceived', 'seeFigures')],
  ['privacy officer', person(['privacy_officer']), {}, only('reviewAccessLog', 'seeFigures', 'seeRetention', 'setRetention')],
  ['agency administrator', person(['agency_admin']), {}, only('administerAgency', 'seeFigures', 'seeRetention')],
  ['child-protection officer', person(['child_protection_officer', 'caseworker']), { team: 'case-team' }, only(...CASEWORK)],
  // An agency's system works on what it brought in and triages; it neither breaks the glass nor is assigned work.
  ['API client', { kind: 'client', id: 'client-1', agencyId: IOM, roles: ['caseworker', 'intake_focal_point'] }, {}, only('workOnCases', 'sendReferrals', 'triageReceived', 'seeFigures')],
  ['hub operator', { kind: 'hub_operator', id: 'op', roles: ['hub_operator'] }, {}, only('operateHub')],
  ['a user with no role', person([]), {}, NONE],
  ['a user without an agency', { kind: 'user', id: 'me', roles: ['caseworker', 'agency_admin', 'privacy_officer'] }, {}, NONE],
];

describe('capabilitiesFor', () => {
  it.each(table)('%s', (_name, principal, facts, expected) => {
    expect(capabilitiesFor(principal, facts)).toEqual(expected);
  });

  it('lets a supervisor triage what the agency received, as the policy says', () => {
    expect(capabilitiesFor(person(['supervisor']), { team: 'case-team' }).triageReceived).toBe(true);
  });

  it('names a role nowhere: an unknown role grants nothing, however it is spelled', () => {
    expect(capabilitiesFor(person(['Supervisor', 'hub_operator', 'admin']))).toEqual(NONE);
  });
});
