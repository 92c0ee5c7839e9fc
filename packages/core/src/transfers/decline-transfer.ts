import type { DeclineTransfer, Transfer } from '@ponte/contracts';
import type { Context } from '../context';
import { changeTransfer } from './change-transfer';

/** The receiving agency declines to take the case over (its intake focal point or a supervisor), saying why; the sender keeps its record as it was. */
export function declineTransfer({ ctx, input }: { ctx: Context; input: { id: string; expectedVersion?: number | undefined } & DeclineTransfer }): Promise<Transfer> {
  return changeTransfer(ctx, { id: input.id, action: 'decline', expectedVersion: input.expectedVersion, declineReason: input.reason });
}
