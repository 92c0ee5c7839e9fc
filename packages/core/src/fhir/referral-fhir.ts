import type { Referral, ReferralStatus } from '@ponte/contracts';
import { fhirNames } from './fhir-names';

/** How a referral's status reads as the status of its FHIR Task (the work the recipient does). */
export const TASK_STATUS: Record<ReferralStatus, string> = {
  draft: 'draft',
  sent: 'requested',
  accepted: 'accepted',
  declined: 'rejected',
  in_progress: 'in-progress',
  completed: 'completed',
  withdrawn: 'cancelled',
};

/** How a referral's status reads as the status of its FHIR ServiceRequest (the sender's request). */
export const SERVICE_REQUEST_STATUS: Record<ReferralStatus, string> = {
  draft: 'draft',
  sent: 'active',
  accepted: 'active',
  in_progress: 'active',
  completed: 'completed',
  declined: 'revoked',
  withdrawn: 'revoked',
};

const PRIORITY: Record<Referral['urgency'], string> = { routine: 'routine', priority: 'urgent', emergency: 'stat' };

/** A subject the caller may not identify (the triage and metadata views): masked, as FHIR says it. */
const MASKED = { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }] };

/**
 * A referral as the HL7 FHIR R5 `ServiceRequest` of the IHE/HL7 referral pattern, built from the
 * view of the referral its reader may see (nothing more): the service asked for, the purpose as
 * the reason, the sender as requester and the recipient as performer (agencies by the one
 * identifier system), the subject only where the view names it, the consent for the sender.
 */
export function toFhirServiceRequest(referral: Referral, publicUrl: string) {
  const names = fhirNames(publicUrl);
  return {
    resourceType: 'ServiceRequest' as const,
    id: referral.id,
    meta: { versionId: String(referral.version) },
    identifier: [{ system: names.identifierSystem('referral'), value: referral.id }],
    status: SERVICE_REQUEST_STATUS[referral.status],
    intent: 'order' as const,
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] }],
    priority: PRIORITY[referral.urgency],
    code: { concept: { coding: [{ system: names.codeSystem('service'), code: referral.service }] } },
    subject: referral.subjectId ? names.patient(referral.subjectId) : MASKED,
    ...(referral.sentAt ? { authoredOn: referral.sentAt } : {}),
    requester: names.organization({ slug: referral.from }),
    performer: [names.organization({ slug: referral.to })],
    reason: [{ concept: { coding: [{ system: names.codeSystem('purpose'), code: referral.purpose }] } }],
    ...(referral.consentId ? { supportingInfo: [{ reference: { type: 'Consent', identifier: { system: names.identifierSystem('consent'), value: referral.consentId } } }] } : {}),
    ...(referral.note ? { note: [{ text: referral.note }] } : {}),
  };
}

/**
 * The referral as the FHIR R5 `Task` that tracks it: its status mapped from the referral's
 * ({@link TASK_STATUS}), the ServiceRequest as its focus, the sender as requester and the
 * recipient as owner, the shared data categories as inputs, the outcome as output.
 */
export function toFhirTask(referral: Referral, publicUrl: string) {
  const names = fhirNames(publicUrl);
  const end = referral.completedAt ?? referral.closedAt;
  return {
    resourceType: 'Task' as const,
    id: referral.id,
    meta: { versionId: String(referral.version) },
    status: TASK_STATUS[referral.status],
    ...(referral.reason ? { statusReason: { concept: { text: referral.reason } } } : {}),
    businessStatus: { text: referral.status },
    intent: 'order' as const,
    priority: PRIORITY[referral.urgency],
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: { reference: `ServiceRequest/${referral.id}` },
    ...(referral.subjectId ? { for: names.patient(referral.subjectId) } : {}),
    ...(referral.acceptedAt ? { executionPeriod: { start: referral.acceptedAt, ...(end ? { end } : {}) } } : {}),
    ...(referral.transitions.length > 0 ? { authoredOn: referral.transitions[0]!.at, lastModified: referral.transitions.at(-1)!.at } : {}),
    requester: names.organization({ slug: referral.from }),
    owner: names.organization({ slug: referral.to }),
    ...(referral.dueDate ? { restriction: { period: { end: referral.dueDate } } } : {}),
    ...(referral.note ? { note: [{ text: referral.note }] } : {}),
    input: referral.sharedCategories.map((code) => ({ type: { text: 'Shared data category' }, valueCoding: { system: names.codeSystem('data-category'), code } })),
    ...(referral.outcome ? { output: [{ type: { text: 'Outcome' }, valueString: referral.outcome }] } : {}),
  };
}
