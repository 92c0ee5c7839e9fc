import { createMongoAbility } from '@casl/ability';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { recordFigures } from '../support/figures';
import { runMatrix } from './access-matrix';

/**
 * The matrix can fail: with one rule of the policy swapped for a careless one (caseworkers read
 * every subject of their agency, need-to-know forgotten), it must find the leaks.
 */
vi.mock('@ponte/policy', async (original) => {
  const policy = await original<typeof import('@ponte/policy')>();
  return {
    ...policy,
    defineAbilityFor: (principal: Parameters<typeof policy.defineAbilityFor>[0], facts?: Parameters<typeof policy.defineAbilityFor>[1]) => {
      const ability = policy.defineAbilityFor(principal, facts);
      if (!principal.roles.includes('caseworker') || !principal.agencyId) return ability;
      const careless = ['identity', 'contact', 'summary'].map((field) => ({ action: 'read', subject: 'Subject', fields: [field], conditions: { agencyId: principal.agencyId } }));
      return createMongoAbility([...ability.rules, ...careless] as never);
    },
  };
});

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

describe('the access matrix with a broken rule', () => {
  it('finds the leaks the broken rule opens', async () => {
    const result = await runMatrix(hub);
    console.log(`access matrix with a broken rule: ${result.leaks.length} leaks found in ${result.cells} cells`);
    recordFigures('broken-matrix', { cells: result.cells, leaks: result.leaks.length });
    expect(result.leaks.length).toBeGreaterThan(0);
    expect(result.leaks).toContainEqual(expect.objectContaining({ route: 'GET /v1/subjects/{id}', who: 'iomColleague', personalData: true }));
  }, 120_000);
});
