import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { label } from './i18n';

/**
 * Every action the verbs write into the access log reads as words in the console, in both
 * languages. The actions are found where the verbs name them (`action: '…'`, the action a subject
 * or a consent is loaded for, the privacy officer's guard), not listed again here.
 */
const CORE = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'core', 'src');

function loggedActions(): Set<string> {
  const actions = new Set<string>();
  for (const entry of readdirSync(CORE, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/\baction: '([a-z_]+)'/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/load(?:Subject|Consent)\([^)]*?'([a-z_]+)'(?:, '(?:share|update)')?\)/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/ensurePrivacyOfficer\(ctx, log, '([a-z_]+)'/g)) actions.add(m[1]!);
  }
  return actions;
}

describe('the access log’s actions in words', () => {
  const actions = [...loggedActions()].sort();

  it('finds the actions the verbs log (the scan itself works)', () => {
    for (const known of ['read', 'list_consents', 'verify', 'flags', 'subject_report']) expect(actions).toContain(known);
  });

  // An action without an entry shows as its code; Portuguese words are never the English code.
  it.each(actions)('%s reads as words in English and Portuguese', (action) => {
    expect(label('pt', 'accessAction', action)).not.toBe(action);
    expect(label('en', 'accessAction', action)).toMatch(/^[a-z ]+$/);
  });
});
