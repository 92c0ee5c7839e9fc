import { fieldError, PonteError, type FieldError } from '@ponte/contracts';
import type { MiddlewareHandler } from 'hono';
import type { HubEnv } from '../types';

/** Deeper than any contract nests; a deeper body is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 32;

const NUL = { en: 'text may not contain the NUL character', pt: 'o texto não pode conter o carácter NUL' };
const ILL_FORMED = {
  en: 'text must be well-formed Unicode (no lone surrogate)',
  pt: 'o texto tem de ser Unicode bem formado (sem surrogates isolados)',
};
const TOO_DEEP = { en: `nested more than ${MAX_JSON_DEPTH} levels deep`, pt: `aninhado a mais de ${MAX_JSON_DEPTH} níveis` };
const NOT_UTF8 = { en: 'the body is not valid UTF-8', pt: 'o corpo não é UTF-8 válido' };

/** With the `u` flag a surrogate pair is one code point, so only a lone surrogate is in `Cs`. */
const LONE_SURROGATE = /\p{Cs}/u;

/** What is wrong with one piece of text PostgreSQL would refuse to store, if anything. */
function textCheck(text: string): { check: string; message: { en: string; pt: string } } | undefined {
  if (text.includes('\u0000')) return { check: 'no_nul_character', message: NUL };
  if (LONE_SURROGATE.test(text)) return { check: 'well_formed_unicode', message: ILL_FORMED };
  return undefined;
}

/**
 * Every string (and every key) of a parsed JSON value that cannot be text, by its path; and a
 * value nested too deep, at the place it goes too deep. Walked with an explicit stack, so a
 * hostile depth cannot overflow the call stack here.
 */
export function illFormedText(value: unknown, location: FieldError['in'] = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0 && errors.length < 50) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textCheck(current);
      if (problem) errors.push(fieldError(location, path, problem.check, problem.message));
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      errors.push(fieldError(location, path, 'max_depth', TOO_DEEP));
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(current) ? current.map((v, i) => [i, v]) : Object.entries(current);
    for (const [key, child] of entries.reverse()) {
      if (typeof key === 'string') {
        const problem = textCheck(key);
        if (problem) errors.push(fieldError(location, [...path, key], problem.check, problem.message));
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return errors;
}

/**
 * Input the database could never store is refused at the door, naming the field: a body that is
 * not UTF-8, text with a NUL character or a lone UTF-16 surrogate (`"\ud800"` in JSON), in the
 * body or the query, and JSON nested deeper than any contract. Every route, every contract.
 */
export function wellFormedInput(): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const errors: FieldError[] = [];
    for (const [name, values] of Object.entries(c.req.queries())) {
      for (const text of [name, ...values]) {
        const problem = textCheck(text);
        if (problem) errors.push(fieldError('query', [name], problem.check, problem.message));
      }
    }
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && (type.includes('json') || type.includes('x-www-form-urlencoded'))) {
      const bytes = await c.req.arrayBuffer();
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new PonteError('malformed_body', { en: 'The body is not valid UTF-8', pt: 'O corpo não é UTF-8 válido' }, [fieldError('body', [], 'utf8', NOT_UTF8)]);
      }
      if (type.includes('json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined; // the route's own validation names malformed JSON
        }
        errors.push(...illFormedText(parsed));
      } else {
        for (const [name, value] of new URLSearchParams(text)) {
          const problem = textCheck(name) ?? textCheck(value);
          if (problem) errors.push(fieldError('body', [name], problem.check, problem.message));
        }
      }
    }
    if (errors.length > 0)
      throw new PonteError('invalid_request', { en: 'Some text in the request cannot be stored', pt: 'Algum texto do pedido não pode ser guardado' }, errors);
    await next();
  };
}
