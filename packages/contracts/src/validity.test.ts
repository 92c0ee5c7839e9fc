import { describe, expect, it } from 'vitest';
import { validityCoversDate, validityEnd, validityStart } from './validity';

describe('a validity given as calendar dates', () => {
  it('starts at the beginning of its first day, Maputo time', () => {
    expect(validityStart('2026-07-01')).toBe('2026-07-01T00:00:00+02:00');
    expect(new Date(validityStart('2026-07-01')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('counts to the end of its last day, Maputo time, and no further', () => {
    const end = Date.parse(validityEnd('2027-06-30'));
    expect(new Date(end).toISOString()).toBe('2027-06-30T21:59:59.999Z');
    expect(end).toBeGreaterThan(Date.parse('2027-06-30T23:30:00+02:00'));
    expect(end).toBeLessThan(Date.parse('2027-07-01T00:00:00+02:00'));
    expect(end + 1).toBe(Date.parse(validityStart('2027-07-01')));
  });

  it('crosses months and years, and the leap day', () => {
    expect(new Date(validityEnd('2026-12-31')).toISOString()).toBe('2026-12-31T21:59:59.999Z');
    expect(new Date(validityEnd('2028-02-29')).toISOString()).toBe('2028-02-29T21:59:59.999Z');
  });

  it('is written as a timestamp with Maputo’s offset, which the contracts take', () => {
    expect(validityEnd('2027-06-30')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+02:00$/);
  });

  it('covers its first and last day whole, and nothing outside them', () => {
    const validity = { validFrom: '2026-01-01', validUntil: '2026-12-31' };
    expect(validityCoversDate(validity, '2026-01-01')).toBe(true);
    expect(validityCoversDate(validity, '2026-06-15')).toBe(true);
    expect(validityCoversDate(validity, '2026-12-31')).toBe(true);
    expect(validityCoversDate(validity, '2025-12-31')).toBe(false);
    expect(validityCoversDate(validity, '2027-01-01')).toBe(false);
    expect(validityCoversDate({ validFrom: '2026-05-05', validUntil: '2026-05-05' }, '2026-05-05')).toBe(true);
  });
});
