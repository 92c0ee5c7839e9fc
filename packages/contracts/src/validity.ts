/**
 * Validity given as calendar dates (an agreement's, a consent typed as a date): dates are
 * Maputo's, and a validity counts from the start of its first day to the end of its last.
 */

/** Mozambique's offset from UTC, all year (no daylight saving): the dates people give are Maputo dates. */
export const MAPUTO_UTC_OFFSET = '+02:00';

/** The first instant of a calendar date (`2026-07-01`), Maputo time, as an ISO timestamp. */
export const validityStart = (date: string): string => `${date}T00:00:00${MAPUTO_UTC_OFFSET}`;

/** The last instant of a calendar date, Maputo time: a validity until that date counts to the end of its day. */
export const validityEnd = (date: string): string => `${date}T23:59:59.999${MAPUTO_UTC_OFFSET}`;

/** Whether a validity in calendar dates covers a calendar date: its first and its last day count whole. */
export const validityCoversDate = (validity: { validFrom: string; validUntil: string }, date: string): boolean =>
  validity.validFrom <= date && date <= validity.validUntil;
