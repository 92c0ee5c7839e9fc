import type { ScopedTx } from '@ponte/db';
import { requireCaseworker } from '../subjects/register-subject';

/** What every step of a referral's lifecycle is given: the referral and the version the caller read. */
export type StepInput<T = object> = { id: string; expectedVersion?: number | undefined } & T;


/** A caseworker of the receiving agency who may take the case. */
export const receivingCaseworker = (tx: ScopedTx, userId: string) => requireCaseworker(tx, userId, 'assigneeId');
