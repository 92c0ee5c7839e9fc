import { hubTime } from './time';

/**
 * Validity given as calendar dates (an agreement's, a consent's typed as dates): the dates are the
 * hub's (Maputo's), and a validity counts from the start of its first day to the end of its last.
 */

/** The first instant of a validity's first day, Maputo time, as an ISO timestamp. */
export const validityStart = (date: string): string => hubTime(date);

/** The last instant of a validity's last day, Maputo time: a validity until a date counts to the end of its day. */
export const validityEnd = (date: string): string => hubTime(date, '23:59:59.999');

/** Whether a validity in calendar dates covers a calendar date: its first and its last day count whole. */
export const validityCoversDate = (validity: { validFrom: string; validUntil: string }, date: string): boolean =>
  validity.validFrom <= date && date <= validity.validUntil;
