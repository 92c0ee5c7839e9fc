import { hubTime, validityEnd, validityStart } from '@ponte/contracts';

/** A submitted form: one string per field, or every value of a field sent more than once (checkboxes). */
export type FormValues = Record<string, string | string[]>;

/** A text field: the trimmed value, or nothing when it is empty (so optional fields stay absent). */
export const text = (values: FormValues, name: string): string | undefined => {
  const value = values[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
};

/** A field of many values (a group of checkboxes): each value sent, empty ones left out. */
export const list = (values: FormValues, name: string): string[] => {
  const value = values[name];
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
};

/** A single checkbox: ticked when it sent `true`. */
export const checked = (values: FormValues, name: string) => text(values, name) === 'true';

/** A required text field: its trimmed value, or empty, for the contract to refuse as required. */
export const required = (values: FormValues, name: string): string => text(values, name) ?? '';

/** A password field: exactly as typed (never trimmed), or empty when missing or sent twice. */
export const password = (values: FormValues, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value : '';
};

/** An optional text field as a property: `{ [key]: value }` when filled, nothing when empty. */
export const optional = <K extends string>(values: FormValues, name: string, key: K): { [P in K]?: string } => {
  const value = text(values, name);
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
};

/** Error paths with list indexes (`identity.languages.0`) belong to the form field of the list. */
export const formField = (field: string) => field.replace(/\.\d+(?=\.|$)/g, '');

/**
 * A `datetime-local` or date field as the ISO timestamp the contracts take, read in Maputo time;
 * a bare date is the start of that day, or, for a date something is valid until, its end.
 */
export const timestamp = (value: string | undefined, day: 'start' | 'end' = 'start'): string | undefined => {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return day === 'start' ? validityStart(value) : validityEnd(value);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return hubTime(value.slice(0, 10), `${value.slice(11)}:00`);
  return value;
};
