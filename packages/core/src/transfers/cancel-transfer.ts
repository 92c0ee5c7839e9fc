import type { Transfer } from '@ponte/contracts';
import type { Context } from '../context';
import { changeTransfer } from './change-transfer';

/** The sending agency cancels a transfer before the receiver decides (whoever works on the subject). */
export function cancelTransfer({ ctx, input }: { ctx: Context; input: { id: string; expectedVersion?: number | undefined } }): Promise<Transfer> {
  return changeTransfer(ctx, { id: input.id, action: 'cancel', expectedVersion: input.expectedVersion });
}
