/**
 * The hub's time: Mozambique's. Calendar dates (validity, dates of birth, days counted), the days
 * reports group by and the times people type are read in Africa/Maputo, UTC+2 all year (Mozambique
 * keeps no daylight saving), so a day's bounds are fixed offsets.
 */
export const HUB_TIME_ZONE = 'Africa/Maputo';

/** Maputo's offset from UTC, as ISO 8601 writes it. */
export const HUB_UTC_OFFSET = '+02:00';

export const DAY_MS = 86_400_000;

// Building a formatter costs tens of microseconds; formatting with one, about one.
const CALENDAR = new Intl.DateTimeFormat('en-CA', { timeZone: HUB_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

const TIME_OF_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: HUB_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Whether a value is a wall-clock time of day, `HH:MM` from 00:00 to 23:59 (as {@link hubTimeOfDay} writes it). */
export const isTimeOfDay = (value: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

/** The hub's wall-clock time of an instant, as `HH:MM` (so two compare as strings). */
export function hubTimeOfDay(at: Date): string {
  return TIME_OF_DAY.format(at);
}

/** The hub's calendar date of an instant, as `YYYY-MM-DD`. */
export function calendarDate(at: Date): string {
  return CALENDAR.format(at);
}

/** The instant a hub calendar day (`YYYY-MM-DD`) starts. */
export function startOfDay(date: string): Date {
  return new Date(hubTime(date));
}

/** The hub calendar dates of the `count` days that end with `at`'s, oldest first. */
export function lastDays(at: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => calendarDate(new Date(at.getTime() - (count - 1 - i) * DAY_MS)));
}

/** A date and a wall-clock time in Maputo (`HH:MM:SS`, midnight by default) as an ISO 8601 timestamp with its offset. */
export function hubTime(date: string, time = '00:00:00'): string {
  return `${date}T${time}${HUB_UTC_OFFSET}`;
}
