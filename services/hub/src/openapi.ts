import { Problem, PROBLEMS, type ProblemCode } from '@ponte/contracts';
import type { z } from 'zod';

/** The problem+json responses a route declares, by the codes it can return. */
export function problems(...codes: ProblemCode[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      { description: list.map((c) => `\`${c}\``).join(', '), content: { 'application/problem+json': { schema: Problem } } },
    ]),
  );
}

/** Every authenticated route can answer these. */
export const AUTH_PROBLEMS: ProblemCode[] = ['unauthenticated', 'invalid_token'];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearer: [] }];
