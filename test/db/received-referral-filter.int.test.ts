import { findAgencyBySlug, findUserByUsername, receivedReferralFilter, withoutTenant, withTenant } from '@ponte/db';
import { defineAbilityFor, rulesFilter, tag, type Principal, type ReferralRecord } from '@ponte/policy';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertReferredSubject } from '../support/referral-rows';

/**
 * Counts of received referrals push the policy into SQL. This property test holds that filter and
 * `can()` to the same answer on generated referrals an agency received: every status, assigned to
 * anyone of the agency or no one, for any team or none.
 */
const RECORDS = 400;
const STATUSES = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn'] as const;

let database: TestDatabase;
let iom: string;
let unhcr: string;
let users: Record<string, { id: string; team: string | null }>;
const records: Array<{ id: string; record: ReferralRecord }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  [iom, unhcr] = await withoutTenant(db, 'hub', async (tx) => [(await findAgencyBySlug(tx, 'iom'))!.id, (await findAgencyBySlug(tx, 'unhcr'))!.id]);
  users = {};
  for (const username of ['caseworker', 'caseworker2', 'supervisor', 'focal-point', 'privacy']) {
    const user = await withTenant(db, iom, (tx) => findUserByUsername(tx, username), 'authenticator');
    users[username] = { id: user!.id, team: user!.team };
  }
  const sender = (await withTenant(db, unhcr, (tx) => findUserByUsername(tx, 'caseworker'), 'authenticator'))!.id;
  const generated = fc.sample(
    fc.record({
      status: fc.constantFrom(...STATUSES),
      assignee: fc.constantFrom('caseworker', 'caseworker2', 'supervisor', null),
      team: fc.constantFrom('case-team', 'outreach', null),
    }),
    { numRuns: RECORDS, seed: 20261127 },
  );
  const now = new Date();
  await withTenant(
    db,
    unhcr,
    async (tx) => {
      for (const g of generated) {
        const { referralId: id } = await insertReferredSubject(tx, {
          agencyId: unhcr,
          recipientAgencyId: iom,
          status: g.status,
          createdBy: sender,
          recipientAssigneeId: g.assignee ? users[g.assignee]!.id : null,
          recipientTeam: g.team,
          at: now,
        });
        // As the receiving side's policy sees a received referral (the sender's subject is not its to see).
        records.push({
          id,
          record: {
            agencyId: unhcr,
            recipientAgencyId: iom,
            status: g.status,
            assignedUserId: null,
            team: null,
            createdBy: '',
            recipientAssigneeId: g.assignee ? users[g.assignee]!.id : null,
            recipientTeam: g.team,
          },
        });
      }
    },
    'user',
  );
}, 120_000);
afterAll(() => database?.close());

describe('the received-referral SQL filter and can() agree', () => {
  it(`on ${RECORDS} generated referrals, for every reader of the receiving agency`, async () => {
    const readers: Array<{ principal: Principal; team: string | null }> = [
      ...['caseworker', 'caseworker2'].map((u) => ({ principal: { kind: 'user' as const, id: users[u]!.id, agencyId: iom, roles: ['caseworker'] }, team: users[u]!.team })),
      { principal: { kind: 'user', id: users.supervisor!.id, agencyId: iom, roles: ['supervisor'] }, team: users.supervisor!.team },
      { principal: { kind: 'user', id: users['focal-point']!.id, agencyId: iom, roles: ['intake_focal_point'] }, team: null },
      { principal: { kind: 'user', id: users.privacy!.id, agencyId: iom, roles: ['privacy_officer'] }, team: null },
      { principal: { kind: 'client', id: randomUUID(), agencyId: iom, roles: ['caseworker'] }, team: null },
      { principal: { kind: 'user', id: randomUUID(), agencyId: iom, roles: ['agency_admin'] }, team: null },
    ];
    const seen = new Set<number>();
    for (const { principal, team } of readers) {
      const ability = defineAbilityFor(principal, { team });
      // As the owner, without row-level security: the filter alone must do the work.
      const sqlIds = (await database.db.selectFrom('referrals').select('id').where('recipient_agency_id', '=', iom).where(receivedReferralFilter(rulesFilter(ability, 'read', 'Referral'))).execute())
        .map((r) => r.id)
        .sort();
      const canIds = records.filter((r) => ability.can('read', tag('Referral', r.record))).map((r) => r.id).sort();
      expect(sqlIds).toEqual(canIds);
      seen.add(canIds.length);
    }
    // The readers see different sets: the property is not vacuous (none, some, all).
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });
});
