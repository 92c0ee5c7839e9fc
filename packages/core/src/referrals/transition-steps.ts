import type { ReferralStatus } from '@ponte/contracts';
import type { ScopedTx } from '@ponte/db';
import { requireCaseworker } from '../subjects/register-subject';

/** What every step of a referral's lifecycle is given: the referral and the version the caller read. */
export type StepInput<T = object> = { id: string; expectedVersion?: number | undefined } & T;

/** The statuses each step of a referral's lifecycle starts from. */
export const REFERRAL_STEPS = {
  send: ['draft'],
  accept: ['sent'],
  decline: ['sent'],
  assign: ['accepted', 'in_progress'],
  start: ['accepted'],
  complete: ['accepted', 'in_progress'],
  withdraw: ['draft', 'sent', 'accepted', 'in_progress'],
} as const satisfies Record<string, readonly ReferralStatus[]>;
export type ReferralStep = keyof typeof REFERRAL_STEPS;

/** A caseworker of the receiving agency who may take the case. */
export const receivingCaseworker = (tx: ScopedTx, userId: string) => requireCaseworker(tx, userId, 'assigneeId');
