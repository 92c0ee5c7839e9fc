import { eventsBetween, findAgenciesByIds, type AccessEventRow } from '@ponte/db';
import type { Context } from '../context';
import { toCsv } from '../csv';
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
        who: { identifier: { system: names.identifierSystem(event.actor_kind === 'client' ? 'api-client' : 'user'), value: event.actor_id } },
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

/** The events a privacy officer may see in a time range, as a FHIR `searchset` Bundle of AuditEvents or CSV. */
export async function exportAccessEvents({ ctx, input }: { ctx: Context; input: { format: 'fhir' | 'csv'; from: string; to: string } }) {
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'export');
    const rows = await eventsBetween(tx, { from: new Date(input.from), to: new Date(input.to), limit: 1_000_000 });
    log.allow({ resource: 'AccessEvent', action: 'export', fields: [input.format], rule: 'privacy_officer.review' });
    if (input.format === 'csv')
      return toCsv([CSV_COLUMNS, ...rows.map((r) => CSV_COLUMNS.map((c) => (c === 'occurred_at' ? iso(r.occurred_at) : r[c])))]);
    const agencies = await findAgenciesByIds(tx, [...new Set(rows.flatMap((r) => [r.agency_id, ...(r.owning_agency_id ? [r.owning_agency_id] : [])]))]);
    const named: Agencies = new Map(agencies.map((a) => [a.id, { slug: a.slug, nameEn: a.name_en }]));
    const publicUrl = ctx.settings.publicUrl;
    const self = `${publicUrl}/v1/access-events/export?${new URLSearchParams({ format: 'fhir', from: input.from, to: input.to })}`;
    return searchsetBundle(self, iso(ctx.now()), rows.map((r) => toFhirAuditEvent(r, publicUrl, named)));
  });
}
