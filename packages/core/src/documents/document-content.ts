import { fieldError, PonteError, type DocumentContentType } from '@ponte/contracts';

/** The first bytes of each kind of file a document may be (its "magic bytes"). */
const SIGNATURES: ReadonlyArray<{ type: DocumentContentType; magic: readonly number[] }> = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/**
 * The records of a ZIP archive (local file header, central directory entry, end of central
 * directory): a file of an allowed kind that also holds one of these is a polyglot, readable as an
 * archive by whatever opens it next (an office suite, an unpacker), and is refused.
 */
const ZIP_RECORDS: ReadonlyArray<readonly number[]> = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x01, 0x02],
  [0x50, 0x4b, 0x05, 0x06],
];

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

function holdsZipRecord(bytes: Uint8Array): boolean {
  for (let at = bytes.indexOf(0x50); at >= 0 && at + 4 <= bytes.length; at = bytes.indexOf(0x50, at + 1))
    if (bytes[at + 1] === 0x4b && ZIP_RECORDS.some((record) => startsWith(bytes, record, at))) return true;
  return false;
}

/** The media type a client declared, without parameters, in lower case. */
const mediaType = (declared: string | undefined) => (declared ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * What a document's content is, decided by its first bytes against the allow-list (PDF, JPEG,
 * PNG), never by a name or the declared type alone; the declared type must agree. Refused, with
 * the check that failed and nothing stored: an empty file (`not_empty`), a file of no allowed kind,
 * an executable or archive named `.pdf` among them (`magic_bytes`), a declared type that is not
 * what the bytes say (`declared_type_matches`), and a polyglot, a file of an allowed kind that
 * also holds a ZIP archive's records (`single_format`).
 */
export function inspectDocument(content: Uint8Array, declared: string | undefined): DocumentContentType {
  if (content.length === 0)
    throw new PonteError('invalid_request', { en: 'The file is empty', pt: 'O ficheiro está vazio' }, [fieldError('body', [], 'not_empty', { en: 'send the file’s bytes as the body', pt: 'envie os bytes do ficheiro como corpo' })]);
  const found = SIGNATURES.find((s) => startsWith(content, s.magic));
  if (!found)
    throw new PonteError('unsupported_media_type', { en: 'The file is not a PDF, JPEG or PNG (by its first bytes)', pt: 'O ficheiro não é PDF, JPEG nem PNG (pelos primeiros bytes)' }, [
      fieldError('body', [], 'magic_bytes', { en: 'the file’s first bytes must be those of a PDF, a JPEG or a PNG', pt: 'os primeiros bytes do ficheiro têm de ser os de um PDF, JPEG ou PNG' }),
    ]);
  if (mediaType(declared) !== found.type)
    throw new PonteError('unsupported_media_type', { en: `The file is a ${found.type}, not what Content-Type says`, pt: `O ficheiro é ${found.type}, não o que o Content-Type diz` }, [
      fieldError('header', ['content-type'], 'declared_type_matches', { en: `must be ${found.type}, as the file’s first bytes say`, pt: `tem de ser ${found.type}, como dizem os primeiros bytes do ficheiro` }),
    ]);
  if (holdsZipRecord(content))
    throw new PonteError('unsupported_media_type', { en: 'The file is also a ZIP archive (a polyglot)', pt: 'O ficheiro é também um arquivo ZIP (um poliglota)' }, [
      fieldError('body', [], 'single_format', { en: 'the file must be one kind of file only, holding no ZIP archive', pt: 'o ficheiro tem de ser de um só tipo, sem conter um arquivo ZIP' }),
    ]);
  return found.type;
}
