import { SPECIAL_CATEGORIES } from '@ponte/contracts';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { iso } from '../util';
import { currentStatus, type LoadedConsent } from './consent-view';
import { readableConsent } from './get-consent';

const V3_PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const CONSENT_ACTION = 'http://terminology.hl7.org/CodeSystem/consentaction';
const V3_CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const LOINC = 'http://loinc.org';

/**
 * The consent as an HL7 FHIR R5 `Consent` resource: status, category, subject (by pseudonym),
 * grantor, grantee and controller, period, regulatory basis, decision `permit`, and one
 * provision with the period, actors (recipients), actions, purposes and data categories.
 */
export function toFhirConsent(consent: LoadedConsent, now: Date, publicUrl: string) {
  const row = consent.latest;
  const status = currentStatus(consent, now);
  const codeSystem = (name: string) => `${publicUrl}/fhir/CodeSystem/${name}`;
  const organization = (agency: { slug: string; nameEn: string }) => ({ reference: `Organization/${agency.slug}`, display: agency.nameEn });
  const period = { start: iso(row.valid_from), end: iso(row.valid_until) };
  const grantor =
    row.granted_by === 'subject'
      ? { reference: `Patient/${consent.subject.reference}` }
      : row.granted_by === 'guardian'
        ? { reference: `RelatedPerson/guardian-of-${consent.subject.reference}`, display: 'Guardian' }
        : { ...organization(consent.controller), display: `${consent.controller.nameEn} (best-interests determination)` };
  return {
    resourceType: 'Consent' as const,
    id: row.consent_id,
    meta: { versionId: String(row.version), lastUpdated: iso(consent.withdrawal?.withdrawn_at ?? row.recorded_at) },
    identifier: [{ system: codeSystem('consent-record'), value: row.consent_id }],
    status: status === 'active' ? 'active' : 'inactive',
    category: [{ coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] }],
    subject: { reference: `Patient/${consent.subject.reference}` },
    date: iso(row.recorded_at).slice(0, 10),
    period,
    grantor: [grantor],
    grantee: consent.recipients.map(organization),
    controller: [organization(consent.controller)],
    regulatoryBasis: [{ coding: [{ system: codeSystem('legal-basis'), code: row.legal_basis }] }],
    decision: 'permit' as const,
    provision: [
      {
        period,
        actor: [
          { role: { coding: [{ system: V3_PARTICIPATION, code: 'CST', display: 'custodian' }] }, reference: organization(consent.controller) },
          ...consent.recipients.map((recipient) => ({
            role: { coding: [{ system: V3_PARTICIPATION, code: 'IRCP', display: 'information recipient' }] },
            reference: organization(recipient),
          })),
        ],
        action: [{ coding: [{ system: CONSENT_ACTION, code: 'access' }] }, { coding: [{ system: CONSENT_ACTION, code: 'disclose' }] }],
        securityLabel: row.categories.some((c) => (SPECIAL_CATEGORIES as readonly string[]).includes(c))
          ? [{ system: V3_CONFIDENTIALITY, code: 'R', display: 'restricted' }]
          : [],
        purpose: row.purposes.map((purpose) => ({ system: codeSystem('purpose'), code: purpose })),
        documentType: row.categories.map((category) => ({ system: codeSystem('data-category'), code: category })),
      },
    ],
  };
}

export async function exportConsentFhir({ ctx, input }: { ctx: Context; input: { consentId: string } }) {
  return withAudit(ctx, async (tx, log) => toFhirConsent(await readableConsent(tx, ctx, log, input.consentId, 'export'), ctx.now(), ctx.settings.publicUrl));
}
