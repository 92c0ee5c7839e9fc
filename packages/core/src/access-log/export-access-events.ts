import { EXPORT_BUNDLE_MAX, fieldError, PonteError, type AccessExportQuery } from '@ponte/contracts';
import { eventsBetween, findAgenciesByIds, withinBudget, type AccessEventRow } from '@ponte/db';
import type { Context } from '../context';
import { toCsv } from '../csv';
import { decodeCursor, encodeCursor } from '../paging';
import { iso } from '../util';
import { fhirNames, searchsetBundle } from '../fhir/fhir-names';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

const BALP_ENTITY = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const ACTION_CODE: Record<string, 'C' | 'R' | 'U' | 'D' | 'E'> = { create: 'C', read: 'R', list: 'R', search: 'R', update: 'U', withdraw: 'U', export: 'R' };

type Agencies = ReadonlyMap<string, { slug: string; nameEn: string }>;

/**
 * An access event as an HL7 FHIR R5 `AuditEvent`, after the IHE Basic Audit Log Patterns: the
 * agent who acted (by id, never a token) and its agency, the subject as `patient` and as the
 * patient entity, the agency that holds the subject's data as the data repository entity, the
 * request id as an `XrequestId` entity, the purpose of use (when recorded) and the outcome with
 * the rule. Agencies carry the same identifier system as in the Consent.
 */
export function toFhirAuditEvent(event: AccessEventRow, publicUrl: string, agencies: Agencies) {
  const names = fhirNames(publicUrl);
  const organization = (id: string) => names.organization(agencies.get(id) ?? { slug: id });
  const authorization = [
    ...(event.purpose ? event.purpose.split(',').map((p) => ({ coding: [{ system: names.codeSystem('purpose'), code: p }] })) : []),
    ...(event.break_glass ? [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' }] }] : []),
  ];
  const details = [
    ...(event.fields.length > 0 ? [{ type: { text: 'categories' }, valueString: event.fields.join(',') }] : []),
    ...(event.legal_basis ? [{ type: { text: 'legal-basis' }, valueString: event.legal_basis }] : []),
  ];
  return {
    resourceType: 'AuditEvent' as const,
    id: event.id,
    category: [{ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' }] }],
    code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' }], text: `${event.resource}.${event.action}` },
    action: ACTION_CODE[event.action] ?? 'E',
    recorded: iso(event.occurred_at),
    outcome: {
      code: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-outcome', code: event.decision === 'allow' ? '0' : '4', display: event.decision === 'allow' ? 'Success' : 'Minor failure' },
      detail: [{ text: event.rule }],
    },
    ...(authorization.length > 0 ? { authorization } : {}),
    ...(event.subject_id ? { patient: names.patient(event.subject_id) } : {}),
    agent: [
      {
        type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110153', display: 'Source Role ID' }] },
        // The retention job acts as its run: its id is the run's (GET /v1/retention/runs/{id}).
        who: { identifier: { system: names.identifierSystem(event.actor_kind === 'client' ? 'api-client' : event.actor_kind === 'system' ? 'retention-run' : 'user'), value: event.actor_id } },
        requestor: true,
      },
      { who: organization(event.agency_id), requestor: false },
    ],
    source: { observer: { display: 'Ponte hub' }, type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] }] },
    entity: [
      ...(event.subject_id
        ? [{ what: names.patient(event.subject_id), role: { coding: [{ system: OBJECT_ROLE, code: '1', display: 'Patient' }] }, ...(details.length > 0 ? { detail: details } : {}) }]
        : []),
      ...(event.owning_agency_id ? [{ what: organization(event.owning_agency_id), role: { coding: [{ system: OBJECT_ROLE, code: '17', display: 'Data Repository' }] } }] : []),
      { what: { identifier: { value: event.request_id } }, role: { coding: [{ system: BALP_ENTITY, code: 'XrequestId' }] } },
    ],
  };
}

const CSV_COLUMNS = ['occurred_at', 'id', 'agency_id', 'actor_kind', 'actor_id', 'owning_agency_id', 'subject_id', 'resource', 'resource_id', 'action', 'fields', 'purpose', 'legal_basis', 'decision', 'rule', 'break_glass', 'request_id', 'client_request_id', 'log_index'] as const;

/** Events read in one unit of work while an export streams: each page its own short transaction. */
const STREAM_PAGE = 1000;
/** The time one page's unit of work may take (a streamed export as a whole has no deadline). */
const PAGE_BUDGET_MS = 30_000;

type Row = AccessEventRow & { log_index: number | null; at_key: string };
type Position = { atKey: string; id: string };

/** The export as it is answered: a FHIR Bundle page, or a stream of text read a page of the log at a time. */
export type AccessExport =
  | { format: 'fhir'; bundle: ReturnType<typeof searchsetBundle> }
  | { format: 'ndjson' | 'csv'; contentType: string; chunks: AsyncGenerator<string, void, undefined> };

const badCursor = () =>
  new PonteError('invalid_request', { en: 'The cursor is not valid here', pt: 'O cursor não é válido aqui' }, [
    fieldError('query', ['cursor'], 'cursor', { en: 'not a cursor this export gave your agency', pt: 'não é um cursor que esta exportação deu à sua agência' }),
  ]);

/** A page of the window's events in its own unit of work (scoped to the agency), with the names of the agencies in it not yet known. */
async function readPage(ctx: Context, window: { from: Date; to: Date }, after: Position | undefined, limit: number, agencies: Map<string, { slug: string; nameEn: string }>) {
  return withAudit(ctx, async (tx) => {
    const rows: Row[] = await eventsBetween(tx, { ...window, after, limit });
    const unknown = [...new Set(rows.flatMap((r) => [r.agency_id, ...(r.owning_agency_id ? [r.owning_agency_id] : [])]))].filter((id) => !agencies.has(id));
    if (unknown.length > 0) for (const a of await findAgenciesByIds(tx, unknown)) agencies.set(a.id, { slug: a.slug, nameEn: a.name_en });
    return rows;
  });
}

/**
 * Every event of the window, a page at a time, each page read in its own short unit of work
 * under a budget of its own: nothing is held open between pages (on embedded PGlite, with its one
 * connection, other requests go between them), and at most a page is held in memory. The
 * position is the last row's (time, id): a row is never given twice; one written during the
 * export is given if it sorts after the position reached and before `to`.
 */
async function* rowsOf(ctx: Context, window: { from: Date; to: Date }, agencies: Map<string, { slug: string; nameEn: string }>): AsyncGenerator<Row[], void, undefined> {
  let after: Position | undefined;
  for (;;) {
    const rows = await withinBudget(PAGE_BUDGET_MS, () => readPage(ctx, window, after, STREAM_PAGE, agencies));
    if (rows.length > 0) yield rows;
    if (rows.length < STREAM_PAGE) return;
    const last = rows.at(-1)!;
    after = { atKey: last.at_key, id: last.id };
  }
}

const csvRow = (r: Row) => CSV_COLUMNS.map((c) => (c === 'occurred_at' ? iso(r.occurred_at) : r[c]));

/** The header line goes with the first page, so the first chunk has read the database. */
async function* csvChunks(pages: AsyncGenerator<Row[], void, undefined>) {
  let header = toCsv([CSV_COLUMNS]);
  for await (const rows of pages) {
    yield header + toCsv(rows.map(csvRow));
    header = '';
  }
  if (header) yield header;
}

async function* ndjsonChunks(pages: AsyncGenerator<Row[], void, undefined>, publicUrl: string, agencies: Agencies) {
  for await (const rows of pages) yield rows.map((r) => `${JSON.stringify(toFhirAuditEvent(r, publicUrl, agencies))}\n`).join('');
}

/**
 * The events a privacy officer may see in a time range: a page of a FHIR `searchset` Bundle of
 * AuditEvents (its `next` link carries the cursor of the page after), or the whole range as FHIR
 * NDJSON or CSV, streamed. The export is checked and recorded in the access log (one event, in a
 * unit of its own, committed before anything is read), then read a page at a time.
 */
export async function exportAccessEvents({ ctx, input }: { ctx: Context; input: AccessExportQuery }): Promise<AccessExport> {
  const agencyId = ctx.principal.agencyId;
  const position = decodeCursor(input.cursor, ['atKey', 'id', 'agency'] as const);
  if (position && position.agency !== agencyId) throw badCursor();
  await withAudit(ctx, async (_tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'export');
    log.allow({ resource: 'AccessEvent', action: 'export', fields: [input.format], rule: 'privacy_officer.review' });
  });
  const window = { from: new Date(input.from), to: new Date(input.to) };
  const agencies = new Map<string, { slug: string; nameEn: string }>();
  const publicUrl = ctx.settings.publicUrl;
  if (input.format === 'csv') return { format: 'csv', contentType: 'text/csv; charset=utf-8', chunks: csvChunks(rowsOf(ctx, window, agencies)) };
  if (input.format === 'ndjson') return { format: 'ndjson', contentType: 'application/fhir+ndjson', chunks: ndjsonChunks(rowsOf(ctx, window, agencies), publicUrl, agencies) };

  const limit = input.limit ?? EXPORT_BUNDLE_MAX;
  const after = position ? { atKey: position.atKey, id: position.id } : undefined;
  const rows = await readPage(ctx, window, after, limit, agencies);
  const pageUrl = (extra: Record<string, string>) =>
    `${publicUrl}/v1/access-events/export?${new URLSearchParams({ format: 'fhir', from: input.from, to: input.to, ...(input.limit ? { limit: String(input.limit) } : {}), ...extra })}`;
  const last = rows.length === limit ? rows.at(-1) : undefined;
  const bundle = searchsetBundle(pageUrl(input.cursor ? { cursor: input.cursor } : {}), iso(ctx.now()), rows.map((r) => toFhirAuditEvent(r, publicUrl, agencies)), {
    next: last ? pageUrl({ cursor: encodeCursor({ atKey: last.at_key, id: last.id, agency: agencyId! }) }) : undefined,
    // The number of matches is known when this page holds them all.
    whole: !input.cursor && !last,
  });
  return { format: 'fhir', bundle };
}
