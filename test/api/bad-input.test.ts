import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../support/counts';
import { createTestHub, type CallOptions, type TestHub } from '../support/hub';

let hub: TestHub;
let operator: string;
let admin: string;
let caseworker: string;

beforeAll(async () => {
  hub = await createTestHub({ bodyLimitBytes: 16 * 1024 });
  operator = await hub.login(undefined, 'operator');
  admin = await hub.tokenFor('iom', 'admin');
  caseworker = await hub.tokenFor('iom', 'caseworker');
});
afterAll(() => hub?.close());

interface Case {
  name: string;
  method: string;
  path: string;
  as?: 'operator' | 'admin' | 'caseworker' | 'none';
  options?: CallOptions;
  status: number;
  code: string;
  /** The field the problem must name, with the check that failed. */
  field?: { in: string; field: string; check: string };
}

const validAgency = { slug: 'new-cso', name: { en: 'New CSO', pt: 'Nova OSC' }, kind: 'civil_society' };
const validAgreement = {
  from: 'iom',
  to: 'unicef',
  purposes: ['protection_assistance'],
  categories: ['identity'],
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  documentRef: 'DSA-TEST',
};

const person = (givenName: string) => ({ identity: { givenName, familyName: 'Cossa', estimatedAge: 30, sex: 'male', languages: ['pt'] } });
/** A subject whose family category nests `depth` objects deep, as text (too deep for JSON.stringify). */
const nested = (depth: number) => JSON.stringify(person('Ana')).replace(/}$/, `,"family":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);

const cases: Case[] = [
  { name: 'an unknown field', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, surprise: true } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'surprise', check: 'unrecognized_keys' } },
  { name: 'an unknown nested field', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, name: { en: 'A', pt: 'B', fr: 'C' } } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'name.fr', check: 'unrecognized_keys' } },
  { name: 'a field of the wrong type', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, kind: 7 } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'kind', check: 'invalid_value' } },
  { name: 'a value outside a closed list', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, services: [{ service: 'shelter', province: 'MZ-XX' }] } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'services.0.province', check: 'invalid_value' } },
  { name: 'a duplicated service', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, services: [{ service: 'shelter', province: 'MZ-G' }, { service: 'shelter', province: 'MZ-G' }] } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'services', check: 'unique' } },
  { name: 'a slug that breaks the format', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, slug: 'Bad Slug!' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'slug', check: 'invalid_format' } },
  { name: 'a second factor for a role that does not exist', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, secondFactorRoles: ['boss'] } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'secondFactorRoles.0', check: 'invalid_value' } },
  { name: 'an administrator with a bad username', method: 'POST', path: '/v1/agencies/iom/administrators', as: 'operator', options: { json: { username: 'A B', displayName: 'Boss' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'username', check: 'invalid_format' } },
  { name: 'a short password on activation', method: 'POST', path: '/account/activate', as: 'none', options: { json: { agency: 'iom', username: 'caseworker', code: 'AAAAA-BBBBB-CCCCC-DDDDD', newPassword: 'short' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'newPassword', check: 'too_small' } },
  { name: 'a TOTP code that is not six digits', method: 'POST', path: '/account/second-factor/confirm', as: 'none', options: { json: { agency: 'iom', username: 'admin', ticket: 'x'.repeat(32), otp: '12ab56' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'otp', check: 'invalid_format' } },
  { name: 'an agreement ending before it starts', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, validUntil: '2025-01-01' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'validUntil', check: 'after_start' } },
  { name: 'an agreement with itself', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, to: 'iom' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'to', check: 'distinct_parties' } },
  { name: 'an agreement with no purpose', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, purposes: [] } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'purposes', check: 'too_small' } },
  { name: 'an agreement with an unknown category', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, categories: ['finances'] } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'categories.0', check: 'invalid_value' } },
  { name: 'an agreement with an unknown agency', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, to: 'nobody' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'to', check: 'known_agency' } },
  { name: 'an impossible date', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, validFrom: '2026-02-30' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'validFrom', check: 'invalid_format' } },
  { name: 'malformed JSON', method: 'POST', path: '/v1/agencies', as: 'operator', options: { body: '{"slug": ', headers: { 'content-type': 'application/json' } }, status: 400, code: 'malformed_body', field: { in: 'body', field: '', check: 'json' } },
  { name: 'a body that is not JSON', method: 'POST', path: '/v1/agencies', as: 'operator', options: { body: 'slug=x', headers: { 'content-type': 'text/plain' } }, status: 415, code: 'unsupported_media_type', field: { in: 'header', field: 'content-type', check: 'media_type' } },
  { name: 'an oversized body', method: 'POST', path: '/v1/agencies', as: 'operator', options: { json: { ...validAgency, name: { en: 'x'.repeat(20_000), pt: 'y' } } }, status: 413, code: 'payload_too_large', field: { in: 'body', field: '', check: 'max_size' } },
  { name: 'a bad path parameter', method: 'GET', path: '/v1/agreements/not-a-uuid', as: 'operator', status: 400, code: 'invalid_request', field: { in: 'path', field: 'id', check: 'invalid_format' } },
  { name: 'a bad path parameter on a write', method: 'POST', path: '/v1/users/123/disable', as: 'admin', status: 400, code: 'invalid_request', field: { in: 'path', field: 'id', check: 'invalid_format' } },
  { name: 'a query parameter out of range', method: 'GET', path: '/v1/agencies?limit=0', as: 'admin', status: 400, code: 'invalid_request', field: { in: 'query', field: 'limit', check: 'too_small' } },
  { name: 'a query parameter of the wrong type', method: 'GET', path: '/v1/agencies?limit=many', as: 'admin', status: 400, code: 'invalid_request', field: { in: 'query', field: 'limit', check: 'invalid_type' } },
  { name: 'an unknown query parameter', method: 'GET', path: '/v1/agencies?sort=name', as: 'admin', status: 400, code: 'invalid_request', field: { in: 'query', field: 'sort', check: 'unrecognized_keys' } },
  { name: 'a person’s file in a language the hub does not write', method: 'GET', path: '/v1/subjects/0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90/file?lang=fr', as: 'caseworker', status: 400, code: 'invalid_request', field: { in: 'query', field: 'lang', check: 'invalid_value' } },
  { name: 'a forged cursor', method: 'GET', path: '/v1/agencies?cursor=bm9wZQ', as: 'admin', status: 400, code: 'invalid_request', field: { in: 'query', field: 'cursor', check: 'cursor' } },
  { name: 'a cursor with a forged position', method: 'GET', path: `/v1/agreements?cursor=${Buffer.from(JSON.stringify({ createdAt: 'x', id: 'y' })).toString('base64url')}`, as: 'operator', status: 400, code: 'invalid_request', field: { in: 'query', field: 'cursor', check: 'cursor' } },
  { name: 'a date in year 0', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, validFrom: '0000-01-01' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'validFrom', check: 'in_range' } },
  { name: 'a date of birth in the future', method: 'POST', path: '/v1/subjects', as: 'admin', options: { json: { identity: { givenName: 'A', familyName: 'B', dateOfBirth: '2199-01-01', sex: 'male', languages: ['pt'] } } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'identity.dateOfBirth', check: 'not_in_future' } },
  { name: 'a country that is no country', method: 'POST', path: '/v1/subjects', as: 'admin', options: { json: { identity: { givenName: 'A', familyName: 'B', dateOfBirth: '2001-01-01', sex: 'male', nationality: 'XYZ', languages: ['pt'] } } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'identity.nationality', check: 'known_country' } },
  { name: 'an If-Match out of range', method: 'PATCH', path: '/v1/subjects/0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90', as: 'admin', options: { json: { contact: null }, headers: { 'if-match': '"99999999999"' } }, status: 400, code: 'invalid_request', field: { in: 'header', field: 'if-match', check: 'etag' } },
  { name: 'a directory query without a province', method: 'GET', path: '/v1/directory?service=shelter', as: 'admin', status: 400, code: 'invalid_request', field: { in: 'query', field: 'province', check: 'invalid_value' } },
  { name: 'no token', method: 'POST', path: '/v1/agencies', as: 'none', options: { json: validAgency }, status: 401, code: 'unauthenticated', field: { in: 'header', field: 'authorization', check: 'required' } },
  { name: 'a bad token', method: 'POST', path: '/v1/agencies', as: 'none', options: { json: validAgency, headers: { authorization: 'Bearer abc.def.ghi' } }, status: 401, code: 'invalid_token', field: { in: 'header', field: 'authorization', check: 'malformed' } },
  { name: 'a non-bearer scheme', method: 'POST', path: '/v1/users', as: 'none', options: { json: {}, headers: { authorization: 'Basic YTpi' } }, status: 401, code: 'invalid_token', field: { in: 'header', field: 'authorization', check: 'scheme' } },
  { name: 'a NUL character in text', method: 'POST', path: '/v1/agreements', as: 'operator', options: { json: { ...validAgreement, documentRef: 'DSA\u0000X' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'documentRef', check: 'no_nul_character' } },
  { name: 'a lone surrogate in a name', method: 'POST', path: '/v1/subjects', as: 'caseworker', options: { json: person('Ana\ud800') }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'identity.givenName', check: 'well_formed_unicode' } },
  { name: 'a lone low surrogate in an update', method: 'PATCH', path: '/v1/subjects/0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90', as: 'caseworker', options: { json: { contact: { phone: '+258 84\udc00' } } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'contact.phone', check: 'well_formed_unicode' } },
  { name: 'a lone surrogate in a key', method: 'POST', path: '/v1/subjects', as: 'caseworker', options: { json: { ...person('Ana'), ['x\ud83d']: 1 } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'x\ud83d', check: 'well_formed_unicode' } },
  { name: 'a body that is not UTF-8 (an overlong slash)', method: 'POST', path: '/v1/subjects', as: 'caseworker', options: { body: Buffer.concat([Buffer.from('{"identity":{"givenName":"A'), Buffer.from([0xc0, 0xaf]), Buffer.from('","familyName":"B","estimatedAge":3,"sex":"male","languages":["pt"]}}')]) as unknown as string, headers: { 'content-type': 'application/json' } }, status: 400, code: 'malformed_body', field: { in: 'body', field: '', check: 'utf8' } },
  { name: 'JSON nested deeper than any contract', method: 'POST', path: '/v1/subjects', as: 'caseworker', options: { body: nested(2_000), headers: { 'content-type': 'application/json' } }, status: 400, code: 'invalid_request', field: { in: 'body', check: 'max_depth' } as Case['field'] },
  { name: 'a NUL character in the query', method: 'GET', path: '/v1/agencies?limit=1%00', as: 'admin', status: 400, code: 'invalid_request', field: { in: 'query', field: 'limit', check: 'no_nul_character' } },
  { name: 'a number too large to be exact', method: 'POST', path: '/v1/subjects', as: 'caseworker', options: { body: JSON.stringify(person('Ana')).replace('"estimatedAge":30', '"estimatedAge":1e400'), headers: { 'content-type': 'application/json' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'identity.estimatedAge', check: 'invalid_type' } },
  { name: 'a webhook to a private address', method: 'POST', path: '/v1/webhook-endpoints', as: 'admin', options: { json: { url: 'http://169.254.169.254/latest/meta-data' } }, status: 400, code: 'invalid_request', field: { in: 'body', field: 'url', check: 'public_address' } },
  { name: 'an unknown route', method: 'GET', path: '/v1/nothing-here', as: 'admin', status: 404, code: 'not_found' },
];

describe('bad input gets a problem+json naming the field and the check, and writes nothing', () => {
  it.each(cases)('$name → $status $code', async (c) => {
    const before = await rowCounts(hub.database.db);
    const token = c.as === 'operator' ? operator : c.as === 'admin' ? admin : c.as === 'caseworker' ? caseworker : undefined;
    const res = await hub.call(c.method, c.path, { ...c.options, ...(token ? { token } : {}) });
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { type: string; title: string; status: number; code: string; requestId: string; errors?: Array<Record<string, string>> };
    expect(problem).toMatchObject({ status: c.status, code: c.code, type: `/problems/${c.code}` });
    expect(problem.title.length).toBeGreaterThan(0);
    expect(problem.requestId).toBe(res.headers.get('x-request-id'));
    if (c.field) expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining(c.field)]));
    expect(await rowCounts(hub.database.db)).toEqual(before);
  });

  it('answers in Portuguese when asked, field messages included', async () => {
    const res = await hub.call('POST', '/v1/agreements', {
      token: operator,
      json: { ...validAgreement, validUntil: '2020-01-01' },
      headers: { 'accept-language': 'pt-MZ, en;q=0.5' },
    });
    expect(res.headers.get('content-language')).toBe('pt');
    const problem = (await res.json()) as { title: string; errors: Array<{ field: string; message: string }> };
    expect(problem.title).toBe('O pedido não é válido');
    expect(problem.errors.find((e) => e.field === 'validUntil')?.message).toBe('não pode ser anterior a validFrom');
  });

  it('keeps values the caller sent out of the problem', async () => {
    const secretish = 'Maria-da-Silva-1987';
    const res = await hub.call('POST', '/v1/users', { token: admin, json: { username: secretish, displayName: 'x', password: secretish, roles: ['nope'] } });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(secretish);
  });
});
