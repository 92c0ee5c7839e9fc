import { required, timestamp, type FormValues } from './form-values';

/** The filters of the access log's search form, as the page's address carries them. */
export const ACCESS_LOG_FILTERS = ['subjectId', 'agency', 'resource', 'decision', 'from', 'to'] as const;

/** The filters given in the address: trimmed, empty ones left out. */
export function accessLogFilters(query: (name: string) => string | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of ACCESS_LOG_FILTERS) {
    const value = query(name)?.trim();
    if (value) values[name] = value;
  }
  return values;
}

/** The filters as the query of `listAccessEvents`: times typed in Maputo time, a page of 100, the cursor when paging. */
export const accessLogFiltersToQuery = (values: Record<string, string>, cursor: string | undefined) => ({
  ...values,
  from: timestamp(values.from),
  to: timestamp(values.to),
  limit: 100,
  cursor: cursor || undefined,
});

/** A review's form as the input of `reviewAccess`: the event or flag it is about, the decision the button took, the note. */
export const reviewFormToInput = (values: FormValues) => ({
  targetKind: required(values, 'targetKind'),
  targetId: required(values, 'targetId'),
  status: required(values, 'status'),
  note: required(values, 'note'),
});
