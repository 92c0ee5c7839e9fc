import { PonteError, type RuleCode } from '@ponte/contracts';

export const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();
export const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

/** 404, naming the rule: `tenant_isolation` for a record row-level security keeps to another agency. */
export function notFound(what: string, pt: string, rule: RuleCode = 'tenant_isolation'): PonteError {
  return new PonteError('not_found', { en: `No such ${what}`, pt }, undefined, { rule });
}
