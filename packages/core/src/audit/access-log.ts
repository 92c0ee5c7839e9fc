import { PonteError, type RuleCode } from '@ponte/contracts';
import { insertAccessEvents, withTenant, type NewAccessEvent, type ScopedTx } from '@ponte/db';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';

export interface AccessRecord {
  resource: 'Subject' | 'Consent' | 'AccessEvent' | 'Referral' | 'ReferredSubject' | 'Event' | 'Webhook';
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

/**
 * The access events of one request. Allowed accesses are written in the same transaction as
 * the access, so if the event cannot be written the access does not happen; denials are
 * written after the request's transaction rolls back, so they survive it.
 */
export class AccessLog {
  readonly #allowed: NewAccessEvent[] = [];
  readonly #denied: NewAccessEvent[] = [];
  constructor(private readonly ctx: Context) {}

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

  takeAllowed(): NewAccessEvent[] {
    return this.#allowed.splice(0);
  }

  takeDenied(): NewAccessEvent[] {
    return this.#denied.splice(0);
  }

  #event(record: AccessRecord, decision: 'allow' | 'deny'): NewAccessEvent {
    const { principal } = this.ctx;
    return {
      agency_id: principal.agencyId!,
      occurred_at: this.ctx.now(),
      actor_kind: principal.kind === 'client' ? 'client' : 'user',
      actor_id: principal.id,
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
      request_id: this.ctx.requestId,
      client_request_id: this.ctx.clientRequestId ?? null,
    };
  }
}

/**
 * One unit of work on case data in the principal's agency, with its access log. The hub
 * operator has no agency and is refused before anything is read.
 */
export async function withAudit<T>(ctx: Context, work: (tx: ScopedTx, log: AccessLog) => Promise<T>): Promise<T> {
  const { principal } = ctx;
  const agencyId = principal.agencyId;
  if (principal.kind === 'hub_operator' || !agencyId) {
    ctx.logger.warn({ event: 'access.denied', rule: 'hub_operator.no_case_data' }, 'case data refused to the hub operator');
    throw new PonteError('forbidden', { en: 'The hub operator has no access to case data', pt: 'O operador do hub não tem acesso a dados de casos' }, undefined, {
      rule: 'hub_operator.no_case_data',
    });
  }
  const log = new AccessLog(ctx);
  const actor = principal.kind === 'client' ? 'client' : 'user';
  try {
    return await inPrincipalScope(ctx, async (tx) => {
      const result = await work(tx, log);
      await insertAccessEvents(tx, [...log.takeAllowed(), ...log.takeDenied()]);
      return result;
    });
  } catch (error) {
    const denied = log.takeDenied();
    if (denied.length > 0) await withTenant(ctx.db, agencyId, (tx) => insertAccessEvents(tx, denied), actor);
    throw error;
  }
}
