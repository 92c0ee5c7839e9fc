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
