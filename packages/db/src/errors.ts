/** PostgreSQL error classes the verbs turn into domain errors. */
function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
export const isCheckViolation = (error: unknown): boolean => sqlState(error) === '23514';
/** Row-level security refused a write (new row violates policy). */
export const isPolicyViolation = (error: unknown): boolean => sqlState(error) === '42501';
