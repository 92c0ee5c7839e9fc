import { inVerb } from '@ponte/db';
import { traced } from '@ponte/tracing';

/**
 * Each verb of `verbs`, the same function but run in a span named after it (see `traced`), its
 * round trips to the database counted under its name.
 */
export function traceVerbs<T extends Record<string, unknown>>(verbs: T): T {
  return Object.fromEntries(
    Object.entries(verbs).map(([name, verb]) => {
      if (typeof verb !== 'function') return [name, verb];
      const spanned = traced(name, verb as (...args: unknown[]) => Promise<unknown>);
      return [name, (...args: unknown[]) => inVerb(name, () => spanned(...args))];
    }),
  ) as T;
}
