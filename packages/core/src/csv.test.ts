import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV', () => {
  it('writes plain cells as they are, null and undefined as nothing, lists separated by spaces', () => {
    expect(csvCell('maputo')).toBe('maputo');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(['identity', 'health'])).toBe('identity health');
  });

  it('quotes cells with commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "sim"')).toBe('"say ""sim"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it('keeps a spreadsheet from running a cell as a formula', () => {
    for (const formula of ['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', '\rx']) expect(csvCell(formula)).toBe(`"'${formula}"`);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('ends every line with CRLF, the last included', () => {
    expect(toCsv([['when', 'who'], ['2026-03-02', 'Amina, M.'], [null, ['a', 'b']]])).toBe('when,who\r\n2026-03-02,"Amina, M."\r\n,a b\r\n');
    expect(toCsv([])).toBe('');
  });

  it('reads back as the cells written, whatever they hold', () => {
    const cells = ['plain', 'with "quotes"', 'a,b', 'two\r\nlines', '', 'ünïcödé ☃', 'NUL\u0000byte'];
    const parsed = parse(toCsv([cells]));
    expect(parsed).toEqual([cells]);
  });
});

/** A strict RFC 4180 reader, enough to check the writer's output. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < csv.length) {
    let cell = '';
    if (csv[i] === '"') {
      i++;
      for (;;) {
        const quote = csv.indexOf('"', i);
        cell += csv.slice(i, quote);
        i = quote + 1;
        if (csv[i] !== '"') break;
        cell += '"';
        i++;
      }
    } else {
      const end = csv.slice(i).search(/,|\r\n/);
      cell = csv.slice(i, i + end);
      i += end;
    }
    row.push(cell);
    if (csv[i] === ',') i++;
    else {
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}
