import { createHash, randomBytes, randomInt } from 'node:crypto';
import { fieldError, PonteError, type Bilingual } from '@ponte/contracts';
import type { SecretSealer } from '@ponte/auth';
import { Secret, TOTP } from 'otpauth';

/**
 * The secrets of people's accounts other than passwords themselves: one-time codes (to set a
 * password), TOTP second factors and their recovery codes. One-time and recovery codes carry 100
 * and 80 random bits, so a fast hash (SHA-256) keeps them safe at rest; passwords keep scrypt.
 */

/** Crockford's base 32: no I, L, O or U to misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCode(groups: number, size: number): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g++) parts.push(Array.from({ length: size }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  return parts.join('-');
}

/** A code as typed: case, spaces and dashes do not matter; O/I/L read as 0/1/1. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const hashCode = (code: string) => createHash('sha256').update(normalizeCode(code)).digest('base64url');

/** A one-time code with which a person sets their own password (activation or reset). */
export function newOneTimeCode(): { code: string; hash: string } {
  const code = randomCode(4, 5);
  return { code, hash: hashCode(code) };
}

/** Ten recovery codes, each usable once in place of a TOTP code. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => randomCode(4, 4));
  return { codes, hashes: codes.map(hashCode) };
}

export const TOTP_PERIOD_SECONDS = 30;

/** The sealer of TOTP secrets; a hub without one cannot hold second factors (never in plaintext). */
export function sealerOf(ctx: { secrets?: SecretSealer | undefined }): SecretSealer {
  if (!ctx.secrets) throw new Error('no key-encryption key to seal second factors with: the hub was started without one');
  return ctx.secrets;
}

/** What a stored TOTP secret is bound to: the account it belongs to (pending and enabled alike). */
export const totpContext = (table: string, accountId: string) => `totp ${table} ${accountId}`;

/** A TOTP as authenticator apps read it (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totpOf(secret: string, label: string): TOTP {
  return new TOTP({ issuer: 'Ponte', label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

export const newTotpSecret = () => new Secret({ buffer: randomBytes(20).buffer }).base32;

/**
 * The time step a TOTP code belongs to, within one step either way of `now` (clock drift), or
 * undefined when it is not a current code.
 */
export function totpStep(secret: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(secret, 'check').validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** Passwords no one should choose, twelve characters or longer (the shortest the hub takes). */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789abc',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwertyuiopasdf',
  'qwerty123456',
  'iloveyou1234',
  'aaaaaaaaaaaa',
  'abcdefghijkl',
  'abcdefghijklm',
  'abc123abc123',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'changeme1234',
  'welcome12345',
  'letmein12345',
  'administrator',
  'palavrapasse',
  'palavra-passe',
  'senhasenha12',
  'mocambique12',
  'mozambique12',
  'maputo123456',
  'ponte-demo-2026',
]);

const weak = (check: string, text: Bilingual) => fieldError('body', ['newPassword'], check, text);

/**
 * What is wrong with a new password (NIST SP 800-63B: length, not a known or guessable one, no
 * composition rules). Its length is checked by the contract; this adds what needs the account.
 */
export function newPasswordProblems(password: string, account: { username: string; displayName?: string | undefined }) {
  const lower = password.normalize('NFKC').toLowerCase();
  const problems = [];
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[^a-z0-9]/g, '')))
    problems.push(weak('common', { en: 'is a commonly used password', pt: 'é uma palavra-passe muito usada' }));
  if (new Set(lower).size <= 3) problems.push(weak('repetitive', { en: 'repeats too few characters', pt: 'repete poucos caracteres' }));
  const names = [account.username, ...(account.displayName ?? '').split(/\s+/)].map((n) => n.toLowerCase()).filter((n) => n.length >= 4);
  if (names.some((n) => lower.includes(n))) problems.push(weak('contains_name', { en: 'contains the account’s name', pt: 'contém o nome da conta' }));
  return problems;
}

export function refuseWeakPassword(password: string, account: { username: string; displayName?: string | undefined }): void {
  const problems = newPasswordProblems(password, account);
  if (problems.length > 0)
    throw new PonteError('invalid_request', { en: 'Choose a stronger password', pt: 'Escolha uma palavra-passe mais forte' }, problems);
}
