/** @jsxImportSource hono/jsx */
import type { Language } from '@ponte/contracts';
import { fieldLabel, label, t9n } from './i18n';

/** Personal data of one category as a definition list, nested places and lists included. */
export function DataView({ value, lang }: { value: unknown; lang: Language }) {
  if (value === null || value === undefined) return <span>—</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span>—</span>;
    if (value.every((v) => typeof v !== 'object')) return <span>{value.map(String).join(', ')}</span>;
    return (
      <ul>
        {value.map((item) => (
          <li>
            <DataView value={item} lang={lang} />
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
              <DataView value={item} lang={lang} />
            </dd>
          </>
        ))}
      </dl>
    );
  if (typeof value === 'boolean') return <span>{t9n(lang, value ? 'yes' : 'no')}</span>;
  if (typeof value === 'string' && ['female', 'male', 'intersex', 'unknown'].includes(value)) return <span>{label(lang, 'sex', value)}</span>;
  return <span>{String(value)}</span>;
}
