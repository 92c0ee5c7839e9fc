import { describe, expect, it } from 'vitest';
import { checked, formField, list, optional, password, required, text, timestamp } from './form-values';

describe('reading a posted form', () => {
  const values = { name: '  Ana  ', blank: '   ', twice: ['first', 'second'], roles: ['caseworker', '', 'supervisor'], one: 'caseworker', box: 'true', off: 'false', secret: ' pass phrase ' };

  it('reads a text field trimmed, and an empty or missing one as nothing', () => {
    expect(text(values, 'name')).toBe('Ana');
    expect(text(values, 'blank')).toBeUndefined();
    expect(text(values, 'missing')).toBeUndefined();
    expect(text(values, 'twice')).toBe('first');
    expect(text({ empty: [] }, 'empty')).toBeUndefined();
  });

  it('reads a required field as empty when missing, for the contract to refuse', () => {
    expect(required(values, 'name')).toBe('Ana');
    expect(required(values, 'missing')).toBe('');
    expect(required(values, 'blank')).toBe('');
  });

  it('reads an optional field as a property only when filled', () => {
    expect(optional(values, 'name', 'givenName')).toEqual({ givenName: 'Ana' });
    expect(optional(values, 'blank', 'givenName')).toEqual({});
    expect(optional(values, 'missing', 'givenName')).toEqual({});
  });

  it('reads checkboxes as every value sent, one or many, and none when none is ticked', () => {
    expect(list(values, 'roles')).toEqual(['caseworker', 'supervisor']);
    expect(list(values, 'one')).toEqual(['caseworker']);
    expect(list(values, 'missing')).toEqual([]);
  });

  it('reads a single checkbox as ticked only when it sent true', () => {
    expect(checked(values, 'box')).toBe(true);
    expect(checked(values, 'off')).toBe(false);
    expect(checked(values, 'missing')).toBe(false);
  });

  it('reads a password exactly as typed, and a repeated one as none', () => {
    expect(password(values, 'secret')).toBe(' pass phrase ');
    expect(password(values, 'twice')).toBe('');
    expect(password(values, 'missing')).toBe('');
  });

  it('names the form field of a contract path', () => {
    expect(formField('identity.languages.0')).toBe('identity.languages');
    expect(formField('categories.2')).toBe('categories');
    expect(formField('guardian.name')).toBe('guardian.name');
  });
});

describe('times typed in the console', () => {
  it('reads a date as the start of its day, or the end of it, Maputo time', () => {
    expect(timestamp('2027-06-30')).toBe('2027-06-30T00:00:00+02:00');
    expect(timestamp('2027-06-30', 'end')).toBe('2027-06-30T23:59:59.999+02:00');
  });

  it('reads a local date and time as Maputo time, and leaves anything else to the contract', () => {
    expect(timestamp('2026-12-04T09:30')).toBe('2026-12-04T09:30:00+02:00');
    expect(timestamp('yesterday')).toBe('yesterday');
    expect(timestamp(undefined)).toBeUndefined();
    expect(timestamp('')).toBeUndefined();
  });
});
