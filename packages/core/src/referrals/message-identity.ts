/**
 * Whether a message names a data subject or gives their date of birth: a name of theirs (given,
 * family, other) as a whole word, letter case and accents aside, or their date of birth written
 * as ISO (1990-04-17) or day first (17/04/1990, 17-04-1990, 17.04.1990, 17/4/1990). Pure: the
 * caller reads the subject's identity, and neither the text nor what matched leaves here.
 */
export function mentionsIdentity(body: string, identity: { givenName?: unknown; familyName?: unknown; otherNames?: unknown; dateOfBirth?: unknown }): boolean {
  const text = fold(body);
  const names = [identity.givenName, identity.familyName, ...(Array.isArray(identity.otherNames) ? identity.otherNames : [])]
    .filter((n): n is string => typeof n === 'string')
    .flatMap((n) => fold(n).split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length >= 2);
  const words = new Set(text.split(/[^\p{L}\p{N}]+/u));
  if (names.some((name) => words.has(name))) return true;
  if (typeof identity.dateOfBirth !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(identity.dateOfBirth);
  if (!match) return false;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const dates = [`${y}-${m}-${d}`, ...['/', '-', '.'].flatMap((sep) => [`${d}${sep}${m}${sep}${y}`, `${Number(d)}${sep}${Number(m)}${sep}${y}`])];
  const digits = text.split(/[^0-9/.-]+/);
  return dates.some((date) => digits.some((token) => token.replace(/^[.\-/]+|[.\-/]+$/g, '') === date));
}

/** Lower case, accents and compatibility forms folded, so "JOSÉ" matches "jose". */
const fold = (value: string) => value.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
