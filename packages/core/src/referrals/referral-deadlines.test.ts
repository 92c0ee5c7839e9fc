import { describe, expect, it } from 'vitest';
import { startOfDay } from '@ponte/contracts';
import { overdueKindOf, respondByOf, responseHoursOf } from './referral-deadlines';

const HOUR = 3_600_000;
const sentAt = new Date('2026-12-01T10:00:00Z');

describe('response deadlines', () => {
  it('take the agreement’s hours for an urgency it sets and the defaults for the others', () => {
    expect(responseHoursOf(undefined)).toEqual({ emergency: 24, priority: 72, routine: 240 });
    expect(responseHoursOf({ response_hours_emergency: 4, response_hours_priority: null, response_hours_routine: 100 })).toEqual({ emergency: 4, priority: 72, routine: 100 });
    expect(respondByOf(sentAt, 'routine', undefined).getTime() - sentAt.getTime()).toBe(240 * HOUR);
    expect(respondByOf(sentAt, 'emergency', { response_hours_emergency: 4, response_hours_priority: null, response_hours_routine: null }).getTime() - sentAt.getTime()).toBe(4 * HOUR);
  });
});

describe('overdue', () => {
  const respondBy = new Date(sentAt.getTime() + 24 * HOUR);
  const at = (ms: number) => new Date(respondBy.getTime() + ms);

  it('is a response still awaited after its deadline, and not a moment before', () => {
    expect(overdueKindOf({ status: 'sent', respond_by: respondBy, due_date: null }, at(0))).toBeNull();
    expect(overdueKindOf({ status: 'sent', respond_by: respondBy, due_date: null }, at(1))).toBe('response');
    expect(overdueKindOf({ status: 'draft', respond_by: null, due_date: null }, at(HOUR))).toBeNull();
    for (const status of ['accepted', 'declined', 'withdrawn', 'completed'] as const) expect(overdueKindOf({ status, respond_by: respondBy, due_date: null }, at(HOUR))).toBeNull();
  });

  it('is a service not completed once its due date is over, in the hub’s calendar', () => {
    const dueDate = '2026-12-03';
    const nextDay = startOfDay('2026-12-04');
    const row = { status: 'accepted' as const, respond_by: respondBy, due_date: dueDate };
    expect(overdueKindOf(row, new Date(nextDay.getTime() - 1))).toBeNull();
    expect(overdueKindOf(row, nextDay)).toBe('completion');
    expect(overdueKindOf({ ...row, status: 'in_progress' }, nextDay)).toBe('completion');
    expect(overdueKindOf({ ...row, status: 'completed' }, nextDay)).toBeNull();
  });
});
