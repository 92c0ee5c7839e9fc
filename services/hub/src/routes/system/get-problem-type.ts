import { PROBLEMS, PROBLEM_CODES, PonteError } from '@ponte/contracts';
import type { HubApp } from '../../types';

/** Problem types are dereferenceable: each `type` URI explains its code. */
export function registerGetProblemType(app: HubApp) {
  app.get('/problems/:code', (c) => {
    const code = c.req.param('code');
    if (!(PROBLEM_CODES as string[]).includes(code)) throw new PonteError('not_found');
    const definition = PROBLEMS[code as keyof typeof PROBLEMS];
    return c.json({ type: `/problems/${code}`, code, status: definition.status, title: { en: definition.en, pt: definition.pt } });
  });
}
