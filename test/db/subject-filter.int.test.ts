import { consentsBySubject } from '@ponte/core';
import {
  findAgencyBySlug,
  findUserByUsername,
  findWithdrawals,
  listConsentsOfSubjects,
  subjectFilter,
  withoutTenant,
  withTenant,
  type NewConsent,
  type NewSubject,
} from '@ponte/db';
import { defineAbilityFor, rulesFilter, tag, type Principal, type SubjectRecord } from '@ponte/policy';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Lists push the policy into SQL. This property test holds the SQL filter and `can()` to the
 * same answer on generated subjects: random owners, assignees, teams, registrars, and consents
 * in every state (active, withdrawn, expired, superseded, not yet valid).
 */
const CATEGORIES = ['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal'] as const;
const RECORDS = 1000;
const AT = new Date('2026-11-27T10:00:00Z');
const DAY = 86400_000;

let database: TestDatabase;
let agencies: Record<'iom' | 'unhcr', string>;
let users: Record<string, { id: string; team: string | null }>;
const CLIENT_ID = randomUUID();
let records: SubjectRecord[] = [];

const subjectArb = fc.record({
  agency: fc.constantFrom('iom' as const, 'unhcr' as const),
  assignee: fc.constantFrom('caseworker', 'caseworker2', 'supervisor', null),
  team: fc.constantFrom('case-team', 'outreach', null),
  registrar: fc.constantFrom('caseworker', 'client', 'supervisor'),
  consents: fc.array(
    fc.record({
      categories: fc.subarray([...CATEGORIES], { minLength: 1 }),
      state: fc.constantFrom('active', 'withdrawn', 'expired', 'superseded', 'not_yet_valid'),
      legalBasis: fc.constantFrom('consent', 'vital_interests', 'public_task'),
    }),
    { maxLength: 3 },
  ),
});

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  agencies = await withoutTenant(db, 'hub', async (tx) => ({ iom: (await findAgencyBySlug(tx, 'iom'))!.id, unhcr: (await findAgencyBySlug(tx, 'unhcr'))!.id }));
  users = {};
  for (const agency of ['iom', 'unhcr'] as const)
    for (const username of ['caseworker', 'caseworker2', 'supervisor', 'child-protection', 'privacy']) {
      const user = await withTenant(db, agencies[agency], (tx) => findUserByUsername(tx, username), 'authenticator');
      users[`${agency}/${username}`] = { id: user!.id, team: user!.team };
    }

  const generated = fc.sample(subjectArb, { numRuns: RECORDS, seed: 20261127 });
  for (const agency of ['iom', 'unhcr'] as const) {
    const mine = generated.filter((g) => g.agency === agency);
    const subjects: NewSubject[] = [];
    const consents: NewConsent[] = [];
    const withdrawals: Array<{ consent_id: string }> = [];
    for (const g of mine) {
      const id = randomUUID();
      const registrar = g.registrar === 'client' ? CLIENT_ID : users[`${agency}/${g.registrar}`]!.id;
      subjects.push({
        agency_id: agencies[agency],
        id,
        reference: `P-${id.slice(0, 8).toUpperCase()}`,
        assigned_user_id: g.assignee ? users[`${agency}/${g.assignee}`]!.id : null,
        team: g.team,
        identity: JSON.stringify({}),
        created_by: registrar,
        created_at: AT,
        updated_at: AT,
      });
      for (const c of g.consents) {
        const consentId = randomUUID();
        const window =
          c.state === 'expired' ? [AT.getTime() - 30 * DAY, AT.getTime() - DAY] : c.state === 'not_yet_valid' ? [AT.getTime() + DAY, AT.getTime() + 30 * DAY] : [AT.getTime() - DAY, AT.getTime() + 30 * DAY];
        const base = {
          agency_id: agencies[agency],
          consent_id: consentId,
          subject_id: id,
          granted_by: 'subject' as const,
          method: 'written' as const,
          language: 'pt',
          interpreter_used: false,
          purposes: ['protection_assistance'],
          legal_basis: c.legalBasis,
          recipient_agency_ids: [],
          recorded_by: registrar,
          recorded_at: AT,
        };
        consents.push({ ...base, version: 1, categories: c.categories, valid_from: new Date(window[0]!), valid_until: new Date(window[1]!) });
        if (c.state === 'superseded')
          consents.push({ ...base, version: 2, categories: ['legal'], valid_from: new Date(AT.getTime() - 30 * DAY), valid_until: new Date(AT.getTime() - DAY) });
        if (c.state === 'withdrawn') withdrawals.push({ consent_id: consentId });
      }
    }
    await withTenant(
      db,
      agencies[agency],
      async (tx) => {
        for (let i = 0; i < subjects.length; i += 200) await tx.insertInto('subjects').values(subjects.slice(i, i + 200)).execute();
        for (let i = 0; i < consents.length; i += 200) await tx.insertInto('consents').values(consents.slice(i, i + 200)).execute();
        if (withdrawals.length)
          await tx
            .insertInto('consent_withdrawals')
            .values(withdrawals.map((w) => ({ agency_id: agencies[agency], consent_id: w.consent_id, requested_by: 'subject', method: 'written', reason: 'test', withdrawn_by: users[`${agency}/caseworker`]!.id, withdrawn_at: AT })))
            .execute();
      },
      'user',
    );
    // The records as the policy sees them, with consent state computed the way reads compute it.
    const rows = await withTenant(db, agencies[agency], (tx) => tx.selectFrom('subjects').selectAll().execute(), 'user');
    const state = await withTenant(
      db,
      agencies[agency],
      async (tx) => {
        const consentRows = await listConsentsOfSubjects(tx, agencies[agency]!, rows.map((r) => r.id));
        return consentsBySubject(consentRows, await findWithdrawals(tx, agencies[agency]!, [...new Set(consentRows.map((r) => r.consent_id))]), AT);
      },
      'user',
    );
    records.push(
      ...rows.map((r) => ({
        agencyId: r.agency_id,
        id: r.id,
        assignedUserId: r.assigned_user_id,
        team: r.team,
        createdBy: r.created_by,
        consentedCategories: state.get(r.id)?.consentedCategories ?? [],
      })),
    );
  }
}, 180_000);
afterAll(() => database?.close());

function principals(): Array<{ name: string; principal: Principal; team?: string | null }> {
  const user = (agency: 'iom' | 'unhcr', username: string, roles: string[]) => ({
    name: `${agency}/${username}`,
    principal: { kind: 'user' as const, id: users[`${agency}/${username}`]!.id, agencyId: agencies[agency], roles },
    team: users[`${agency}/${username}`]!.team,
  });
  return [
    user('iom', 'caseworker', ['caseworker']),
    user('iom', 'caseworker2', ['caseworker']),
    user('iom', 'supervisor', ['supervisor']),
    user('iom', 'child-protection', ['child_protection_officer', 'caseworker']),
    user('iom', 'privacy', ['privacy_officer']),
    user('unhcr', 'caseworker', ['caseworker']),
    user('unhcr', 'supervisor', ['supervisor']),
    { name: 'iom/client', principal: { kind: 'client', id: CLIENT_ID, agencyId: agencies.iom, roles: ['caseworker'] } },
    { name: 'operator', principal: { kind: 'hub_operator', id: randomUUID(), roles: ['hub_operator'] } },
  ];
}

describe('the SQL list filter and can() agree', () => {
  it(`on ${RECORDS} generated subjects, for every rule set, with random break-glass grants`, async () => {
    expect(records.length).toBe(RECORDS);
    const ids = records.map((r) => r.id);
    const sets = principals();
    const counts: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sets), fc.subarray(ids, { maxLength: 40 }), fc.boolean(), async (who, grants, withGrants) => {
        const facts = { team: who.team ?? null, breakGlassSubjectIds: withGrants && who.principal.kind === 'user' ? grants : [] };
        const ability = defineAbilityFor(who.principal, facts);
        // As the owner, without row-level security: the filter alone must do the work.
        const sqlIds = (await database.db.selectFrom('subjects').select('id').where(subjectFilter(rulesFilter(ability, 'read', 'Subject'), AT)).execute())
          .map((r) => r.id)
          .sort();
        const canIds = records.filter((r) => ability.can('read', tag('Subject', r))).map((r) => r.id).sort();
        expect(sqlIds).toEqual(canIds);
        // And per category: the subjects where this category may be read are those SQL finds with it consented.
        for (const category of CATEGORIES) {
          const readable = records.filter((r) => ability.can('read', tag('Subject', r), category)).map((r) => r.id);
          for (const id of readable) expect(canIds).toContain(id);
        }
        counts[who.name] = (counts[who.name] ?? 0) + 1;
      }),
      { numRuns: 60, seed: 42 },
    );
    console.log(`SQL filter vs can(): ${RECORDS} subjects × ${Object.values(counts).reduce((a, b) => a + b, 0)} rule sets (${Object.entries(counts).map(([k, v]) => `${k}×${v}`).join(', ')})`);
  }, 180_000);

  it('computes "active consent" in SQL as reads compute it', async () => {
    const { hasActiveConsentFor } = await import('@ponte/db');
    for (const category of CATEGORIES) {
      const sqlIds = (await database.db.selectFrom('subjects').select('id').where(hasActiveConsentFor(category, AT)).execute()).map((r) => r.id).sort();
      const jsIds = records.filter((r) => r.consentedCategories.includes(category)).map((r) => r.id).sort();
      expect(sqlIds).toEqual(jsIds);
    }
  });
});
