import { RULE_CODES } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { describeRule, pluralForm, RULE_WORDS, ruleText } from './rules';

/**
 * Every rule the hub can name is one `RuleCode` of the closed set in contracts; the compiler holds
 * every place that names a rule (the API's problems, the access log, the policy's `because`) to
 * that set, and the tables of words to its parts. Here: each of them reads as words in both
 * languages, and nothing else does.
 */
describe('rules in words', () => {
  it.each([...RULE_CODES])('%s reads as words in English and Portuguese', (rule) => {
    const en = describeRule('en', rule);
    const pt = describeRule('pt', rule);
    expect(en, `no English words for ${rule}`).toBeTruthy();
    expect(pt, `no Portuguese words for ${rule}`).toBeTruthy();
    expect(pt).not.toBe(en);
    expect(en).not.toBe(rule);
  });

  it('has words for the rule codes and for nothing else', () => {
    expect(Object.keys(RULE_WORDS).sort()).toEqual([...new Set(RULE_CODES)].sort());
    expect(new Set(RULE_CODES).size).toBe(RULE_CODES.length);
  });

  it('shows an unknown rule, or an older record’s, as its code rather than inventing words', () => {
    expect(describeRule('pt', 'something.else')).toBeUndefined();
    expect(ruleText('pt', 'something.else')).toBe('something.else');
    expect(describeRule('en', 'Nothing.read')).toBeUndefined();
    expect(ruleText('en', 'list.3_subjects')).toBe('list.3_subjects');
  });

  it('reads a list or count by what it covered', () => {
    expect(ruleText('pt', 'list.subjects')).toBe('titulares listados');
    expect(ruleText('en', 'count.referrals')).toBe('referrals counted');
  });

  it('counts with each language’s plural rules: European Portuguese makes 0 plural, as English does', () => {
    expect([0, 1, 2].map((n) => pluralForm('pt', n))).toEqual(['other', 'one', 'other']);
    expect([0, 1, 2].map((n) => pluralForm('en', n))).toEqual(['other', 'one', 'other']);
  });
});
