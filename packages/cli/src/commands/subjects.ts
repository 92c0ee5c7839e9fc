import { readFile } from 'node:fs/promises';
import type { components } from '@ponte/client';
import type { Command } from '../command';
import { jsonInput } from '../command';
import { fields, table } from '../io';
import { nextPageNote, PAGE_OPTIONS, pagingOf, readPages } from './paging';

/**
 * Subjects, as the agency's system registers and reads them. People's tables show references,
 * never personal data; `--json` prints what the hub answered (the categories you may read).
 */
type Subject = components['schemas']['Subject'];

const FILE = { file: { type: 'string', value: '<file|->', description: 'the JSON body (- for standard input)' } } as const;

const summary = (s: Subject) => ({ id: s.id, reference: s.reference, version: s.version, createdAt: s.createdAt, readable: s.access.readable, withheld: s.access.withheld.map((w) => `${w.category}:${w.rule}`) });

export const subjectsRegister: Command = {
  group: 'subjects',
  verb: 'register',
  summary: 'Register a subject from a JSON body (as POST /v1/subjects takes it).',
  options: { ...FILE },
  async run(ctx) {
    const body = await jsonInput(ctx, (path) => readFile(path, 'utf8'));
    const hub = await ctx.hub();
    const { data } = await hub.call(hub.api.POST('/v1/subjects', { body: body as never }));
    ctx.print(() => `registered subject ${data.id} (reference ${data.reference})\n`, data);
  },
};

export const subjectsGet: Command = {
  group: 'subjects',
  verb: 'get',
  summary: 'One subject: its reference, version and which categories you may read (all of it with --json).',
  positionals: { names: '<id>', min: 1, max: 1 },
  options: {},
  async run(ctx) {
    const hub = await ctx.hub();
    const { data, response } = await hub.call(hub.api.GET('/v1/subjects/{id}', { params: { path: { id: ctx.positionals[0]! } } }));
    ctx.print(() => fields({ ...summary(data), etag: response.headers.get('etag') }, [['id', 'id'], ['reference', 'reference'], ['version', 'version'], ['etag', 'etag'], ['createdAt', 'created'], ['readable', 'readable'], ['withheld', 'withheld']]), data);
  },
};

export const subjectsList: Command = {
  group: 'subjects',
  verb: 'list',
  summary: 'The subjects you may work on (need-to-know), newest first.',
  options: { ...PAGE_OPTIONS },
  async run(ctx) {
    const paging = pagingOf(ctx);
    const hub = await ctx.hub();
    const page = await readPages(paging, async (query) => (await hub.call(hub.api.GET('/v1/subjects', { params: { query } }))).data);
    ctx.print(() => table(page.items.map(summary), [['id', 'ID'], ['reference', 'REFERENCE'], ['version', 'VERSION'], ['createdAt', 'CREATED'], ['readable', 'READABLE']]) + nextPageNote(page.nextCursor), page);
  },
};

export const subjectsConsent: Command = {
  group: 'subjects',
  verb: 'consent',
  summary: "Record a subject's consent (or another legal basis) from a JSON body (as POST /v1/subjects/{id}/consents takes it).",
  positionals: { names: '<subject id>', min: 1, max: 1 },
  options: { ...FILE },
  async run(ctx) {
    const body = await jsonInput(ctx, (path) => readFile(path, 'utf8'));
    const hub = await ctx.hub();
    const { data } = await hub.call(hub.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: ctx.positionals[0]! } }, body: body as never }));
    ctx.print(() => `recorded consent ${data.consent.id}\n`, data);
  },
};
