import { createRoute, z } from '@hono/zod-openapi';
import { PROBLEMS, PROBLEM_CODES, PonteError } from '@ponte/contracts';
import { json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const ProblemType = z
  .object({
    type: z.string().meta({ description: 'This URI, as problem documents carry it in `type`', example: '/problems/precondition_failed' }),
    code: z.enum(PROBLEM_CODES),
    status: z.number().int().meta({ description: 'The HTTP status a problem of this type is answered with', example: 412 }),
    title: z.object({ en: z.string(), pt: z.string() }).meta({ description: 'The problem’s title in both languages of the hub' }),
  })
  .meta({ id: 'ProblemType' });

const route = createRoute({
  method: 'get',
  operationId: 'getProblemType',
  path: '/problems/{code}',
  tags: ['System'],
  summary: 'What a problem type means: the `type` URI of a problem document, dereferenced',
  description:
    'Every problem document’s `type` is `/problems/<code>`; this answers what that code means: its HTTP status and its title in English and Portuguese. Public, no token, not counted against a rate limit. The codes are a closed set (the `code` enum of the `Problem` schema); any other is 404 `not_found`. Branch on `code` in the problem document itself: this is for people reading one.',
  request: { params: z.object({ code: z.string().meta({ example: 'precondition_failed' }) }) },
  responses: { 200: json(ProblemType, 'The problem type'), ...problems('not_found') },
});

/** Problem types are dereferenceable: each `type` URI explains its code. */
export function registerGetProblemType(app: HubApp) {
  // Registered for the document; any code is looked up here, so one that is not a problem code is 404, not 400.
  app.openAPIRegistry.registerPath(route);
  app.get('/problems/:code', (c) => {
    const code = c.req.param('code');
    if (!(PROBLEM_CODES as string[]).includes(code)) throw new PonteError('not_found');
    const definition = PROBLEMS[code as keyof typeof PROBLEMS];
    return c.json({ type: `/problems/${code}`, code, status: definition.status, title: { en: definition.en, pt: definition.pt } });
  });
}
