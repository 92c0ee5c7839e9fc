import { PonteError } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { inspectDocument } from './document-content';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const check = (content: Uint8Array, declared: string | undefined) => {
  try {
    return inspectDocument(content, declared);
  } catch (error) {
    if (!(error instanceof PonteError)) throw error;
    return `${error.status} ${error.errors?.[0]?.check}`;
  }
};

describe('what a document is, by its first bytes', () => {
  it('knows PDF, JPEG and PNG, and takes the declared type with parameters and in any case', () => {
    expect(check(bytes('%PDF-1.7\n%%EOF'), 'application/pdf')).toBe('application/pdf');
    expect(check(bytes([0xff, 0xd8, 0xff, 0xdb]), 'IMAGE/JPEG')).toBe('image/jpeg');
    expect(check(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png; charset=binary')).toBe('image/png');
  });

  it('refuses anything else by its first bytes, whatever it is declared', () => {
    expect(check(bytes('MZ\x90'), 'application/pdf')).toBe('415 magic_bytes');
    expect(check(bytes([0x7f, 0x45, 0x4c, 0x46]), 'application/pdf')).toBe('415 magic_bytes');
    expect(check(bytes([0x50, 0x4b, 0x03, 0x04]), 'application/pdf')).toBe('415 magic_bytes');
    // Almost a signature is none: a PDF header without its dash, a PNG missing its last byte.
    expect(check(bytes('%PDF1.7'), 'application/pdf')).toBe('415 magic_bytes');
    expect(check(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]), 'image/png')).toBe('415 magic_bytes');
  });

  it('holds the declared type to what the bytes say', () => {
    expect(check(bytes('%PDF-1.7'), 'image/png')).toBe('415 declared_type_matches');
    expect(check(bytes('%PDF-1.7'), undefined)).toBe('415 declared_type_matches');
  });

  it('refuses a polyglot: any ZIP record anywhere in it', () => {
    for (const record of [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x01, 0x02], [0x50, 0x4b, 0x05, 0x06]])
      expect(check(bytes('%PDF-1.7\n', 'PPK', record, 'x'), 'application/pdf')).toBe('415 single_format');
    // PK alone, or at the very end with no room for a record, is just text.
    expect(check(bytes('%PDF-1.7\nPKZIP is a name\nPK'), 'application/pdf')).toBe('application/pdf');
  });

  it('refuses an empty file', () => {
    expect(check(new Uint8Array(0), 'application/pdf')).toBe('400 not_empty');
  });
});
