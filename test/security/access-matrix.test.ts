import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { expectNoLeaks, runMatrix } from './access-matrix';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

describe('the access matrix', () => {
  it('holds for every route of the OpenAPI document and every kind of principal', async () => {
    const result = await runMatrix(hub);
    console.log(`access matrix: ${result.routes} routes, ${result.cells} cells run, ${result.skipped} left to the flow tests, ${result.leaks.length} leaks`);
    expect(result.cells).toBeGreaterThan(500);
    expectNoLeaks(result);
  });
});
