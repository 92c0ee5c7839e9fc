import { eventsBetween, type AccessEventRow } from '@ponte/db';
import type { Context } from '../context';
import { toCsv } from '../csv';
import { iso } from '../util';
import { ensurePrivacyOfficer } from './privacy-officer';
import { withAudit } from './with-audit';

const BALP_ENTITY = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';
const ACTION_CODE: Record<string, 'C' | 'R' | 'U' | 'D' | 'E'> = { create: 'C', read: 'R', list: 'R', search: 'R', update: 'U', withdraw: 'U', export: 'R' };

/**
 * An access event as an HL7 FHIR R5 `AuditEvent`, after the IHE Basic Audit Log Patterns: the
 * agent who acted (by id and agency, never a token), the subject as the patient entity, the
 * request id as an `XrequestId` entity, the purpose of use and the outcome with the rule.
 */
export function toFhirAuditEvent(event: AccessEventRow, publicUrl: string) {
  const system = (name: string) => `${publicUrl}/fhir/CodeSystem/${name}`;
  return {
    resourceType: 'AuditEvent' as const,
    id: event.id,
    category: [{ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' }] }],
    code: { coding: [{ system: system('access-action'), code: `${event.resource}.${event.action}` }] },
    action: ACTION_CODE[event.action] ?? 'E',
    recorded: iso(event.occurred_at),
    outcome: {
      code: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-outcome', code: event.decision === 'allow' ? '0' : '4', display: event.decision === 'allow' ? 'Success' : 'Minor failure' },
      detail: [{ text: event.rule }],
    },
    authorization: [
      ...(event.purpose ? event.purpose.split(',').map((p) => ({ coding: [{ system: system('purpose'), code: p }] })) : []),
      ...(event.break_glass ? [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' }] }] : []),
    ],
    agent: [
      {
        type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110153', display: 'Source Role ID' }] },
        who: { identifier: { system: system(event.actor_kind === 'client' ? 'api-client' : 'user'), value: event.actor_id } },
        requestor: true,
      },
      { who: { reference: `Organization/${event.agency_id}` }, requestor: false },
    ],
    source: { observer: { display: 'Ponte hub' }, type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] }] },
    entity: [
      ...(event.subject_id
        ? [
            {
              what: { identifier: { system: system('subject'), value: event.subject_id } },
              role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' }] },
              detail: [
                { type: { text: 'categories' }, valueString: event.fields.join(',') },
                ...(event.legal_basis ? [{ type: { text: 'legal-basis' }, valueString: event.legal_basis }] : []),
                ...(event.owning_agency_id ? [{ type: { text: 'owning-agency' }, valueString: event.owning_agency_id }] : []),
              ],
            },
          ]
        : []),
      { what: { identifier: { value: event.request_id } }, role: { coding: [{ system: BALP_ENTITY, code: 'XrequestId' }] } },
    ],
  };
}

const CSV_COLUMNS = ['occurred_at', 'id', 'agency_id', 'actor_kind', 'actor_id', 'owning_agency_id', 'subject_id', 'resource', 'resource_id', 'action', 'fields', 'purpose', 'legal_basis', 'decision', 'rule', 'break_glass', 'request_id', 'client_request_id', 'log_index'] as const;

/** The events a privacy officer may see in a time range, as a FHIR Bundle of AuditEvents or CSV. */
export async function exportAccessEvents({ ctx, input }: { ctx: Context; input: { format: 'fhir' | 'csv'; from: string; to: string } }) {
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'export');
    const rows = await eventsBetween(tx, { from: new Date(input.from), to: new Date(input.to), limit: 1_000_000 });
    log.allow({ resource: 'AccessEvent', action: 'export', fields: [input.format], rule: 'privacy_officer.review' });
    if (input.format === 'csv')
      return toCsv([CSV_COLUMNS, ...rows.map((r) => CSV_COLUMNS.map((c) => (c === 'occurred_at' ? iso(r.occurred_at) : r[c])))]);
    return { resourceType: 'Bundle', type: 'collection', timestamp: iso(ctx.now()), total: rows.length, entry: rows.map((r) => ({ resource: toFhirAuditEvent(r, ctx.settings.publicUrl) })) };
  });
}
