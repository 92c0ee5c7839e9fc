import { consentNotFound } from './consent-view';
import type { Consent } from '@ponte/contracts';
import { tag } from '@ponte/policy';
import type { Context } from '../context';
import type { AccessLog } from '@ponte/audit';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import type { ScopedTx } from '@ponte/db';
import { consentCaseOf, consentRecordOf, loadConsent, toConsent, type LoadedConsent } from './consent-view';

/** Loads a consent the principal may read (need-to-know on its subject, or a privacy officer), logging the read. */
export async function readableConsent(tx: ScopedTx, ctx: Context, log: AccessLog, consentId: string, action: string): Promise<LoadedConsent> {
  const consent = await loadConsent(tx, log, ctx.principal.agencyId!, consentId, action);
  const { ability } = await caseAbility(tx, ctx);
  const base = { resource: 'Consent' as const, resourceId: consentId, subjectId: consent.subject.id, owningAgencyId: consent.subject.agency_id, action };
  if (!ability.can('read', tag('Consent', consentRecordOf(consent.latest, await consentCaseOf(tx, consent), consent.latest.granted_by))))
    throw log.refuse(
      base,
      consentNotFound('need_to_know'),
    );
  log.allow({ ...base, fields: ['consent_record'], rule: 'consent.read' });
  return consent;
}

export async function getConsent({ ctx, input }: { ctx: Context; input: { consentId: string } }) {
  return withAudit(ctx, async (tx, log): Promise<Consent> => toConsent(await readableConsent(tx, ctx, log, input.consentId, 'read'), ctx.now()));
}
