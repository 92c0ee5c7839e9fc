import { describe, expect, it } from 'vitest';
import { KeyEncryptionKey, KeyEncryptionKeyError } from './key-encryption';

describe('account secrets sealed under the key-encryption key', () => {
  const { key } = KeyEncryptionKey.generate();

  it('opens what it sealed, for the same account only', () => {
    const sealed = key.sealSecret('totp users a', 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^sealed1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(key.openSecret('totp users a', sealed)).toBe('JBSWY3DPEHPK3PXP');
    // Copied onto another account, it does not open.
    expect(() => key.openSecret('totp users b', sealed)).toThrow(KeyEncryptionKeyError);
  });

  it('refuses another key-encryption key, an altered secret and a plaintext one', () => {
    const sealed = key.sealSecret('totp operators x', 'secret');
    expect(() => KeyEncryptionKey.generate().key.openSecret('totp operators x', sealed)).toThrow(/another key-encryption key/);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => key.openSecret('totp operators x', parts.join('.'))).toThrow(/altered/);
    expect(() => key.openSecret('totp operators x', 'JBSWY3DPEHPK3PXP')).toThrow(/not sealed/);
  });
});

describe('keys derived from the key-encryption key', () => {
  it('are the same wherever the key is, one per purpose, and tell nothing of the key', () => {
    const { key, text } = KeyEncryptionKey.generate();
    const again = KeyEncryptionKey.parse(text, 'test');
    expect(again.derive('rate-limit keys').equals(key.derive('rate-limit keys'))).toBe(true);
    expect(key.derive('rate-limit keys').equals(key.derive('something else'))).toBe(false);
    expect(KeyEncryptionKey.generate().key.derive('rate-limit keys').equals(key.derive('rate-limit keys'))).toBe(false);
    expect(key.derive('rate-limit keys')).toHaveLength(32);
    expect(key.derive('rate-limit keys').equals(Buffer.from(text, 'base64'))).toBe(false);
  });
});
