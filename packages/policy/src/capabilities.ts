import { tag, type PolicyFacts, type Principal } from './records';
import { defineAbilityFor } from './rules';

/**
 * What a principal may do, in broad strokes, for a surface to decide what to offer (menus, the
 * figures of a home page). Each answer is the ability's own, asked about a representative record
 * of the principal's agency; every page and verb behind it still asks about the real record.
 */
export interface Capabilities {
  /** Work on the agency's own cases: the subjects assigned to it (or its team), their consents. */
  workOnCases: boolean;
  /** Refer a subject it works on to another agency, and follow what it sent. */
  sendReferrals: boolean;
  /** Break the glass: read a subject outside need-to-know, with a justification. */
  breakGlass: boolean;
  /** Triage what the agency received: accept, decline, assign. */
  triageReceived: boolean;
  /** Work a received referral assigned to it: start and complete it. */
  workReceived: boolean;
  /** Review the agency's access log and its flags. */
  reviewAccessLog: boolean;
  /** Administer the agency: its users, API clients and webhooks. */
  administerAgency: boolean;
  /** Run the network: agencies, their services and the agreements between them. */
  operateHub: boolean;
  /** Read the agency's referral figures. */
  seeFigures: boolean;
  /** Read the agency's retention schedule, its forecast and its runs. */
  seeRetention: boolean;
  /** Set the agency's retention schedule. */
  setRetention: boolean;
}

export type Capability = keyof Capabilities;

/** Stands for "some other agency" in the questions below: no agency has this id. */
const ELSEWHERE = '\u0000another-agency';

/**
 * The capabilities of a principal: `defineAbilityFor(principal, facts)` asked about records of its
 * own agency, assigned to it (or to its team), so the answers follow the policy and nothing else.
 */
export function capabilitiesFor(principal: Principal, facts: PolicyFacts = {}): Capabilities {
  const ability = defineAbilityFor(principal, facts);
  // The hub operator has no agency: its questions name none, and no agency rule can match them.
  const agencyId = principal.agencyId ?? '';
  const team = facts.team ?? null;
  // A subject of the agency that need-to-know gives this principal: assigned to it, or brought in by it.
  const ownCase = { agencyId, id: '', assignedUserId: principal.id, team, createdBy: principal.id, consentedCategories: [] };
  const sent = { agencyId, recipientAgencyId: ELSEWHERE, status: 'draft', assignedUserId: principal.id, team, createdBy: principal.id, recipientAssigneeId: null, recipientTeam: null };
  const received = { agencyId: ELSEWHERE, recipientAgencyId: agencyId, status: 'sent', assignedUserId: null, team: null, createdBy: '', recipientAssigneeId: null, recipientTeam: null };
  const receivedForMe = { ...received, status: 'accepted', recipientAssigneeId: principal.id, recipientTeam: team };
  return {
    workOnCases: ability.can('read', tag('Subject', ownCase)),
    sendReferrals: ability.can('send', tag('Referral', sent)),
    breakGlass: ability.can('break_glass', tag('Subject', { ...ownCase, assignedUserId: null, team: null, createdBy: '' })),
    triageReceived: ability.can('accept', tag('Referral', received)),
    workReceived: ability.can('start', tag('Referral', receivedForMe)),
    reviewAccessLog: ability.can('read', tag('AccessEvent', { agencyId, owningAgencyId: null })),
    administerAgency: ability.can('create', tag('User', { agencyId, id: '' })),
    operateHub: ability.can('create', tag('Agency', { id: '' })),
    seeFigures: ability.can('read', tag('Figures', { agencyId })),
    seeRetention: ability.can('read', tag('Retention', { agencyId })),
    setRetention: ability.can('update', tag('Retention', { agencyId })),
  };
}
