import { afterAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { recordFigures } from '../support/figures';
import { expectNoLeaks, expectOneNamePerDenial, runMatrix, type MatrixState } from './access-matrix';

const hubs: TestHub[] = [];
afterAll(() => Promise.all(hubs.map((h) => h.close())));

describe('the access matrix', () => {
  it.each<MatrixState>(['consent_active', 'consent_withdrawn', 'consent_expired', 'referral_completed'])(
    'holds for every route and every kind of principal, with the %s',
    async (state) => {
      let offset = 0;
      const hub = await createTestHub({ now: () => new Date(Date.now() + offset) });
      hubs.push(hub);
      const result = await runMatrix(hub, state, (ms) => {
        offset += ms;
      });
      console.log(`access matrix (${state}): ${result.routes} routes, ${result.cells} cells run, ${result.skipped} left to the flow tests, ${result.leaks.length} leaks`);
      recordFigures('matrix', { state, cells: result.cells, leaks: result.leaks.length });
      expect(result.cells).toBeGreaterThan(500);
      expectNoLeaks(result);
      expectOneNamePerDenial(result);
    },
    120_000,
  );
});
