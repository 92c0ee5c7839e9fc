import { AccessEventQuery, ReviewAccess } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { accessLogFilters, accessLogFiltersToQuery, reviewFormToInput } from './access-review-form';

describe('the access log’s filters', () => {
  const address = (query: Record<string, string>) => (name: string) => query[name];

  it('keep the filters given, trimmed, and leave out empty ones and anything else', () => {
    expect(accessLogFilters(address({ resource: ' Subject ', decision: '', agency: 'iom', limit: '5000' }))).toEqual({ resource: 'Subject', agency: 'iom' });
    expect(accessLogFilters(address({}))).toEqual({});
  });

  it('become the query of listAccessEvents: times in Maputo time, a page of 100, the cursor when paging', () => {
    const query = accessLogFiltersToQuery({ decision: 'deny', from: '2026-12-01T08:00', to: '2026-12-04' }, 'abc');
    expect(query).toEqual({ decision: 'deny', from: '2026-12-01T08:00:00+02:00', to: '2026-12-04T00:00:00+02:00', limit: 100, cursor: 'abc' });
    expect(AccessEventQuery.safeParse({ ...query, cursor: undefined }).success).toBe(true);
    expect(accessLogFiltersToQuery({}, '')).toEqual({ from: undefined, to: undefined, limit: 100, cursor: undefined });
  });
});

describe('the review form', () => {
  it('becomes the input of reviewAccess, with the decision of the button pressed', () => {
    const input = reviewFormToInput({ targetKind: 'flag', targetId: '0123456789abcdef01234567', status: 'escalated', note: ' Looks wrong ' });
    expect(input).toEqual({ targetKind: 'flag', targetId: '0123456789abcdef01234567', status: 'escalated', note: 'Looks wrong' });
    expect(ReviewAccess.safeParse(input).success).toBe(true);
  });

  it('sends what is missing empty, for the contract to refuse', () => {
    expect(reviewFormToInput({})).toEqual({ targetKind: '', targetId: '', status: '', note: '' });
    expect(ReviewAccess.safeParse(reviewFormToInput({})).success).toBe(false);
  });
});
