import { PonteError, type RuleCode } from '@ponte/contracts';
import { accessEventsAppended, breakGlassGrants, policyDecisions } from '@ponte/metrics';
import { insertAccessEvents, insertAccessEventsAtCommit, withTenant, type Db, type NewAccessEvent, type Opened, type ScopedTx } from '@ponte/db';

export interface AccessRecord {
  resource: 'Subject' | 'Consent' | 'AccessEvent' | 'Referral' | 'ReferredSubject' | 'Document' | 'ReferredDocument' | 'Event' | 'Webhook' | 'LogWitness' | 'Account' | 'ApiClient' | 'Transfer';
  resourceId?: string | null | undefined;
  action: string;
  subjectId?: string | null | undefined;
  owningAgencyId?: string | null | undefined;
  /** Names of what was read or written (categories, fields); never values. */
  fields?: readonly string[] | undefined;
  purpose?: string | null | undefined;
  legalBasis?: string | null | undefined;
  rule: RuleCode;
  breakGlass?: boolean | undefined;
}

/** Who is acting, in which agency and request: what every access event of a unit of work shares. */
export interface AccessActor {
  agencyId: string;
  /** `system`: the hub's own job in the agency (the retention job). */
  kind: 'user' | 'client' | 'hub_operator' | 'system';
  id: string;
  requestId: string;
  /** The caller's own request id, kept beside the hub's. */
  clientRequestId: string | null;
  now: () => Date;
  /** The acting agency's slug, for metrics (asked once the events are written; a closed set, unlike ids). */
  agencyLabel?: (() => string | undefined) | undefined;
}

/** Counts events written to the log, by what the policy decided (metrics carry names and codes, never values). */
export function countAccessEvents(actor: AccessActor, events: readonly NewAccessEvent[]): void {
  if (events.length === 0) return;
  const agency = actor.agencyLabel?.() ?? 'unknown';
  for (const event of events) {
    accessEventsAppended.inc({ decision: event.decision });
    policyDecisions.inc({ agency, resource: event.resource, action: event.action, rule: event.rule, decision: event.decision });
    if (event.break_glass && event.decision === 'allow' && event.action === 'break_glass') breakGlassGrants.inc({ agency });
  }
}

/**
 * The access events of one request. Allowed accesses are written in the same transaction as
 * the access, so if the event cannot be written the access does not happen; denials are
 * written after the request's transaction rolls back, so they survive it.
 */
export class AccessLog {
  readonly #allowed: NewAccessEvent[] = [];
  readonly #denied: NewAccessEvent[] = [];
  constructor(private readonly actor: AccessActor) {}

  allow(record: AccessRecord): void {
    this.#allowed.push(this.#event(record, 'allow'));
  }

  deny(record: AccessRecord): void {
    this.#denied.push(this.#event(record, 'deny'));
  }

  /**
   * Records the denial under the rule the error names, and returns the error to throw: the caller
   * is answered with the same rule the access log keeps.
   */
  refuse(record: Omit<AccessRecord, 'rule'>, error: PonteError): PonteError {
    if (!error.rule) throw new Error(`a refusal must name its rule (${error.code})`);
    this.deny({ ...record, rule: error.rule });
    return error;
  }

  /** Runs a policy check; its refusal is kept as {@link refuse} keeps one, and thrown. */
  refusing(record: Omit<AccessRecord, 'rule'>, check: () => void): void {
    try {
      check();
    } catch (error) {
      if (error instanceof PonteError) throw this.refuse(record, error);
      throw error;
    }
  }

  takeAllowed(): NewAccessEvent[] {
    return this.#allowed.splice(0);
  }

  takeDenied(): NewAccessEvent[] {
    return this.#denied.splice(0);
  }

  #event(record: AccessRecord, decision: 'allow' | 'deny'): NewAccessEvent {
    const { actor } = this;
    return {
      agency_id: actor.agencyId,
      occurred_at: actor.now(),
      actor_kind: actor.kind,
      actor_id: actor.id,
      owning_agency_id: record.owningAgencyId ?? null,
      subject_id: record.subjectId ?? null,
      resource: record.resource,
      resource_id: record.resourceId ?? null,
      action: record.action,
      fields: [...(record.fields ?? [])],
      purpose: record.purpose ?? null,
      legal_basis: record.legalBasis ?? null,
      decision,
      rule: record.rule,
      break_glass: record.breakGlass ?? false,
      request_id: actor.requestId,
      client_request_id: actor.clientRequestId,
    };
  }
}

/**
 * Runs `work` in the unit of work `inScope` opens for the actor, with its access log: the events
 * are appended in that transaction before it commits; if it fails, the denials are appended in a
 * transaction of their own, in the actor's agency and role, so a refusal is recorded even when the
 * request is rolled back.
 *
 * `readOnly`: the unit `inScope` opens cannot write (it reads on the read replica). Its events are
 * then appended on `db`, the primary, in a unit of their own (one round trip) once it has read, and
 * the result is returned only after they are: an access whose event cannot be written is never
 * answered, as when both share a transaction. A replica writes no access event itself.
 */
export async function withAccessLog<T>(
  db: Db,
  actor: AccessActor,
  inScope: (work: (tx: ScopedTx, opened: Opened) => Promise<T>) => Promise<T>,
  work: (tx: ScopedTx, log: AccessLog, opened: Opened) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const log = new AccessLog(actor);
  let written: NewAccessEvent[] = [];
  try {
    const result = await inScope(async (tx, opened) => {
      const result = await work(tx, log, opened);
      // Written last, with the commit: one round trip for both.
      written = [...log.takeAllowed(), ...log.takeDenied()];
      if (!options.readOnly) insertAccessEventsAtCommit(tx, written);
      return result;
    });
    if (options.readOnly && written.length > 0) await withTenant(db, actor.agencyId, async (tx) => insertAccessEventsAtCommit(tx, written), actor.kind);
    countAccessEvents(actor, written);
    return result;
  } catch (error) {
    const denied = log.takeDenied();
    if (denied.length > 0) {
      await withTenant(db, actor.agencyId, (tx) => insertAccessEvents(tx, denied), actor.kind);
      countAccessEvents(actor, denied);
    }
    throw error;
  }
}
