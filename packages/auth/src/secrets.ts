import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Secrets (passwords, client secrets) are kept only as a slow, salted scrypt hash
 * (OWASP Password Storage: N=2^15, r=8, p=3). The parameters travel with the hash so
 * they can be raised later without breaking stored ones.
 */
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, DEFAULT_COST);
  const { N, r, p } = DEFAULT_COST;
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const FORMAT = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/;

/** A stored hash nobody's secret matches: compared against when the account does not exist. */
const DECOY = `scrypt$N=${DEFAULT_COST.N},r=${DEFAULT_COST.r},p=${DEFAULT_COST.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

/**
 * Compares in constant time. With no stored hash (unknown account) it still spends the same
 * work, so response time does not tell which accounts exist.
 */
export async function verifySecret(secret: string, stored: string | undefined): Promise<boolean> {
  const match = FORMAT.exec(stored ?? DECOY) ?? FORMAT.exec(DECOY)!;
  const [, N, r, p, salt, expected] = match;
  const key = await derive(secret, Buffer.from(salt!, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  const ok = timingSafeEqual(key, Buffer.from(expected!, 'base64url'));
  return ok && stored !== undefined;
}

/** A random secret for an API client: 256 bits, URL-safe. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
