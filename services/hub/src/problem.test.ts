import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf, languageOf } from './problem';

describe('languageOf', () => {
  it.each([
    [undefined, 'en'],
    ['pt', 'pt'],
    ['pt-MZ,en;q=0.8', 'pt'],
    ['en-GB,pt;q=0.9', 'en'],
    ['fr-FR,pt;q=0.5,en;q=0.4', 'pt'],
    ['en;q=0.2,pt;q=0.9', 'pt'],
    ['pt;q=0', 'en'],
    ['de', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(languageOf(header)).toBe(expected);
  });
});

describe('fieldErrorsOf', () => {
  it('names each field with a JSON pointer and the check, one error per unknown key', () => {
    const schema = z.strictObject({ list: z.array(z.strictObject({ code: z.enum(['a']) })), n: z.number().min(1) });
    const result = schema.safeParse({ list: [{ code: 'b', x: 1 }], n: 0, extra: true });
    const errors = fieldErrorsOf(result.error!, 'json');
    expect(errors.map((e) => [e.pointer, e.check])).toEqual(
      expect.arrayContaining([
        ['/body/list/0/code', 'invalid_value'],
        ['/body/list/0/x', 'unrecognized_keys'],
        ['/body/n', 'too_small'],
        ['/body/extra', 'unrecognized_keys'],
      ]),
    );
    for (const e of errors) expect(e.message.pt.length).toBeGreaterThan(0);
  });
});
