import type { AccessEventRow } from '@ponte/db';

/**
 * The canonical encoding of an access event: a JSON array of its fields in a fixed order,
 * including its place in the log, so a changed field, a moved event or a deleted one changes
 * the leaf it hashes to. The sealer and the verifier have PostgreSQL write the same bytes where
 * the events are (`sealNextEvents`, `failingLeaves` in the data package); a test holds the
 * two encodings to the same leaf on generated events, so a change here must be made there too.
 */
export function canonicalEvent(event: AccessEventRow, logIndex: number): Buffer {
  return Buffer.from(
    JSON.stringify([
      'ponte.access-event.v1',
      logIndex,
      event.id,
      event.agency_id,
      new Date(event.occurred_at).toISOString(),
      event.actor_kind,
      event.actor_id,
      event.owning_agency_id,
      event.subject_id,
      event.resource,
      event.resource_id,
      event.action,
      [...event.fields],
      event.purpose,
      event.legal_basis,
      event.decision,
      event.rule,
      event.break_glass,
      event.request_id,
    ]),
    'utf8',
  );
}
