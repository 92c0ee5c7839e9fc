import { PonteError } from '@ponte/contracts';
import { REFERRAL_STEP_FROM } from '@ponte/policy';
import { findAgenciesByIds, type ScopedTx } from '@ponte/db';
import { checkReferral, termsOf } from './referral-checks';
import { requireCaseworker } from '../subjects/register-subject';
import type { Context } from '../context';
import { changeReferral } from './change-referral';

type Input<T = object> = { id: string; expectedVersion?: number | undefined } & T;

/** The statuses each step of a referral's lifecycle starts from: the policy's. */
export const REFERRAL_STEPS = REFERRAL_STEP_FROM;

/** A caseworker of the receiving agency who may take the case. */
const receivingCaseworker = (tx: ScopedTx, userId: string) => requireCaseworker(tx, userId, 'assigneeId');

/** The receiving agency accepts (intake focal point or supervisor), optionally assigning a caseworker. */
export function acceptReferral({ ctx, input }: { ctx: Context; input: Input<{ assigneeId?: string | undefined }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'accept',
    from: REFERRAL_STEPS.accept,
    to: 'accepted',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.accepted',
    set: async (loaded, tx) => {
      // The consent and the agreement must still hold when the case is taken on.
      const basis = await checkReferral(tx, termsOf(loaded.row), ctx.now(), { checkService: false });
      if (!basis.consentHolds || !basis.agreementInForce)
        throw new PonteError('check_failed', { en: 'The referral can no longer be accepted', pt: 'O encaminhamento já não pode ser aceite' }, basis.failed);
      const assignee = input.assigneeId ? await receivingCaseworker(tx, input.assigneeId) : undefined;
      return { accepted_at: ctx.now(), ...(assignee ? { recipient_assignee_id: assignee.id, recipient_team: assignee.team } : {}) };
    },
  });
}

/** The sender sends a draft, once every check of a referral passes now. */
export function sendDraftReferral({ ctx, input }: { ctx: Context; input: Input }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'send',
    from: REFERRAL_STEPS.send,
    to: 'sent',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.sent',
    set: async (loaded, tx) => {
      const recipient = (await findAgenciesByIds(tx, [loaded.row.recipient_agency_id]))[0]!;
      const basis = await checkReferral(tx, termsOf(loaded.row, recipient.slug), ctx.now());
      if (basis.failed.length > 0) throw new PonteError('check_failed', { en: 'The referral cannot be sent', pt: 'O encaminhamento não pode ser enviado' }, basis.failed);
      return { sent_at: ctx.now(), shared_categories: basis.shared };
    },
  });
}



/** The receiving agency declines, with a reason. */
export function declineReferral({ ctx, input }: { ctx: Context; input: Input<{ reason: string }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'decline',
    from: REFERRAL_STEPS.decline,
    to: 'declined',
    expectedVersion: input.expectedVersion,
    reason: input.reason,
    eventType: 'referral.declined',
    set: async () => ({ closed_at: ctx.now() }),
  });
}

/** The receiving agency assigns an accepted referral to one of its caseworkers. */
export function assignReferral({ ctx, input }: { ctx: Context; input: Input<{ assigneeId: string; team?: string | undefined }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'assign',
    from: REFERRAL_STEPS.assign,
    to: 'same',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.assigned',
    set: async (_loaded, tx) => {
      const assignee = await receivingCaseworker(tx, input.assigneeId);
      return { recipient_assignee_id: assignee.id, recipient_team: input.team ?? assignee.team };
    },
  });
}

/** The assigned caseworker starts delivering the service. */
export function startReferral({ ctx, input }: { ctx: Context; input: Input }) {
  return changeReferral(ctx, { id: input.id, action: 'start', from: REFERRAL_STEPS.start, to: 'in_progress', expectedVersion: input.expectedVersion, eventType: 'referral.started' });
}

/** The receiving agency completes the referral, with an outcome. */
export function completeReferral({ ctx, input }: { ctx: Context; input: Input<{ outcome: string }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'complete',
    from: REFERRAL_STEPS.complete,
    to: 'completed',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.completed',
    set: async () => ({ outcome: input.outcome, completed_at: ctx.now(), closed_at: ctx.now() }),
  });
}

/** The sender withdraws an open referral, with a reason. */
export function withdrawReferral({ ctx, input }: { ctx: Context; input: Input<{ reason: string }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'withdraw',
    from: REFERRAL_STEPS.withdraw,
    to: 'withdrawn',
    expectedVersion: input.expectedVersion,
    reason: input.reason,
    eventType: 'referral.withdrawn',
    set: async () => ({ closed_at: ctx.now() }),
  });
}
