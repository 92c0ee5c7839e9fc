/** @jsxImportSource hono/jsx */
import type { Language } from '@ponte/contracts';
import { countryName, fieldLabel, label, languageName, LOCALES, provinceName, t9n } from './i18n';

/** The fields whose values are codes from the subject contract's enumerations (the rest are free text). */
const CODED = new Set(['preferredChannel', 'relationship', 'tracingStatus', 'traffickingIndicators', 'vulnerabilities', 'riskLevel', 'disabilities', 'fitToTravel', 'legalStatus', 'type']);

/** How the value of a field reads: places and languages by name, coded answers by their label. */
function valueText(lang: Language, field: string | undefined, value: string): string {
  switch (field) {
    case 'country':
    case 'nationality':
    case 'issuingCountry':
      return countryName(lang, value);
    case 'province':
      return provinceName(lang, value);
    case 'languages':
      return languageName(lang, value);
    case 'sex':
      return label(lang, 'sex', value);
    case 'dateOfBirth':
    case 'expiresOn':
      // A calendar date, not an instant: formatted as written, whatever the time zone.
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`)) : value;
    default:
      return field !== undefined && CODED.has(field) ? label(lang, 'dataValue', value) : value;
  }
}

/** Personal data of one category as a definition list, nested places and lists included. */
export function DataView({ value, lang, field }: { value: unknown; lang: Language; field?: string }) {
  if (value === null || value === undefined) return <span>—</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span>—</span>;
    if (value.every((v) => typeof v !== 'object')) return <span>{value.map((v) => (typeof v === 'string' ? valueText(lang, field, v) : String(v))).join(', ')}</span>;
    return (
      <ul>
        {value.map((item) => (
          <li>
            <DataView value={item} lang={lang} field={field} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object')
    return (
      <dl class="facts">
        {Object.entries(value as Record<string, unknown>).map(([key, item]) => (
          <>
            <dt>{fieldLabel(lang, key)}</dt>
            <dd>
              <DataView value={item} lang={lang} field={key} />
            </dd>
          </>
        ))}
      </dl>
    );
  if (typeof value === 'boolean') return <span>{t9n(lang, value ? 'yes' : 'no')}</span>;
  if (typeof value === 'string') return <span>{valueText(lang, field, value)}</span>;
  return <span>{String(value)}</span>;
}
