import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, verifySecret } from './secrets';

describe('secrets', () => {
  it('verifies the right secret, refuses a wrong one, and salts every hash', async () => {
    const hash = await hashSecret('correct horse battery');
    expect(hash).toMatch(/^scrypt\$N=32768,r=8,p=3\$/);
    expect(hash).not.toContain('correct horse battery');
    expect(await verifySecret('correct horse battery', hash)).toBe(true);
    expect(await verifySecret('correct horse batterY', hash)).toBe(false);
    expect(await hashSecret('correct horse battery')).not.toBe(hash);
  });

  it('refuses everything when there is no stored hash (unknown account)', async () => {
    expect(await verifySecret('', undefined)).toBe(false);
    expect(await verifySecret('anything', undefined)).toBe(false);
  });

  it('treats a corrupt stored hash as no match', async () => {
    expect(await verifySecret('x', 'plaintext-password')).toBe(false);
  });

  it('generates long random client secrets', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecret()).not.toBe(a);
  });
});
