import type { Problem } from './exit';

/** What a command reads and writes: the process's streams and environment, or a test's. */
export interface Io {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** All of standard input, as text. */
  stdin: () => Promise<string>;
  /** Resolves when the user asks the command to stop (SIGINT, SIGTERM). */
  interrupted: Promise<void>;
  fetch: typeof fetch;
}

export type Lang = 'en' | 'pt';

/** The language of the messages: `--lang`, else `LANG`/`LC_ALL` starting with `pt`, else English. */
export function languageOf(flag: string | undefined, env: Io['env']): Lang {
  if (flag === 'pt' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('pt') ? 'pt' : 'en';
}

/** One message in the language chosen. */
export const say = (lang: Lang, en: string, pt: string) => (lang === 'pt' ? pt : en);

/** A table of rows for people: a header line, columns padded to their widest cell. */
export function table(rows: Array<Record<string, unknown>>, columns: Array<[key: string, header: string]>): string {
  const cell = (value: unknown) => (value === null || value === undefined ? '-' : Array.isArray(value) ? value.join(',') || '-' : String(value));
  const lines = [columns.map(([, header]) => header), ...rows.map((row) => columns.map(([key]) => cell(row[key])))];
  const widths = columns.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  return lines.map((line) => line.map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** `key: value` lines for one record. */
export function fields(record: Record<string, unknown>, keys: Array<[key: string, label: string]>): string {
  const width = Math.max(...keys.map(([, label]) => label.length));
  return keys.map(([key, label]) => `${label.padEnd(width)}  ${record[key] === null || record[key] === undefined ? '-' : Array.isArray(record[key]) ? (record[key] as unknown[]).join(', ') || '-' : String(record[key])}`).join('\n') + '\n';
}

/**
 * A problem as people read it: the title and status, the detail, the rule that decided, and each
 * field that failed with its check. The hub's problems never carry personal data, and this prints
 * nothing else of the request.
 */
export function problemText(problem: Problem, lang: Lang): string {
  const lines = [`${problem.title ?? say(lang, 'The hub refused the request', 'O hub recusou o pedido')}${problem.status ? ` (${problem.status}${problem.code ? ` ${problem.code}` : ''})` : ''}`];
  if (problem.detail) lines.push(`  ${problem.detail}`);
  if (problem.rule) lines.push(`  ${say(lang, 'rule', 'regra')}: ${problem.rule}`);
  for (const error of problem.errors ?? []) {
    const message = typeof error.message === 'string' ? error.message : (error.message?.[lang] ?? error.message?.en);
    lines.push(`  - ${error.in ?? ''}${error.field ? ` ${error.field}` : ''}: ${error.check ?? ''}${message ? ` (${message})` : ''}`);
  }
  if (problem.requestId) lines.push(`  ${say(lang, 'request id', 'id do pedido')}: ${problem.requestId}`);
  return `${lines.join('\n')}\n`;
}
