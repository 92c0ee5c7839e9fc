import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSENT_STATUSES } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { describeRule, pluralForm, ruleText } from './rules';

/**
 * Every rule the hub can name has words in both languages. The rules are found where they are
 * written, not listed again here: each string literal the policy and the verbs put in a rule
 * position, and each family of rules (`referral.<step>_not_allowed`, `<Type>.<action>`, ...)
 * instantiated with every value its parts can take.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Literal rules: `rule: '…'`, `rule ?? '…'` and `? '…' : '…'` where a rule is chosen, the rule a
 * refusal names (`refusalOn(…, 'rule', …)`, `subjectNotFound('rule')`), and what the explainers return.
 */
function literalRules(): Set<string> {
  const rules = new Set<string>();
  // A rule is dotted or snake_case (`need_to_know`); an action beside it in a ternary (`review`) is neither.
  const add = (literal: string | undefined) => literal && /^[a-z_]+(\.[a-z_]+)*$/.test(literal) && /[._]/.test(literal) && rules.add(literal);
  for (const file of [...sources(join(ROOT, 'packages/core/src')), ...sources(join(ROOT, 'packages/policy/src'))]) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      for (const m of line.matchAll(/\brule:\s*'([^']+)'/g)) add(m[1]);
      for (const m of line.matchAll(/\b(?:subject|referral|consent)NotFound\('([^']+)'\)/g)) add(m[1]);
      for (const m of line.matchAll(/refusalOn\(\w+, '[A-Za-z]+', [\w.]+, '([^']+)'/g)) add(m[1]);
      if (/\brule\b/.test(line)) {
        for (const m of line.matchAll(/\?\?\s*'([^']+)'/g)) add(m[1]);
        for (const m of line.matchAll(/\?\s*'([^']+)'\s*:\s*'([^']+)'/g)) (add(m[1]), add(m[2]));
      }
      if (file.endsWith('explain.ts')) for (const m of line.matchAll(/return '([^']+)'/g)) add(m[1]);
    }
  }
  return rules;
}

/** The set of values a union type's table in the policy or the contracts holds. */
const STEPS = ['send', 'accept', 'decline', 'assign', 'start', 'complete', 'withdraw'];
const TYPES = ['Event', 'Webhook', 'Figures', 'Subject', 'Referral', 'ReferredSubject', 'Consent', 'AccessEvent', 'Agency', 'AgencyServices', 'Agreement', 'User', 'ApiClient'];
const ACTIONS = ['read', 'create', 'update', 'disable', 'revoke', 'terminate', 'manage', 'assign', 'withdraw', 'break_glass', 'send', 'accept', 'decline', 'start', 'complete', 'know', 'list'];
const TOKEN_REJECTIONS = ['malformed', 'algorithm', 'type', 'signature', 'expired', 'not_yet_valid', 'issuer', 'audience', 'claims', 'unknown_consent'];
const SEND_CHECKS = ['recipient_offers_service', 'agreement_in_force', 'known_consent', 'consent_names_recipient', 'consent_covers_purpose', 'shared_categories_empty', ...CONSENT_STATUSES.map((s) => `consent_${s}`)];

function familyRules(): string[] {
  return [
    ...STEPS.flatMap((s) => [`referral.${s}_not_allowed`, `referral.${s}`]),
    ...['triage', 'receiver', 'sender', 'metadata'].map((v) => `referral.view.${v}`),
    ...SEND_CHECKS.map((c) => `referral.${c}`),
    ...TOKEN_REJECTIONS.map((r) => `receipt.${r}`),
    // explain.ts: `consent.${state}` for every consent state but active, and `absent`.
    ...[...CONSENT_STATUSES.filter((s) => s !== 'active'), 'absent'].map((s) => `consent.${s}`),
    ...TYPES.flatMap((type) => ACTIONS.map((action) => `${type}.${action}`)),
    ...[0, 1, 2, 21].flatMap((n) => [`list.${n}_subjects`, `list.${n}_referrals`, `count.${n}_subjects`, `count.${n}_referrals`]),
  ];
}

describe('rules in words', () => {
  const literals = literalRules();

  it('finds the rules in the sources (the scan itself works)', () => {
    for (const known of ['need_to_know', 'consent.withdraw', 'referral.category_not_shared', 'role.not_privacy_officer', 'tenant_isolation', 'break_glass.granted']) expect(literals).toContain(known);
  });

  it.each([...literals].sort())('%s reads as words in English and Portuguese', (rule) => {
    expect(describeRule('en', rule), `no words for ${rule}`).toBeTruthy();
    expect(describeRule('pt', rule), `no words for ${rule}`).toBeTruthy();
    expect(describeRule('pt', rule)).not.toBe(describeRule('en', rule));
  });

  it('reads every member of every family of rules in both languages', () => {
    const missing = familyRules().filter((rule) => !describeRule('en', rule) || !describeRule('pt', rule));
    expect(missing).toEqual([]);
  });

  it('shows an unknown rule as its code rather than inventing words', () => {
    expect(describeRule('pt', 'something.else')).toBeUndefined();
    expect(ruleText('pt', 'something.else')).toBe('something.else');
    expect(describeRule('en', 'Nothing.read')).toBeUndefined();
  });

  it('counts with each language’s plural rules: European Portuguese makes 0 plural, as English does', () => {
    expect(ruleText('pt', 'list.1_subjects')).toBe('1 titular listado');
    expect(ruleText('pt', 'list.0_subjects')).toBe('0 titulares listados');
    expect(ruleText('en', 'count.1_referrals')).toBe('1 referral counted');
    expect(ruleText('en', 'count.2_referrals')).toBe('2 referrals counted');
    expect([0, 1, 2].map((n) => pluralForm('pt', n))).toEqual(['other', 'one', 'other']);
  });
});
