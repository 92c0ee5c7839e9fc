import { traced } from '@ponte/tracing';

/** Each verb of `verbs`, the same function but run in a span named after it (see `traced`). */
export function traceVerbs<T extends Record<string, unknown>>(verbs: T): T {
  return Object.fromEntries(Object.entries(verbs).map(([name, verb]) => [name, typeof verb === 'function' ? traced(name, verb as () => Promise<unknown>) : verb])) as T;
}
