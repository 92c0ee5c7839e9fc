import { CASE_ROLES, needToKnowScopes, type PolicyFacts, type Principal, type ReferredSubjectRecord, type SubjectRecord } from './ability';

export type ConsentState = 'active' | 'withdrawn' | 'expired' | 'superseded' | 'not_yet_valid' | 'absent';

/**
 * Which rule decides a read of one category of a subject's personal data, in the words the
 * API and the access log use. Mirrors `defineAbilityFor`; a test holds the two to agreement.
 * `consentStates` says, per category, why no active consent covers it.
 */
export function explainSubjectRead(
  principal: Principal,
  facts: PolicyFacts,
  record: SubjectRecord,
  category: string,
  consentStates: Partial<Record<string, ConsentState>> = {},
): { decision: 'allow' | 'deny'; rule: string } {
  if (principal.kind === 'hub_operator') return deny('hub_operator.no_case_data');
  if (record.agencyId !== principal.agencyId) return deny('tenant_isolation');
  if (!principal.roles.some((r) => (CASE_ROLES as readonly string[]).includes(r))) return deny('role.no_case_data');
  const { work, breakGlass } = needToKnowScopes(principal, facts);
  const scope = [...work, ...breakGlass].find((s) => matches(record, s.conditions));
  if (!scope) return deny('need_to_know');
  if (!record.consentedCategories.includes(category)) {
    const state = consentStates[category] ?? 'absent';
    return deny(`consent.${state === 'active' ? 'absent' : state}`);
  }
  return { decision: 'allow', rule: scope.rule };
}

const deny = (rule: string) => ({ decision: 'deny' as const, rule });

/**
 * The need-to-know rule under which the principal works on a subject (or its consents), for the
 * access log: assigned, team, registered by the client, or break-glass. Null when none applies.
 */
export function needToKnowRule(
  principal: Principal,
  facts: PolicyFacts,
  record: { id?: string; subjectId?: string; assignedUserId: string | null; team: string | null; createdBy: string },
): string | null {
  const { work, breakGlass } = needToKnowScopes(principal, facts);
  const subject = { ...record, id: record.id ?? record.subjectId } as unknown as SubjectRecord;
  return [...work, ...breakGlass].find((s) => matches(subject, s.conditions))?.rule ?? null;
}

function matches(record: SubjectRecord, conditions: Record<string, unknown>): boolean {
  return Object.entries(conditions).every(([key, expected]) => {
    const actual = (record as unknown as Record<string, unknown>)[key];
    if (expected && typeof expected === 'object' && '$in' in expected) return (expected.$in as unknown[]).includes(actual);
    return actual === expected;
  });
}

/**
 * Why a receiving agency may or may not read a category of a referred subject. Mirrors the
 * `ReferredSubject` rules of `defineAbilityFor`: the assignee, or the supervisor of its team.
 */
export function explainReferredRead(
  principal: Principal,
  facts: PolicyFacts,
  record: Pick<ReferredSubjectRecord, 'recipientAssigneeId' | 'recipientTeam' | 'open'>,
  state: { shared: boolean; consentActive: boolean; agreementInForce: boolean },
): string {
  const onCases = principal.kind === 'user' && principal.roles.some((r) => (CASE_ROLES as readonly string[]).includes(r));
  const assigned =
    (onCases && record.recipientAssigneeId === principal.id) ||
    (principal.roles.includes('supervisor') && !!facts.team && record.recipientTeam === facts.team);
  if (!assigned) return 'referral.not_assigned';
  if (!record.open) return 'referral.not_open';
  if (!state.consentActive) return 'referral.consent_inactive';
  if (!state.agreementInForce) return 'referral.agreement_not_in_force';
  if (!state.shared) return 'referral.category_not_shared';
  return 'referral.shared';
}

/**
 * What a receiving agency may read of a referred subject now: the categories the sender shared,
 * that an active consent still covers and the agreement in force still allows.
 */
export function readableReferredCategories(shared: readonly string[], consentCategories: readonly string[], agreementCategories: readonly string[]): string[] {
  return shared.filter((c) => consentCategories.includes(c) && agreementCategories.includes(c));
}
