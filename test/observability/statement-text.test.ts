import fc from 'fast-check';
import { withLiterals } from '@ponte/db';
import { describeStatement, sanitizeStatement } from '@ponte/tracing';
import { describe, expect, it } from 'vitest';

/**
 * What a database span says of a statement: its text with every value replaced by `?` (a list
 * carries its values as literals, written by the data package's own writer) and a summary of the
 * operations and tables, from the code, never from the data.
 */
describe('a statement as a span tells it', () => {
  it('never carries a value the list wrote in, whatever the value', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000') && s.trim().length >= 3),
      fc.constantFrom("O'Neil", 'a\\b', "back\\'slash", '$$dollar$$', 'semi;colon', '--comment', "E'x'", '{"name":"Zeferina"}'),
      fc.array(fc.string({ minLength: 3, maxLength: 10 }).filter((s) => !s.includes('\u0000')), { minLength: 1, maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
        const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
        const list = ['begin', "select set_config('app.agency_id', 'x', true)", withLiterals({ sql: `insert into "subjects" ("a", "b", "c", "d") values (${placeholders})`, parameters: values }), 'commit'].join('; ');
        const told = describeStatement(list);
        // Exactly the statements' own text, each value a `?`: nothing of any value is left.
        // (pg writes a value with a backslash as ` E'…'`, its own space before it.)
        expect(told.text.replace(/\s+/g, ' ').replace(/\( /g, '(')).toBe(`begin; select set_config(?, ?, true); insert into "subjects" ("a", "b", "c", "d") values (${values.map(() => '?').join(', ')}); commit`);
        expect(told.summary).toBe('BEGIN; SELECT; INSERT subjects; COMMIT');
        expect(told.operation).toBe('BATCH');
        expect(told.statements).toBe(4);
      }),
      { numRuns: 500 },
    );
  });

  it('replaces standard, escaped and dollar-quoted literals, and one cut short', () => {
    expect(sanitizeStatement("select * from subjects where given_name = 'Zeferina' and note = E'a\\\\b''c' and x = $q$Quirimbas$q$")).toBe('select * from subjects where given_name = ? and note = ? and x = ?');
    expect(sanitizeStatement("insert into t values ('cut sho")).toBe('insert into t values (?');
    expect(sanitizeStatement('select * from subjects where id = $1')).toBe('select * from subjects where id = $1');
  });

  it('summarises a prepared statement by the text it was prepared with', () => {
    const texts = new Map([['ponte_7', 'select "id" from "referrals" where "id" = $1']]);
    const told = describeStatement("begin; execute ponte_7('b2c1'); commit", (name) => texts.get(name));
    expect(told.summary).toBe('BEGIN; SELECT referrals; COMMIT');
    expect(describeStatement('prepare ponte_8 as update "consents" set "x" = $1; execute ponte_8(\'y\')').summary).toBe('UPDATE consents');
    expect(describeStatement("execute ponte_9('y')").summary).toBe('EXECUTE');
    expect(describeStatement('with moved as (select 1) delete from "outbox" where true').summary).toBe('DELETE outbox');
    expect(describeStatement('select 1').operation).toBe('SELECT');
  });
});
