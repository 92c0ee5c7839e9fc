import type { Context } from '../context';
import { toFhirServiceRequest, toFhirTask } from '../fhir/referral-fhir';
import { getReferral } from './get-referral';

/**
 * A referral as FHIR R5, read-only: the ServiceRequest or the Task built from the very view
 * {@link getReferral} gives its reader, through the same checks and the same access event.
 */
export async function getReferralFhir({ ctx, input }: { ctx: Context; input: { id: string; resourceType: 'ServiceRequest' | 'Task' } }) {
  const referral = await getReferral({ ctx, input: { id: input.id } });
  return input.resourceType === 'Task' ? toFhirTask(referral, ctx.settings.publicUrl) : toFhirServiceRequest(referral, ctx.settings.publicUrl);
}
