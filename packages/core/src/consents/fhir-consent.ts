import { SPECIAL_CATEGORIES } from '@ponte/contracts';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { iso } from '../util';
import { fhirNames } from '../fhir/fhir-names';
import { currentStatus, type LoadedConsent } from './consent-view';
import { readableConsent } from './get-consent';

const V3_PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const CONSENT_ACTION = 'http://terminology.hl7.org/CodeSystem/consentaction';
const V3_CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const LOINC = 'http://loinc.org';

/**
 * The consent as an HL7 FHIR R5 `Consent` resource: status, category, subject (by the hub's id),
 * grantor, grantee and controller (agencies by the one identifier system), period, regulatory
 * basis, decision `permit`, and one provision with the period, actors (recipients), actions,
 * purposes, and the data categories as security labels from the hub's `data-category`
 * CodeSystem (with `R`, restricted, when a special category is among them).
 */
export function toFhirConsent(consent: LoadedConsent, now: Date, publicUrl: string) {
  const row = consent.latest;
  const status = currentStatus(consent, now);
  const names = fhirNames(publicUrl);
  const period = { start: iso(row.valid_from), end: iso(row.valid_until) };
  const patient = names.patient(row.subject_id);
  const grantor =
    row.granted_by === 'subject'
      ? patient
      : row.granted_by === 'guardian'
        ? { type: 'RelatedPerson', display: 'Guardian' }
        : { ...names.organization(consent.controller), display: `${consent.controller.nameEn} (best-interests determination)` };
  const special = row.categories.some((c) => (SPECIAL_CATEGORIES as readonly string[]).includes(c));
  const actor = (code: string, display: string, agency: LoadedConsent['controller']) => ({
    role: { coding: [{ system: V3_PARTICIPATION, code, display }] },
    reference: names.organization(agency),
  });
  return {
    resourceType: 'Consent' as const,
    id: row.consent_id,
    meta: { versionId: String(row.version), lastUpdated: iso(consent.withdrawal?.withdrawn_at ?? row.recorded_at) },
    identifier: [{ system: names.identifierSystem('consent'), value: row.consent_id }],
    status: status === 'active' ? 'active' : 'inactive',
    category: [{ coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] }],
    subject: patient,
    date: iso(row.recorded_at).slice(0, 10),
    period,
    grantor: [grantor],
    ...(consent.recipients.length > 0 ? { grantee: consent.recipients.map(names.organization) } : {}),
    controller: [names.organization(consent.controller)],
    regulatoryBasis: [{ coding: [{ system: names.codeSystem('legal-basis'), code: row.legal_basis }] }],
    decision: 'permit' as const,
    provision: [
      {
        period,
        actor: [actor('CST', 'custodian', consent.controller), ...consent.recipients.map((recipient) => actor('IRCP', 'information recipient', recipient))],
        action: [{ coding: [{ system: CONSENT_ACTION, code: 'access' }] }, { coding: [{ system: CONSENT_ACTION, code: 'disclose' }] }],
        securityLabel: [
          ...row.categories.map((category) => ({ system: names.codeSystem('data-category'), code: category })),
          ...(special ? [{ system: V3_CONFIDENTIALITY, code: 'R', display: 'restricted' }] : []),
        ],
        purpose: row.purposes.map((purpose) => ({ system: names.codeSystem('purpose'), code: purpose })),
      },
    ],
  };
}

export async function exportConsentFhir({ ctx, input }: { ctx: Context; input: { consentId: string } }) {
  return withAudit(ctx, async (tx, log) => toFhirConsent(await readableConsent(tx, ctx, log, input.consentId, 'export'), ctx.now(), ctx.settings.publicUrl));
}
