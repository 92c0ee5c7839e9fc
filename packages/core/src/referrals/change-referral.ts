import { PonteError, type Referral, type ReferralStatus, type ReferralStep } from '@ponte/contracts';
import { findReferral, transitionReferral, type ReferralRow, type ScopedTx } from '@ponte/db';
import { REFERRAL_STEP_FROM } from '@ponte/policy';
import type { Context } from '../context';
import type { AccessLog } from '@ponte/audit';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { loadReferral, recordTransition, referralAccess, viewReferral, type LoadedReferral } from './referral-access';
import { subjectOwnerOf } from './referral-checks';

export interface ReferralChange {
  id: string;
  action: ReferralStep;
  /** The status it moves to; `same` keeps it (an assignment). */
  to: ReferralStatus | 'same';
  /** The version the caller read (`If-Match`); without it, the current one. */
  expectedVersion?: number | undefined;
  reason?: string | null | undefined;
  eventType: string;
  /** Extra fields for the event's data (codes, never free text). */
  eventData?: Record<string, unknown>;
  /** Extra columns for this transition, computed once the referral is loaded. */
  set?: (loaded: LoadedReferral, tx: ScopedTx, log: AccessLog) => Promise<Parameters<typeof transitionReferral>[2]['set']>;
}

/**
 * One step of a referral's lifecycle, enforced in the database: the row moves only if it is
 * still in an allowed status at the expected version, so of two people accepting at once,
 * exactly one succeeds and the other gets 409 (or 412 with a stale `If-Match`).
 */
export async function changeReferral(ctx: Context, change: ReferralChange): Promise<Referral> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const loaded = await loadReferral(tx, ctx, ability, log, change.id, change.action);
    const { row } = loaded;
    if (change.expectedVersion !== undefined && change.expectedVersion !== row.version) throw stale(row);
    const from = REFERRAL_STEP_FROM[change.action];
    if (!(from as readonly string[]).includes(row.status)) throw notFrom(row, change);
    const at = ctx.now();
    const to = change.to === 'same' ? row.status : change.to;
    const set = change.set ? await change.set(loaded, tx, log) : undefined;
    const updated = await transitionReferral(tx, row.id, {
      from,
      expectedVersion: change.expectedVersion ?? row.version,
      to,
      at,
      set: { ...(set ?? {}), ...(change.reason !== undefined ? { reason: change.reason } : {}) },
    });
    if (!updated) {
      // Someone else moved it first: report what it is now.
      const current = (await findReferral(tx, row.id))!;
      throw change.expectedVersion !== undefined ? stale(current) : notFrom(current, change);
    }
    const written = recordTransition(tx, ctx, updated, row.status, change.eventType, change.reason ?? null, change.eventData);
    log.allow({ resource: 'Referral', resourceId: row.id, action: change.action, subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row), rule: `referral.${change.action}` });
    const { detail } = await referralAccess(tx, ctx, ability, { ...loaded, row: updated });
    return viewReferral(tx, updated, loaded.side, detail, { written, now: at });
  });
}

const stale = (row: ReferralRow) =>
  new PonteError('precondition_failed', { en: 'The referral changed since you read it', pt: 'O encaminhamento foi alterado desde a sua leitura' }, undefined, {
    currentVersion: row.version,
    currentStatus: row.status,
  });

const notFrom = (row: ReferralRow, change: ReferralChange) =>
  new PonteError(
    'conflict',
    {
      en: `A referral that is ${row.status} does not allow '${change.action}'`,
      pt: `Um encaminhamento no estado ${row.status} não permite esta ação (${change.action})`,
    },
    undefined,
    { currentStatus: row.status, currentVersion: row.version, rule: 'referral.transition_not_allowed' },
  );
