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

describe('what a key does, in the API description', () => {
  type Responses = Record<string, { description: string; headers?: Record<string, unknown> }>;
  const keyed = () => operations().filter(({ operation }) => idempotencyKeyOf(operation.parameters)) as Array<{ method: string; path: string; operation: { responses: Responses } }>;

  it('every operation that takes Idempotency-Key documents Idempotent-Replayed on what it replays, and the 422 and 409 of the key', () => {
    expect(keyed().length).toBeGreaterThan(20);
    for (const { method, path, operation } of keyed()) {
      const where = `${method} ${path}`;
      const { responses } = operation;
      for (const [status, response] of Object.entries(responses))
        if (status.startsWith('2')) expect({ where, status, headers: Object.keys(response.headers ?? {}) }).toMatchObject({ headers: expect.arrayContaining(['Idempotent-Replayed']) });
      expect({ where, headers: Object.keys(responses['429']?.headers ?? {}) }).not.toMatchObject({ headers: expect.arrayContaining(['Idempotent-Replayed']) });
      expect({ where, description: responses['422']?.description }).toMatchObject({ description: expect.stringContaining('`idempotency_key_reused`') });
      expect({ where, description: responses['409']?.description }).toMatchObject({ description: expect.stringContaining('`idempotency_in_flight`') });
    }
  });

  it('no operation without the key says it replays', () => {
    for (const { operation } of operations().filter(({ operation }) => !idempotencyKeyOf(operation.parameters))) {
      const responses = ((operation as { responses?: Responses }).responses ?? {}) as Responses;
      for (const response of Object.values(responses)) expect(Object.keys(response.headers ?? {})).not.toContain('Idempotent-Replayed');
      expect(responses['422']?.description ?? '').not.toContain('idempotency_key_reused');
    }
  });
});
