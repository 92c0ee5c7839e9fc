/**
 * Where each table of the schema would live on Citus, past one database machine (DESIGN.md): the
 * one list of it. `infra/citus/distribute.sql` applies it, and `test/db/citus-ready.int.test.ts`
 * holds the schema to it: every table is named here, and every key of a distributed table
 * includes its distribution column, so that each agency's rows, and everything they reference,
 * sit on one shard.
 *
 * - **distributed**: an agency's own rows, sharded by `agency_id`, all in one co-location group
 *   (an agency's subjects, consents, referrals and access events share a shard).
 * - **reference**: small tables every node needs whole, copied to each node: the catalogue, and
 *   the look-ups that answer for every agency (which agency owns a subject, whose a witness key is).
 * - **coordinator**: the hub's own tables, kept on the coordinator: the migration ledger, the
 *   hub's keys and sessions, and the access log's tree, which is one sequence across agencies.
 */
export const DISTRIBUTION_COLUMN = 'agency_id';

/** The first table distributed, with which every other is co-located (`colocate_with`): it references no other agency table. */
export const COLOCATION_ANCHOR = 'users';

export type Placement = 'distributed' | 'reference' | 'coordinator';

export interface TablePlacement {
  placement: Placement;
  /** Why it is placed so, in a line. */
  reason: string;
}

export const TABLE_PLACEMENT = {
  // The catalogue and the look-ups every agency's requests need, wherever they run.
  agencies: { placement: 'reference', reason: 'the tenants themselves: read by every request, written by the hub operator' },
  agency_services: { placement: 'reference', reason: 'the public service directory, searched across agencies to route a referral' },
  agreements: { placement: 'reference', reason: 'between two agencies, read by both and by every referral check; few, written by the hub operator' },
  subject_owners: { placement: 'reference', reason: 'which agency owns a subject id, looked up when another agency asks for that id' },
  log_witness_keys: { placement: 'reference', reason: 'a witness key is one agency\'s across the hub (unique public key); few, read by the auditor' },

  // An agency's own rows.
  users: { placement: 'distributed', reason: "an agency's people" },
  api_clients: { placement: 'distributed', reason: "an agency's machine identities; the client id names the agency (`<slug>.<random>`)" },
  subjects: { placement: 'distributed', reason: 'data subjects, owned by the agency that registered them' },
  subject_assignments: { placement: 'distributed', reason: "a subject's assignments, beside the subject" },
  consents: { placement: 'distributed', reason: "a subject's consents, beside the subject" },
  consent_withdrawals: { placement: 'distributed', reason: "a consent's withdrawal, beside the consent" },
  break_glass_grants: { placement: 'distributed', reason: "emergency access to the agency's own subject" },
  referrals: { placement: 'distributed', reason: "the sender's: beside the subject and consent it is built on; the recipient reads it across shards" },
  referral_transitions: { placement: 'distributed', reason: "a referral's history, beside the referral (the sender's agency)" },
  referral_rectifications: { placement: 'distributed', reason: "corrections of what a referral shares, in its history, beside the referral (the sender's agency)" },
  referral_messages: { placement: 'distributed', reason: "a referral's conversation, beside the referral (the sender's agency)" },
  referral_message_reads: { placement: 'distributed', reason: "who read a referral's messages, beside the messages (the sender's agency)" },
  documents: { placement: 'distributed', reason: "files attached to a subject, beside the subject (the owner agency); a referral's recipient reads them across shards" },
  document_chunks: { placement: 'distributed', reason: "a document's content in pieces, beside the document" },
  subject_transfers: { placement: 'distributed', reason: "a transfer of responsibility, beside the sender's subject; the recipient reads it across shards" },
  legal_holds: { placement: 'distributed', reason: "a hold on erasing the agency's own subject, beside the subject" },
  purge_requests: { placement: 'distributed', reason: "the owner's requests to purge an erased subject's data, beside the subject; the recipient reads and attests across shards" },
  retention_schedules: { placement: 'distributed', reason: "an agency's retention schedule (no personal data), read by the worker across agencies" },
  retention_runs: { placement: 'distributed', reason: "an agency's daily retention runs and their reports (subject ids only)" },
  event_counters: { placement: 'distributed', reason: "an agency's outbox numbering" },
  events: { placement: 'distributed', reason: "an agency's outbox" },
  webhook_endpoints: { placement: 'distributed', reason: "an agency's webhook endpoints" },
  webhook_deliveries: { placement: 'distributed', reason: "deliveries of an agency's events to its endpoints" },
  idempotency_keys: { placement: 'distributed', reason: "an agency's principals' idempotency keys (the operator's under the nil agency)" },
  access_events: { placement: 'distributed', reason: "the access log's events, by the acting agency: the largest table" },
  log_pending: { placement: 'distributed', reason: 'the sealing queue, filled beside each appended event by its trigger' },
  log_leaves: { placement: 'distributed', reason: 'an event\'s place in the log, beside the event it is joined to; places stay one sequence (the tiles)' },
  access_reviews: { placement: 'distributed', reason: "a privacy officer's reviews in the agency" },
  log_verifications: { placement: 'distributed', reason: "an agency's requested log verifications" },
  log_cosignatures: { placement: 'distributed', reason: "an agency's witnesses' cosignatures" },

  // The hub's own.
  kysely_migration: { placement: 'coordinator', reason: 'the migration ledger' },
  kysely_migration_lock: { placement: 'coordinator', reason: "the migrator's lock" },
  operators: { placement: 'coordinator', reason: 'hub operators belong to no agency; few, read at sign-in' },
  signing_keys: { placement: 'coordinator', reason: "the hub's signing keys" },
  console_sessions: { placement: 'coordinator', reason: 'web console sessions, by the hash of a browser id, before any agency is known' },
  rate_limits: { placement: 'coordinator', reason: 'sign-in limits, counted before any agency is known' },
  log_heads: { placement: 'coordinator', reason: "the log's signed heads: one sequence across agencies" },
  log_tiles: { placement: 'coordinator', reason: "the log's tree: one across agencies, written by the one sealer" },
  log_partition_archives: { placement: 'coordinator', reason: 'months of the log archived, by month, across agencies' },
} as const satisfies Record<string, TablePlacement>;

export type ClassifiedTable = keyof typeof TABLE_PLACEMENT;

/** The tables placed so, in the order above. */
export function tablesPlaced(placement: Placement): ClassifiedTable[] {
  return (Object.keys(TABLE_PLACEMENT) as ClassifiedTable[]).filter((table) => TABLE_PLACEMENT[table].placement === placement);
}
