import { describe, expect, it } from 'vitest';
import { dueOf, ruleFor } from './retention-view';

const DAY = 86_400_000;
const closed = (lastService: string | null) => ({ id: '00000000-0000-4000-8000-000000000001', reference: 'IOM-1', last_service: lastService, closed_since: new Date('2026-01-01T00:00:00Z') });
const rules = [
  { service: null, periodDays: 60, action: 'erase' as const },
  { service: 'shelter', periodDays: 40, action: 'anonymise' as const },
];

describe('retention rules', () => {
  it('a case falls under the rule for its last referral’s service, else the default; none, no rule', () => {
    expect(ruleFor(rules, 'shelter')).toBe(rules[1]);
    expect(ruleFor(rules, 'legal_aid')).toBe(rules[0]);
    expect(ruleFor(rules, null)).toBe(rules[0]);
    expect(ruleFor([rules[1]!], 'legal_aid')).toBeUndefined();
  });

  it('is due its period after it closed, never before the legal minimum', () => {
    expect(dueOf(closed('shelter'), rules, 30)).toMatchObject({ service: 'shelter', periodDays: 40, action: 'anonymise', dueAt: new Date(Date.parse('2026-01-01T00:00:00Z') + 40 * DAY).toISOString() });
    // A minimum the operator raised above the rule lengthens it.
    expect(dueOf(closed('shelter'), rules, 50)).toMatchObject({ periodDays: 50, dueAt: new Date(Date.parse('2026-01-01T00:00:00Z') + 50 * DAY).toISOString() });
    expect(dueOf(closed('legal_aid'), [rules[1]!], 0)).toBeUndefined();
  });
});
