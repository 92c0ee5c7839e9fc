import { describe, expect, it } from 'vitest';
import { calendarDate, DAY_MS, hubTime, lastDays, startOfDay } from './time';

describe('the hub time', () => {
  it('reads calendar dates in Maputo, two hours ahead of UTC', () => {
    expect(calendarDate(new Date('2026-03-01T21:59:59.999Z'))).toBe('2026-03-01');
    expect(calendarDate(new Date('2026-03-01T22:00:00Z'))).toBe('2026-03-02');
  });

  it('starts a day at midnight in Maputo, 22:00 UTC the day before', () => {
    expect(startOfDay('2026-03-02').toISOString()).toBe('2026-03-01T22:00:00.000Z');
    expect(calendarDate(startOfDay('2026-03-02'))).toBe('2026-03-02');
    expect(calendarDate(new Date(startOfDay('2026-03-02').getTime() - 1))).toBe('2026-03-01');
  });

  it('keeps the same offset all year (no daylight saving)', () => {
    for (const month of ['01', '04', '07', '10']) expect(startOfDay(`2026-${month}-15`).getTime() - Date.parse(`2026-${month}-15T00:00:00Z`)).toBe(-2 * 3_600_000);
  });

  it('lists the last days ending with today, oldest first, across a month end', () => {
    expect(lastDays(new Date('2026-03-01T23:30:00Z'), 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(lastDays(new Date('2026-03-02T08:00:00Z'), 1)).toEqual(['2026-03-02']);
  });

  it('writes a Maputo wall-clock time with its offset', () => {
    expect(hubTime('2026-03-02')).toBe('2026-03-02T00:00:00+02:00');
    expect(hubTime('2026-03-02', '23:59:59')).toBe('2026-03-02T23:59:59+02:00');
    expect(new Date(hubTime('2026-03-02', '23:59:59')).getTime() - startOfDay('2026-03-02').getTime()).toBe(DAY_MS - 1000);
  });
});
