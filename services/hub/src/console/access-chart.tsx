/** @jsxImportSource hono/jsx */
import type { Language } from '@ponte/contracts';
import type { T } from './i18n';
import { DataTable } from './ui';

/** A chart's series: for each name (an agency, a decision), its count per day. */
export type Series = Map<string, Map<string, number>>;

/** The log's counts per day, acting agency and decision, as two sets of series: by agency and by decision. */
export function chartSeries(counts: ReadonlyArray<{ day: string; agency: string; decision: string; count: number }>): { byAgency: Series; byDecision: Series } {
  const byAgency: Series = new Map();
  const byDecision: Series = new Map();
  const add = (table: Series, series: string, day: string, n: number) => {
    const row = table.get(series) ?? new Map<string, number>();
    row.set(day, (row.get(day) ?? 0) + n);
    table.set(series, row);
  };
  for (const { day, agency, decision, count } of counts) {
    add(byAgency, agency, day, count);
    add(byDecision, decision, day, count);
  }
  return { byAgency, byDecision };
}

const PALETTE = ['#0b5cab', '#e07b00', '#1e6b36', '#8e24aa', '#b3261e', '#00838f', '#6d4c41', '#546e7a'];

/** Stacked bars, one per day, drawn on the server: no script, nothing fetched. */
export function BarChart(props: { days: string[]; series: Series; title: string; lang: Language; colours?: Record<string, string>; name?: (s: string) => string }) {
  const { days, series } = props;
  const names = [...series.keys()].sort();
  const totals = days.map((d) => names.reduce((sum, n) => sum + (series.get(n)?.get(d) ?? 0), 0));
  const max = Math.max(1, ...totals);
  const width = 640;
  const height = 240;
  const left = 36;
  const bottom = 40;
  const barWidth = (width - left - 10) / days.length;
  const y = (v: number) => ((height - bottom - 10) * v) / max;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height + 24 * Math.ceil(names.length / 4)}`} role="img" aria-label={props.title}>
      <line x1={left} y1={height - bottom} x2={width - 5} y2={height - bottom} stroke="#5b6470" />
      <text x={left - 4} y={height - bottom - y(max) + 4} text-anchor="end" font-size="11">
        {max}
      </text>
      <text x={left - 4} y={height - bottom + 4} text-anchor="end" font-size="11">
        0
      </text>
      {days.map((day, i) => {
        let base = height - bottom;
        return (
          <g>
            {names.map((name, j) => {
              const value = series.get(name)?.get(day) ?? 0;
              const h = y(value);
              base -= h;
              return value > 0 ? (
                <rect x={left + i * barWidth + 2} y={base} width={barWidth - 4} height={h} fill={props.colours?.[name] ?? PALETTE[j % PALETTE.length]}>
                  <title>{`${day} · ${props.name ? props.name(name) : name}: ${value}`}</title>
                </rect>
              ) : null;
            })}
            <text x={left + i * barWidth + barWidth / 2} y={height - bottom + 14} text-anchor="middle" font-size="10">
              {day.slice(8, 10)}/{day.slice(5, 7)}
            </text>
          </g>
        );
      })}
      {names.map((name, j) => (
        <g>
          <rect x={left + (j % 4) * 150} y={height + 24 * Math.floor(j / 4) - 12} width="12" height="12" fill={props.colours?.[name] ?? PALETTE[j % PALETTE.length]} />
          <text x={left + (j % 4) * 150 + 18} y={height + 24 * Math.floor(j / 4) - 2} font-size="12">
            {props.name ? props.name(name) : name}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function FigureTable({ id, title, days, series, t, name }: { id: string; title: string; days: string[]; series: Series; t: T; name: (s: string) => string }) {
  const names = [...series.keys()].sort();
  const active = days.filter((d) => names.some((n) => (series.get(n)?.get(d) ?? 0) > 0));
  return (
    <details>
      <summary>{t('chartTable')}</summary>
      <DataTable id={id} caption={`${title}: ${t('chartTable')}`} columns={[t('day'), ...names.map(name)]}>
        {active.map((d) => (
          <tr>
            <th scope="row">{d}</th>
            {names.map((n) => (
              <td>{series.get(n)?.get(d) ?? 0}</td>
            ))}
          </tr>
        ))}
      </DataTable>
    </details>
  );
}

