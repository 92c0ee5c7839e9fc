import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { EVENT_TYPES, PING_EVENT_TYPE } from '@ponte/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';

/*
 * The API description is the integrator's contract. It is linted twice, both over every operation
 * the live document holds (no hand list of operations):
 * - by Redocly's linter with the repository's redocly.yaml (the rules `npx @redocly/cli lint` runs);
 * - by `contractProblems` below, for what no stock rule says: typed answers, the problem set, the
 *   headers (ETag, Location, Retry-After, WWW-Authenticate), If-Match's 412 and 428, both security
 *   schemes, the webhooks and the examples.
 */

type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; additionalProperties?: unknown; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; description?: string; example?: unknown };
type Media = { schema?: Schema; example?: unknown; examples?: Record<string, unknown> };
type Response = { description?: string; headers?: Record<string, unknown>; content?: Record<string, Media> };
type Parameter = { name: string; in: string; required?: boolean };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, Response>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; flows?: { clientCredentials?: { tokenUrl?: string; scopes?: object } } }> };
};

/** Public operations that answer no 4xx at all: the probes and the documents of the hub's keys and OAuth metadata. */
const NO_REFUSALS = new Set(['GET /healthz', 'GET /readyz', 'GET /.well-known/jwks.json', 'GET /.well-known/oauth-authorization-server']);

/** The token endpoint answers its refusals as RFC 6749 §5.2 says, `application/json`, never problem details. */
const OAUTH_ERRORS = new Set(['POST /oauth/token']);

/** The main operations, which carry examples an integrator can copy. */
const WITH_EXAMPLES = ['sendReferral', 'acceptReferral', 'recordConsent', 'registerSubject', 'listReferrals', 'issueToken'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, path, operation })),
  );

const resolve = (doc: Document, schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;

/** A schema that says nothing of its shape: `{}`, or an object with neither properties nor typed values. */
function isUntyped(doc: Document, given: Schema | undefined): boolean {
  const schema = resolve(doc, given);
  if (!schema) return true;
  if (schema.anyOf ?? schema.oneOf ?? schema.allOf) return (schema.anyOf ?? schema.oneOf ?? schema.allOf)!.some((s) => isUntyped(doc, s));
  if (schema.type === undefined) return true;
  if (schema.type === 'array') return isUntyped(doc, schema.items);
  if (schema.type === 'object')
    return !schema.properties && (schema.additionalProperties === undefined || schema.additionalProperties === true || (typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties as object).length === 0));
  return false;
}

/** Untyped at the top of an answer, or in any member (or item) at its first level. */
function untypedParts(doc: Document, given: Schema | undefined): string[] {
  if (isUntyped(doc, given)) return ['the body'];
  const schema = resolve(doc, given)!;
  const members = schema.type === 'array' ? Object.entries(resolve(doc, schema.items)?.properties ?? {}) : Object.entries(schema.properties ?? {});
  return members.flatMap(([name, member]) => (isUntyped(doc, member.type === 'array' ? member.items : member) ? [name] : []));
}

const hasHeader = (response: Response | undefined, name: string) => Object.keys(response?.headers ?? {}).some((h) => h.toLowerCase() === name.toLowerCase());
const refOf = (response: Response) => Object.values(response.content ?? {})[0]?.schema?.$ref?.replace('#/components/schemas/', '');
const hasExample = (doc: Document, media: Media | undefined) => media !== undefined && (media.example !== undefined || media.examples !== undefined || resolve(doc, media.schema)?.example !== undefined);

/** Everything the document fails of the contract, one sentence each; empty when it keeps it. */
function contractProblems(doc: Document): string[] {
  const problems: string[] = [];
  const operations = operationsOf(doc);

  // The records a change guards with If-Match: what they answer is versioned, and so is any answer that extends one.
  const guarded = new Set(
    operations.filter(({ operation }) => operation.parameters?.some((p) => p.in === 'header' && p.name === 'if-match')).flatMap(({ operation }) => Object.entries(operation.responses ?? {}).filter(([s]) => s.startsWith('2')).flatMap(([, r]) => refOf(r) ?? [])),
  );
  const versioned = new Set(
    Object.entries(doc.components.schemas)
      .filter(([name, schema]) => guarded.has(name) || [...guarded].some((g) => Object.keys(doc.components.schemas[g]?.properties ?? {}).every((p) => p in (schema.properties ?? {}))))
      .map(([name]) => name),
  );
  const gettable = new Set(operations.filter(({ where }) => where.startsWith('GET ')).map(({ path }) => path));

  const ids = new Map<string, string>();
  for (const { where, path, operation } of operations) {
    const say = (what: string) => problems.push(`${where}: ${what}`);
    const responses = operation.responses ?? {};
    const statuses = Object.keys(responses);

    if (!operation.operationId) say('no operationId');
    else if (!/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(operation.operationId)) say(`operationId ${operation.operationId} is not verbNoun camelCase`);
    else if (ids.has(operation.operationId)) say(`operationId ${operation.operationId} also names ${ids.get(operation.operationId)}`);
    else ids.set(operation.operationId, where);
    if (!operation.summary) say('no summary');
    if (!operation.description || operation.description.length < 80 || operation.description === operation.summary) say('no description (at least a few sentences beyond the summary)');

    const successes = statuses.filter((s) => s.startsWith('2'));
    if (successes.length === 0) say('no 2xx answer');
    for (const status of successes) {
      const content = responses[status]!.content ?? {};
      if (Object.keys(content).length === 0) say(`${status} has no body schema`);
      for (const [type, media] of Object.entries(content)) for (const part of untypedParts(doc, media.schema)) say(`${status} ${type}: ${part} is untyped`);
      if (versioned.has(refOf(responses[status]!) ?? '') && !hasHeader(responses[status], 'ETag')) say(`${status} answers a versioned record without ETag`);
    }
    if (responses['201'] && !hasHeader(responses['201'], 'Location') && [...gettable].some((p) => p.startsWith(`${path}/{`))) say('201 without Location, though the record made is read at a path below');

    const refusals = statuses.filter((s) => s.startsWith('4'));
    if (refusals.length === 0 && !NO_REFUSALS.has(where)) say('no 4xx answer');
    if (!OAUTH_ERRORS.has(where))
      for (const status of refusals) {
        const schema = responses[status]!.content?.['application/problem+json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Problem') say(`${status} is not application/problem+json with the Problem schema`);
      }

    if (path.startsWith('/v1/')) {
      const schemes = (operation.security ?? []).map((s) => Object.keys(s).join('+')).sort();
      if (JSON.stringify(schemes) !== JSON.stringify(['bearer', 'oauth2'])) say(`security is ${JSON.stringify(schemes)}, not bearer or oauth2`);
      if (!responses['401']) say('no 401');
      else if (!hasHeader(responses['401'], 'WWW-Authenticate')) say('401 without WWW-Authenticate');
      if (!responses['429']) say('no 429');
      if (!responses['503']) say('no 503');
    } else if (operation.security === undefined) say('security not said (public operations say `security: []`)');
    for (const status of ['429', '503']) if (responses[status] && path.startsWith('/v1/') && !hasHeader(responses[status], 'Retry-After')) say(`${status} without Retry-After`);

    const ifMatch = operation.parameters?.find((p) => p.in === 'header' && p.name === 'if-match');
    if (ifMatch && !responses['412']) say('takes If-Match but declares no 412');
    if (ifMatch?.required && !responses['428']) say('requires If-Match but declares no 428');
  }

  for (const id of WITH_EXAMPLES) {
    const found = operations.find(({ operation }) => operation.operationId === id);
    if (!found) {
      problems.push(`${id}: not in the document`);
      continue;
    }
    const { operation, where } = found;
    const request = Object.values(operation.requestBody?.content ?? {});
    const answers = Object.entries(operation.responses ?? {}).filter(([s]) => s.startsWith('2')).flatMap(([, r]) => Object.values(r.content ?? {}));
    if (request.length > 0 && !request.some((media) => hasExample(doc, media))) problems.push(`${where}: no request example`);
    if (!answers.some((media) => hasExample(doc, media))) problems.push(`${where}: no answer example`);
  }

  const problem = doc.components.schemas.Problem;
  for (const member of ['type', 'title', 'status', 'detail', 'instance', 'code', 'rule', 'errors', 'requestId'])
    if (!problem?.properties?.[member]?.description) problems.push(`Problem: member ${member} missing or undescribed`);

  const oauth2 = doc.components.securitySchemes.oauth2;
  if (oauth2?.type !== 'oauth2' || !oauth2.flows?.clientCredentials?.tokenUrl || !/^https?:\/\//.test(oauth2.flows.clientCredentials.tokenUrl)) problems.push('securitySchemes: no oauth2 client-credentials flow with an absolute token URL');

  const webhooks = doc.webhooks ?? {};
  for (const type of [...EVENT_TYPES, PING_EVENT_TYPE]) {
    const post = webhooks[type]?.post;
    if (!post) {
      problems.push(`webhooks: no ${type}`);
      continue;
    }
    if (!post.description || !post.operationId) problems.push(`webhooks ${type}: no description or operationId`);
    const body = resolve(doc, post.requestBody?.content?.['application/json']?.schema);
    if (!body?.properties?.data || isUntyped(doc, body.properties.data)) problems.push(`webhooks ${type}: the payload's data is untyped`);
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'])
      if (!post.parameters?.some((p) => p.in === 'header' && p.name === name && p.required)) problems.push(`webhooks ${type}: header ${name} not declared`);
    if (!Object.keys(post.responses ?? {}).some((s) => s.startsWith('2'))) problems.push(`webhooks ${type}: what the receiver answers is not said`);
  }
  // A nullable reference written as `allOf: [{$ref}, {type: [..., 'null']}]` admits no null at all
  // (null fails the reference), so a client typed from it cannot send the null the hub takes.
  for (const [at, schema] of schemasIn(doc, '#'))
    if (schema.allOf?.some((s) => s.$ref) && schema.allOf.some((s) => [s.type].flat().includes('null'))) problems.push(`${at}: a nullable reference as allOf admits no null (anyOf with {type: 'null'} does)`);
  return problems;
}

/** Every schema object in the document (paths, webhooks, components), with its JSON pointer. */
function* schemasIn(node: unknown, at: string): Generator<[string, Schema]> {
  if (Array.isArray(node)) for (const [i, item] of node.entries()) yield* schemasIn(item, `${at}/${i}`);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if ('allOf' in record || 'anyOf' in record || 'type' in record || '$ref' in record) yield [at, record as Schema];
    for (const [key, value] of Object.entries(record)) if (key !== 'example' && key !== 'examples') yield* schemasIn(value, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  }
}

let hub: TestHub;
let doc: Document;
beforeAll(async () => {
  hub = await createTestHub();
  doc = (await (await hub.call('GET', '/openapi.json')).json()) as Document;
});
afterAll(() => hub?.close());

const REDOCLY_CONFIG = fileURLToPath(new URL('../../redocly.yaml', import.meta.url));

/** Redocly's findings, errors and warnings alike, as `rule at pointer: message`. */
async function lintFindings(document: Document): Promise<string[]> {
  const config = await loadConfig({ configPath: REDOCLY_CONFIG });
  const found = await lintFromString({ source: JSON.stringify(document), absoluteRef: `${ISSUER}/openapi.json`, config });
  return found.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
}

describe('the API description as a contract', () => {
  it('lints clean under redocly.yaml (the recommended rules and the hub’s own)', async () => {
    expect(await lintFindings(doc)).toEqual([]);
  });

  it('keeps the contract on every operation and webhook', () => {
    expect(operationsOf(doc).length).toBeGreaterThan(80);
    expect(contractProblems(doc)).toEqual([]);
  });

  it('offers the client-credentials flow at the hub’s own token URL, and both schemes on every API operation', () => {
    expect(doc.components.securitySchemes.oauth2?.flows?.clientCredentials).toEqual({ tokenUrl: `${ISSUER}/oauth/token`, scopes: {} });
    expect(doc.paths['/v1/referrals']?.post?.security).toEqual([{ bearer: [] }, { oauth2: [] }]);
  });

  it('says what is really sent: a webhook endpoint made answers Location and ETag, its secret rotated ETag, as the document says', async () => {
    const token = await hub.tokenFor('iom', 'admin');
    const made = await hub.call('POST', '/v1/webhook-endpoints', { token, json: { url: 'https://hooks.example.org/ponte' } });
    expect(made.status).toBe(201);
    const body = (await made.json()) as { id: string; version: number };
    expect(made.headers.get('location')).toBe(`/v1/webhook-endpoints/${body.id}`);
    expect(made.headers.get('etag')).toBe(`"${body.version}"`);
    const declared = doc.paths['/v1/webhook-endpoints']!.post!.responses!['201']!;
    expect(Object.keys(declared.headers ?? {})).toEqual(expect.arrayContaining(['ETag', 'Location']));
    const rotated = await hub.call('POST', `/v1/webhook-endpoints/${body.id}/rotate-secret`, { token, json: {} });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('etag')).toBe(`"${((await rotated.json()) as { version: number }).version}"`);
    expect(Object.keys(doc.paths['/v1/webhook-endpoints/{id}/rotate-secret']!.post!.responses!['200']!.headers ?? {})).toContain('ETag');
  });
});

describe('what the hub answers, against what its description declares', () => {
  /** A plain call of an operation: every path parameter an id no one has, an empty JSON body. */
  const call = (method: string, path: string, token?: string) =>
    hub.call(method, path.replace(/\{slug\}/g, 'no-such-agency').replace(/\{resourceType\}/g, 'ServiceRequest').replace(/\{tilePath\}/g, '0/000').replace(/\{[^}]+\}/g, randomUUID()), {
      ...(token ? { token } : {}),
      ...(['POST', 'PUT', 'PATCH'].includes(method) ? { json: {} } : {}),
    });

  it('every status a plain call gets, with no token and with the tokens of four roles, is one the operation declares', async () => {
    const tokens = [undefined, ...(await Promise.all(['caseworker', 'admin', 'privacy', 'supervisor'].map((user) => hub.tokenFor('iom', user))))];
    const undeclared: string[] = [];
    for (const { where, operation } of operationsOf(doc)) {
      const [method, path] = where.split(' ') as [string, string];
      for (const token of tokens) {
        const res = await call(method, path, token);
        await res.body?.cancel();
        if (!(String(res.status) in (operation.responses ?? {}))) undeclared.push(`${where} answered ${res.status}${token ? '' : ' without a token'}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});

describe('the contract check', () => {
  const doctored = () => structuredClone(doc);

  it('fails on an operation without operationId, description, typed answer, 401 or If-Match refusals, and on empty webhooks', () => {
    const bad = doctored();
    const send = bad.paths['/v1/referrals']!.post!;
    delete send.operationId;
    send.description = send.summary;
    send.responses!['201']!.content!['application/json']!.schema = {};
    delete bad.paths['/v1/referrals/{id}']!.get!.responses!['401'];
    delete bad.paths['/v1/subjects/{id}']!.patch!.responses!['428'];
    delete bad.paths['/v1/referrals/{id}/accept']!.post!.responses!['200']!.headers!.ETag;
    bad.paths['/v1/me']!.get!.security = [{ bearer: [] }];
    bad.webhooks = {};
    const found = contractProblems(bad);
    expect(found).toEqual(
      expect.arrayContaining([
        'POST /v1/referrals: no operationId',
        'POST /v1/referrals: no description (at least a few sentences beyond the summary)',
        'POST /v1/referrals: 201 application/json: the body is untyped',
        'GET /v1/referrals/{id}: no 401',
        'PATCH /v1/subjects/{id}: requires If-Match but declares no 428',
        'POST /v1/referrals/{id}/accept: 200 answers a versioned record without ETag',
        'GET /v1/me: security is ["bearer"], not bearer or oauth2',
        'webhooks: no referral.sent',
        'webhooks: no ponte.ping',
      ]),
    );
  });

  it('fails on a 4xx that is not a problem, a 201 without Location, and an untyped member of an answer', () => {
    const bad = doctored();
    bad.paths['/v1/subjects/{id}']!.get!.responses!['404']!.content = { 'application/json': { schema: { type: 'object' } } };
    delete bad.paths['/v1/referrals']!.post!.responses!['201']!.headers!.Location;
    bad.components.schemas.ReferralFigures!.properties!.sent = {};
    expect(contractProblems(bad)).toEqual(
      expect.arrayContaining([
        'GET /v1/subjects/{id}: 404 is not application/problem+json with the Problem schema',
        'POST /v1/referrals: 201 without Location, though the record made is read at a path below',
        'GET /v1/referral-figures: 200 application/json: sent is untyped',
      ]),
    );
  });

  it('fails on a nullable reference that admits no null', () => {
    const bad = doctored();
    bad.components.schemas.UpdateSubject!.properties!.contact = { allOf: [{ $ref: '#/components/schemas/ContactData' }, { type: ['object', 'null'] }] };
    expect(contractProblems(bad)).toEqual([`#/components/schemas/UpdateSubject/properties/contact: a nullable reference as allOf admits no null (anyOf with {type: 'null'} does)`]);
  });

  it('lets Redocly fail too: an operation without operationId or description is an error under redocly.yaml', async () => {
    const bad = doctored();
    delete bad.paths['/v1/me']!.get!.operationId;
    delete bad.paths['/v1/me']!.get!.description;
    const found = await lintFindings(bad);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^operation-operationId at #\/paths\/~1v1~1me\/get/), expect.stringMatching(/^operation-description at #\/paths\/~1v1~1me\/get/)]));
  });
});
