/**
 * One cell of CSV (RFC 4180): nothing for null, a list as its items separated by spaces. A cell a
 * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) is
 * prefixed with an apostrophe and quoted (CSV injection); a cell with a quote, a comma or a line
 * break is quoted, its quotes doubled.
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows as CSV (RFC 4180): cells separated by commas, every line, the last included, ended by CRLF. */
export function toCsv(rows: Iterable<readonly unknown[]>): string {
  let csv = '';
  for (const row of rows) csv += `${row.map(csvCell).join(',')}\r\n`;
  return csv;
}
