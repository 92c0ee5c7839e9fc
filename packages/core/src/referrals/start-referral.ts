import type { Context } from '../context';
import { changeReferral } from './change-referral';
import type { StepInput } from './transition-steps';

/** The assigned caseworker starts delivering the service. */
export function startReferral({ ctx, input }: { ctx: Context; input: StepInput }) {
  return changeReferral(ctx, { id: input.id, action: 'start', to: 'in_progress', expectedVersion: input.expectedVersion, eventType: 'referral.started' });
}
