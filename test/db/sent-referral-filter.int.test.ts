import { findAgencyBySlug, findUserByUsername, sentReferralFilter, withoutTenant, withTenant } from '@ponte/db';
import { defineAbilityFor, rulesFilter, tag, type Principal, type ReferralRecord } from '@ponte/policy';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertReferredSubject } from '../support/referral-rows';

/**
 * Counts of sent referrals push the policy into SQL, reading the need-to-know of each referral's
 * subject. This property test holds that filter and `can()` to the same answer on generated
 * referrals an agency sent: every status, drafts too, about subjects assigned to anyone or no one,
 * of any team or none, registered by a person or by the agency's system.
 */
const RECORDS = 300;
const STATUSES = ['draft', 'sent', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn'] as const;

let database: TestDatabase;
let iom: string;
let unhcr: string;
const client = randomUUID();
const people: Record<string, string> = {};
const sent: Array<{ id: string; record: ReferralRecord }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  [iom, unhcr] = await withoutTenant(db, 'hub', async (tx) => [(await findAgencyBySlug(tx, 'iom'))!.id, (await findAgencyBySlug(tx, 'unhcr'))!.id]);
  for (const username of ['caseworker', 'caseworker2', 'supervisor', 'focal-point', 'privacy'])
    people[username] = (await withTenant(db, iom, (tx) => findUserByUsername(tx, username), 'authenticator'))!.id;
  const shapes = fc.sample(
    fc.record({
      status: fc.constantFrom(...STATUSES),
      assignee: fc.constantFrom('caseworker', 'caseworker2', 'supervisor', null),
      team: fc.constantFrom('case-team', 'outreach', null),
      registrar: fc.constantFrom('caseworker', 'focal-point', 'client'),
    }),
    { numRuns: RECORDS, seed: 20261204 },
  );
  const at = new Date();
  await withTenant(
    db,
    iom,
    async (tx) => {
      for (const shape of shapes) {
        const subject = { assignedUserId: shape.assignee ? people[shape.assignee]! : null, createdBy: shape.registrar === 'client' ? client : people[shape.registrar]! };
        const { referralId: id } = await insertReferredSubject(tx, { agencyId: iom, recipientAgencyId: unhcr, status: shape.status, ...subject, team: shape.team, at });
        // As the sending side's policy sees its referral: with its subject's need-to-know.
        const record: ReferralRecord = { agencyId: iom, recipientAgencyId: unhcr, status: shape.status, assignedUserId: subject.assignedUserId, team: shape.team, createdBy: subject.createdBy, recipientAssigneeId: null, recipientTeam: null };
        sent.push({ id, record });
      }
    },
    'user',
  );
}, 120_000);
afterAll(() => database?.close());

describe('the sent-referral SQL filter and can() agree', () => {
  it(`on ${RECORDS} generated referrals, for every reader of the sending agency`, async () => {
    const user = (username: string, roles: string[]): Principal => ({ kind: 'user', id: people[username]!, agencyId: iom, roles });
    const readers: Array<{ principal: Principal; team: string | null }> = [
      { principal: user('caseworker', ['caseworker']), team: 'case-team' },
      { principal: user('caseworker2', ['caseworker']), team: 'outreach' },
      { principal: user('supervisor', ['supervisor']), team: 'case-team' },
      { principal: user('focal-point', ['intake_focal_point']), team: null },
      { principal: user('privacy', ['privacy_officer']), team: null },
      { principal: { kind: 'client', id: client, agencyId: iom, roles: ['caseworker', 'intake_focal_point'] }, team: null },
      { principal: { kind: 'user', id: randomUUID(), agencyId: iom, roles: ['agency_admin'] }, team: null },
      // Another agency's reader: the sender's referrals are not in its outbox, whatever its role.
      { principal: { kind: 'user', id: randomUUID(), agencyId: unhcr, roles: ['privacy_officer', 'supervisor'] }, team: 'case-team' },
    ];
    const sizes = new Set<number>();
    for (const { principal, team } of readers) {
      const ability = defineAbilityFor(principal, { team });
      // As the owner, without row-level security: the filter alone must do the work.
      const fromSql = (
        await database.db
          .selectFrom('referrals')
          .leftJoin('subjects', (join) => join.onRef('subjects.agency_id', '=', 'referrals.agency_id').onRef('subjects.id', '=', 'referrals.subject_id'))
          .select('referrals.id')
          .where('referrals.agency_id', '=', iom)
          .where(sentReferralFilter(rulesFilter(ability, 'read', 'Referral')))
          .execute()
      )
        .map((r) => r.id)
        .sort();
      const fromCan = sent.filter((r) => ability.can('read', tag('Referral', r.record))).map((r) => r.id).sort();
      expect(fromSql).toEqual(fromCan);
      sizes.add(fromCan.length);
    }
    // None, some, all: the readers see different sets, so the property is not vacuous.
    expect(sizes.size).toBeGreaterThanOrEqual(4);
  });
});
