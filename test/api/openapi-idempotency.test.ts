import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * The API description tells the truth about `Idempotency-Key`: every operation the idempotency
 * middleware acts on declares the header, and no other does. Which operations the middleware acts
 * on is asked of the hub itself: each operation is called with a key that is not well formed, and
 * only the middleware refuses it by naming the header.
 */

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
type Document = { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };

let hub: TestHub;
let doc: Document;
beforeAll(async () => {
  hub = await createTestHub();
  doc = (await (await hub.call('GET', '/openapi.json')).json()) as Document;
});
afterAll(() => hub?.close());

const operations = () => Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
const idempotencyKeyOf = (parameters: Parameter[] = []) => parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');

describe('Idempotency-Key in the API description', () => {
  it('is declared by exactly the operations the idempotency middleware acts on', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const covered: string[] = [];
    for (const { method, path } of operations()) {
      const url = path.replaceAll('{id}', randomUUID()).replaceAll('{slug}', 'iom');
      const res = await hub.call(method, url, { token, headers: { 'idempotency-key': 'not a key' } });
      const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { errors?: { in: string; field: string }[] }) : {};
      if (body.errors?.some((e) => e.in === 'header' && e.field === 'idempotency-key')) covered.push(`${method} ${path}`);
    }
    const declared = operations()
      .filter(({ operation }) => idempotencyKeyOf(operation.parameters))
      .map(({ method, path }) => `${method} ${path}`);

    expect(covered).toEqual(expect.arrayContaining(['POST /v1/subjects', 'POST /v1/subjects/{id}/consents', 'POST /v1/referrals', 'POST /v1/referrals/{id}/accept', 'POST /v1/agreements']));
    expect(declared.sort()).toEqual(covered.sort());
  });

  it('is one optional header, described the same way wherever it is declared', () => {
    const declared = operations().flatMap(({ operation }) => idempotencyKeyOf(operation.parameters) ?? []);
    expect(declared.length).toBeGreaterThan(20);
    for (const parameter of declared) expect(parameter).toEqual(declared[0]);
    expect(declared[0]).toMatchObject({ name: 'idempotency-key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 } });
  });
});
