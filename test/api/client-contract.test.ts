import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { driftReport, GENERATED_PATH, liveDocument, renderTypes } from '@ponte/client/generator';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * The SDK's types are the API's: the committed packages/client/src/generated/openapi.ts must be
 * what `pnpm client:generate` makes from the document the hub serves now. A change to the API
 * fails here until the types are regenerated, and then the type-check fails wherever the SDK's
 * users (the API tests among them) no longer fit.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let document: Record<string, unknown>;
beforeAll(async () => {
  document = await liveDocument();
}, 120_000);

describe("the SDK's generated types", () => {
  it('are what the live OpenAPI document gives', async () => {
    const committed = readFileSync(resolve(ROOT, GENERATED_PATH), 'utf8');
    const report = driftReport(committed, await renderTypes(document));
    expect(report, report).toBeUndefined();
  });

  it('are checked closely enough to catch a renamed query parameter, and say how to fix it', async () => {
    const live = await renderTypes(document);
    const changed = structuredClone(document) as { paths: Record<string, { get: { parameters: Array<{ name: string; in: string }> } }> };
    const limit = changed.paths['/v1/events']!.get.parameters.find((p) => p.in === 'query' && p.name === 'limit')!;
    limit.name = 'pageSize';
    const report = driftReport(live, await renderTypes(changed));
    expect(report).toContain('run `pnpm client:generate`');
    expect(report).toMatch(/^\s*\d+ - \s*limit\?: number;$/m);
    expect(report).toMatch(/^\s*\d+ \+ \s*pageSize\?: number;$/m);
  });
});
