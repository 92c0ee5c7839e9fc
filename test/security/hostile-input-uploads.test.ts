import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_MAX_BYTES } from '@ponte/contracts';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * Hostile uploads on `POST /v1/subjects/{id}/documents`, as a caseworker who may add documents to
 * the subject (so the input gets past authentication and the policy to the checks of the file
 * itself): files whose first bytes are no allowed kind (executables and archives named `.pdf`, a
 * zip bomb among them), polyglots, declared types that lie, empty and oversized bodies (one with a
 * `Content-Length`, one streamed without, which the hub stops reading past the limit), hostile
 * titles and categories. Every refusal is a 4xx problem naming its check, never a 5xx or a stack
 * trace, and stores nothing.
 */
const RUNS = Number(process.env.PONTE_HOSTILE_RUNS ?? 12) * 4;
const bytes = (...parts: Array<string | number[] | Uint8Array>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PDF_HEAD = bytes('%PDF-1.7\n');
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_END = [0x50, 0x4b, 0x05, 0x06];

/** A zip bomb's shape: a local header claiming a huge deflated entry, then little; named and declared a PDF. */
const ZIP_BOMB = bytes(ZIP_LOCAL, [0x14, 0, 0, 0, 8, 0, 0, 0, 0, 0], [0, 0, 0, 0], [0x00, 0x10, 0x00, 0x00], [0xff, 0xff, 0xff, 0xff], [8, 0, 0, 0], 'bomb.pdf', Buffer.alloc(4096, 0), ZIP_END, Buffer.alloc(18, 0));

let hub: TestHub;
let token: string;
let subjectId: string;

const stored = async () => (await sql<{ s: string }>`select concat_ws(',', (select count(*) from documents), (select count(*) from document_chunks), (select count(*) from idempotency_keys)) as s`.execute(hub.database.db)).rows[0]!.s;

function upload(body: RequestInit['body'], headers: Record<string, string> = {}, query = 'category=health') {
  return hub.app.request(`/v1/subjects/${subjectId}/documents?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'ponte-document-title': 'Report', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

/** A refusal: the status, a problem document naming the check, nothing stored. */
async function refused(res: Response, status: number, check?: string) {
  const text = await res.text();
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
  if (check) expect((JSON.parse(text) as { errors: Array<{ check: string }> }).errors).toContainEqual(expect.objectContaining({ check }));
}

beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 100_000 });
  token = await hub.tokenFor('iom', 'caseworker');
  const res = await hub.call('POST', '/v1/subjects', { token, json: { identity: { givenName: 'Hostile', familyName: 'Upload', estimatedAge: 30, sex: 'unknown', languages: ['pt'] } } });
  subjectId = ((await res.json()) as { id: string }).id;
});
afterAll(() => hub?.close());

describe('hostile uploads', () => {
  it.each([
    ['an executable named .pdf (MZ)', bytes('MZ', [0x90, 0, 3, 0], 'This program cannot be run in DOS mode.'), 'application/pdf', 415, 'magic_bytes'],
    ['an ELF binary named .pdf', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'application/pdf', 415, 'magic_bytes'],
    ['a zip bomb named .pdf', ZIP_BOMB, 'application/pdf', 415, 'magic_bytes'],
    ['a script named .pdf', bytes('#!/bin/sh\nrm -rf /\n'), 'application/pdf', 415, 'magic_bytes'],
    ['HTML declared a PNG', bytes('<html><script>alert(1)</script>'), 'image/png', 415, 'magic_bytes'],
    ['an SVG declared a PNG', bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/png', 415, 'magic_bytes'],
    ['a PDF that is also a ZIP (local header)', bytes(PDF_HEAD, ZIP_LOCAL, 'payload.exe', '\n%%EOF'), 'application/pdf', 415, 'single_format'],
    ['a PDF that ends with a ZIP directory', bytes(PDF_HEAD, '1 0 obj<<>>endobj\n', ZIP_END, Buffer.alloc(18, 0)), 'application/pdf', 415, 'single_format'],
    ['a JPEG that is also a ZIP', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF', ZIP_LOCAL, [0xff, 0xd9]), 'image/jpeg', 415, 'single_format'],
    ['a PDF declared a JPEG', bytes(PDF_HEAD, '%%EOF'), 'image/jpeg', 415, 'declared_type_matches'],
    ['a PDF declared as an executable', bytes(PDF_HEAD, '%%EOF'), 'application/x-msdownload', 415, 'declared_type_matches'],
    ['a PDF with no declared type', bytes(PDF_HEAD, '%%EOF'), '', 415, 'declared_type_matches'],
    ['an empty body', new Uint8Array(0), 'application/pdf', 400, 'not_empty'],
  ])('refuses %s, storing nothing', async (_name, content, type, status, check) => {
    const before = await stored();
    await refused(await upload(content, type ? { 'content-type': type } : { 'content-type': '' }), status, check);
    expect(await stored()).toBe(before);
  });

  it('refuses a body past the limit on its Content-Length, storing nothing', async () => {
    const before = await stored();
    await refused(await upload(bytes(PDF_HEAD, Buffer.alloc(DEFAULT_DOCUMENT_MAX_BYTES, 0x20))), 413, 'max_size');
    expect(await stored()).toBe(before);
  });

  it('stops reading a streamed body (no Content-Length) once it passes the limit', async () => {
    const before = await stored();
    let sent = 0;
    const piece = new Uint8Array(64 * 1024).fill(0x20);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(PDF_HEAD);
        sent += piece.length;
        if (sent > 20 * DEFAULT_DOCUMENT_MAX_BYTES) controller.close();
        else controller.enqueue(piece);
      },
    });
    await refused(await upload(endless), 413, 'max_size');
    // It read the limit and a piece or two more, not the 200 MiB on offer.
    expect(sent).toBeLessThan(DEFAULT_DOCUMENT_MAX_BYTES + 4 * piece.length);
    expect(await stored()).toBe(before);
  });

  it.each([
    ['a title with a line break (header injection)', { 'ponte-document-title': 'Report%0D%0ASet-Cookie:%20x=1' }, 'category=health', 'title'],
    ['a title with NUL', { 'ponte-document-title': 'a%00b' }, 'category=health', 'title'],
    ['a title that is not UTF-8', { 'ponte-document-title': '%C3%28' }, 'category=health', 'percent_encoding'],
    ['a title too long', { 'ponte-document-title': 'x'.repeat(201) }, 'category=health', 'title'],
    ['no title', { 'ponte-document-title': '' }, 'category=health', undefined],
    ['an unknown category', {}, 'category=diary', undefined],
    ['a category injection', {}, `category=${encodeURIComponent("health'; drop table documents; --")}`, undefined],
    ['two categories', {}, 'category=health&category=identity', undefined],
  ])('refuses %s, storing nothing', async (_name, headers, query, check) => {
    const before = await stored();
    await refused(await upload(bytes(PDF_HEAD, '%%EOF'), headers, query), 400, check);
    expect(await stored()).toBe(before);
  });

  it(`never stores, nor answers 5xx to, bytes whose first bytes are no allowed kind (${RUNS} generated files)`, async () => {
    const before = await stored();
    const head = fc.uint8Array({ minLength: 1, maxLength: 2048 }).filter((b) => !(b[0] === 0x25 && b[1] === 0x50) && b[0] !== 0xff && b[0] !== 0x89);
    for (const content of fc.sample(head, { numRuns: RUNS, seed: 21 })) {
      const type = fc.sample(fc.constantFrom('application/pdf', 'image/png', 'image/jpeg'), { numRuns: 1, seed: content.length })[0]!;
      await refused(await upload(content, { 'content-type': type }), 415, 'magic_bytes');
    }
    expect(await stored()).toBe(before);
  });

  it('still takes a well-formed PDF after all that, and answers its SHA-256', async () => {
    const res = await upload(bytes(PDF_HEAD, '1 0 obj<<>>endobj\n%%EOF\n'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
