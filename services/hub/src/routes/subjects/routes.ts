import { createRoute, z } from '@hono/zod-openapi';
import {
  AssignSubject,
  BreakGlassGrant,
  BreakGlassRequest,
  fieldError,
  Page,
  PonteError,
  RegisterSubject,
  Subject,
  SubjectListQuery,
  UpdateSubject,
  Uuid,
} from '@ponte/contracts';
import { assignSubject, getSubject, listSubjects, registerSubject, requestBreakGlass, updateSubject } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';

const IdParam = z.object({ id: Uuid });
const WRITE_PROBLEMS = ['invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', ...AUTH_PROBLEMS] as const;

const register = createRoute({
  method: 'post',
  path: '/v1/subjects',
  tags: ['Data subjects'],
  summary: 'Register a data subject in your agency',
  description: 'The personal data is readable back only once a consent (or another legal basis) covers its categories.',
  security: bearer,
  request: { body: jsonBody(RegisterSubject) },
  responses: { 201: json(Subject, 'The subject, with the categories you may read'), ...problems(...WRITE_PROBLEMS) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/subjects',
  tags: ['Data subjects'],
  summary: 'The subjects you may work on (need-to-know), newest first',
  security: bearer,
  request: { query: SubjectListQuery },
  responses: { 200: json(Page(Subject), 'A page of subjects; each shows only the categories you may read'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/subjects/{id}',
  tags: ['Data subjects'],
  summary: 'Read a subject: only the categories you may read now',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Subject, 'The subject; `ETag` carries its version'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

const update = createRoute({
  method: 'patch',
  path: '/v1/subjects/{id}',
  tags: ['Data subjects'],
  summary: 'Replace categories of personal data (send `If-Match` with the ETag you read)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(UpdateSubject), headers: z.object({ 'if-match': z.string().max(40).optional() }) },
  responses: { 200: json(Subject, 'The subject as changed'), ...problems(...WRITE_PROBLEMS, 'conflict', 'precondition_failed') },
});

const assign = createRoute({
  method: 'post',
  path: '/v1/subjects/{id}/assignment',
  tags: ['Data subjects'],
  summary: 'Reassign a subject (supervisor); the history is kept',
  security: bearer,
  request: { params: IdParam, body: jsonBody(AssignSubject) },
  responses: { 200: json(Subject, 'The subject as reassigned'), ...problems(...WRITE_PROBLEMS) },
});

const breakGlass = createRoute({
  method: 'post',
  path: '/v1/subjects/{id}/break-glass',
  tags: ['Data subjects'],
  summary: 'Emergency access to a subject of your agency outside need-to-know (time-limited, reviewed)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(BreakGlassRequest) },
  responses: { 201: json(BreakGlassGrant, 'The grant; every read under it is flagged'), ...problems(...WRITE_PROBLEMS) },
});

/** `W/"7"` or `"7"` → 7; anything else names the header as the offending field. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match)
    throw new PonteError('invalid_request', { en: 'If-Match must be an ETag this API returned', pt: 'If-Match tem de ser um ETag devolvido por esta API' }, [
      fieldError('header', ['if-match'], 'etag', { en: 'not an ETag of this API', pt: 'não é um ETag desta API' }),
    ]);
  return Number(match[1]);
}

export function registerSubjects(app: HubApp) {
  app.openapi(register, async (c) => {
    const subject = await registerSubject({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/subjects/${subject.id}`);
    c.header('etag', `W/"${subject.version}"`);
    return c.json(subject, 201);
  });
  app.openapi(list, async (c) => c.json(await listSubjects({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(get, async (c) => {
    const subject = await getSubject({ ctx: c.get('ctx'), input: c.req.valid('param') });
    c.header('etag', `W/"${subject.version}"`);
    return c.json(subject, 200);
  });
  app.openapi(update, async (c) => {
    const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match']);
    const subject = await updateSubject({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, changes: c.req.valid('json'), expectedVersion } });
    c.header('etag', `W/"${subject.version}"`);
    return c.json(subject, 200);
  });
  app.openapi(assign, async (c) =>
    c.json(await assignSubject({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, assignment: c.req.valid('json') } }), 200),
  );
  app.openapi(breakGlass, async (c) =>
    c.json(await requestBreakGlass({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, justification: c.req.valid('json').justification } }), 201),
  );
}
