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

describe('PONTE_READ_DATABASE_URL', () => {
  const primary = 'postgres://ponte_hub:secret@db-primary/ponte';

  it('is off unless set; the staleness bound is 10 s unless set', () => {
    const unset = readEnv({ DATABASE_URL: primary });
    expect([unset.PONTE_READ_DATABASE_URL, unset.PONTE_READ_MAX_STALENESS_SECONDS]).toEqual([undefined, 10]);
    expect(readEnv({ DATABASE_URL: primary, PONTE_READ_DATABASE_URL: 'postgres://ponte_hub:secret@db-replica/ponte', PONTE_READ_MAX_STALENESS_SECONDS: '3' })).toMatchObject({
      PONTE_READ_DATABASE_URL: 'postgres://ponte_hub:secret@db-replica/ponte',
      PONTE_READ_MAX_STALENESS_SECONDS: 3,
    });
  });

  it('refuses, naming the setting, what is not a URL and a bound that is no whole number of seconds from 1', () => {
    expect(() => readEnv({ DATABASE_URL: primary, PONTE_READ_DATABASE_URL: 'db-replica:5432' })).toThrow(/PONTE_READ_DATABASE_URL/);
    for (const bound of ['0', '1.5', 'ten']) expect(() => readEnv({ DATABASE_URL: primary, PONTE_READ_MAX_STALENESS_SECONDS: bound })).toThrow(/PONTE_READ_MAX_STALENESS_SECONDS/);
  });

  it('is refused for the embedded database, which has no replica', () => {
    expect(() => readEnv({ PONTE_READ_DATABASE_URL: 'postgres://ponte_hub:secret@db-replica/ponte' })).toThrow(/PONTE_READ_DATABASE_URL: a read replica needs DATABASE_URL/);
  });
});

describe('the daily retention job', () => {
  it('runs inline by default from 02:00 Maputo time, looking every five minutes', () => {
    expect(readEnv({})).toMatchObject({ PONTE_RETENTION: true, PONTE_RETENTION_RUN_AT: '02:00', PONTE_RETENTION_CHECK_MS: 300_000 });
    expect(readEnv({ PONTE_RETENTION: 'false', PONTE_RETENTION_RUN_AT: '23:30' })).toMatchObject({ PONTE_RETENTION: false, PONTE_RETENTION_RUN_AT: '23:30' });
  });

  it('refuses, naming the setting, a time of day that is not HH:MM', () => {
    for (const at of ['2:00', '24:00', '02:60', 'two']) expect(() => readEnv({ PONTE_RETENTION_RUN_AT: at })).toThrow(/PONTE_RETENTION_RUN_AT/);
  });
});
