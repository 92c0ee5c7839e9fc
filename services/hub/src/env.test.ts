import { describe, expect, it } from 'vitest';
import { readEnv } from './env';

describe('PONTE_TRUSTED_PROXIES', () => {
  it('is empty unless set, and a comma-separated list of addresses when set', () => {
    expect(readEnv({}).PONTE_TRUSTED_PROXIES).toEqual([]);
    expect(readEnv({ PONTE_TRUSTED_PROXIES: ' 10.0.0.2, fd00::1 ,' }).PONTE_TRUSTED_PROXIES).toEqual(['10.0.0.2', 'fd00::1']);
  });

  it('refuses anything but IP addresses at start', () => {
    expect(() => readEnv({ PONTE_TRUSTED_PROXIES: 'proxy.internal' })).toThrow(/PONTE_TRUSTED_PROXIES/);
    expect(() => readEnv({ PONTE_TRUSTED_PROXIES: '10.0.0.0/8' })).toThrow(/PONTE_TRUSTED_PROXIES/);
  });
});
