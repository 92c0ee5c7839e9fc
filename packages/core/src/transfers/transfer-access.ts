import { calendarDate, fieldError, PonteError, type Bilingual, type FieldError, type Transfer, type TransferCheck } from '@ponte/contracts';
import {
  findAgenciesByIds,
  findAgreementsBetween,
  findLatestConsentVersion,
  findSubjectTransfer,
  insertEventsAtCommit,
  type AgencyRow,
  type ConsentRow,
  type ScopedTx,
  type SubjectTransferRow,
  type SubjectTransferWithSubject,
} from '@ponte/db';
import { decideTransfer, tag, type AppAbility, type TransferRecord } from '@ponte/policy';
import type { AccessLog } from '@ponte/audit';
import type { Context } from '../context';
import { agreementFacts } from '../agreements/agreement-view';
import { statusOf } from '../consents/consent-state';
import { iso, isoOrNull } from '../util';

/** The transfer as the rules see it: the sender's subject's need-to-know attributes, when the reader sees them. */
export function transferRecord(row: SubjectTransferWithSubject): TransferRecord {
  return {
    agencyId: row.agency_id,
    recipientAgencyId: row.recipient_agency_id,
    assignedUserId: row.subject_assigned_user_id ?? null,
    team: row.subject_team ?? null,
    createdBy: row.subject_created_by ?? null,
  };
}

export interface LoadedTransfer {
  row: SubjectTransferWithSubject;
  record: TransferRecord;
  side: 'sender' | 'receiver';
}

export const transferNotFound = (rule: 'tenant_isolation' | 'need_to_know') =>
  new PonteError('not_found', { en: 'No such transfer for your agency', pt: 'Não existe esta transferência para a sua agência' }, undefined, { rule });

/**
 * A transfer the principal's agency sent or received (row-level security hides the others), with
 * the action checked: 404 when the principal may not even see it, 403 (rule `Transfer.<action>`)
 * when it may see it but not do this.
 */
export async function loadTransfer(
  tx: ScopedTx,
  ctx: Context,
  ability: AppAbility,
  log: AccessLog,
  id: string,
  action: 'read' | 'accept' | 'decline' | 'cancel',
  options: { lock?: boolean } = {},
): Promise<LoadedTransfer> {
  const row = await findSubjectTransfer(tx, id, options);
  const base = { resource: 'Transfer' as const, resourceId: id, action };
  if (!row) throw log.refuse(base, transferNotFound('tenant_isolation'));
  const side = row.agency_id === ctx.principal.agencyId ? 'sender' : 'receiver';
  const record = transferRecord(row);
  const tagged = tag('Transfer', record);
  const logged = { ...base, subjectId: row.subject_id, owningAgencyId: row.agency_id };
  if (!ability.can('read', tagged)) throw log.refuse(logged, transferNotFound('need_to_know'));
  if (action !== 'read' && !ability.can(action, tagged))
    throw log.refuse(
      logged,
      new PonteError('forbidden', { en: `Your role may not ${action} this transfer`, pt: `A sua função não permite esta ação (${action}) nesta transferência` }, undefined, {
        rule: `Transfer.${action}`,
      }),
    );
  return { row, record, side };
}

/** The transfer as each party sees it: the sender its own subject and consent ids, the receiver its own new record's id. */
export function viewTransfer(row: SubjectTransferRow, side: 'sender' | 'receiver', agencies: readonly Pick<AgencyRow, 'id' | 'slug'>[]): Transfer {
  const slug = (id: string) => agencies.find((a) => a.id === id)?.slug ?? 'unknown';
  return {
    id: row.id,
    fromAgency: slug(row.agency_id),
    toAgency: slug(row.recipient_agency_id),
    status: row.status,
    subjectId: side === 'sender' ? row.subject_id : null,
    receivedSubjectId: side === 'receiver' ? row.received_subject_id : null,
    consentId: side === 'sender' ? row.consent_id : null,
    legalBasis: row.legal_basis,
    purpose: row.purpose as Transfer['purpose'],
    categories: row.categories as Transfer['categories'],
    reason: row.reason,
    declineReason: row.decline_reason,
    requestedAt: iso(row.requested_at),
    decidedAt: isoOrNull(row.decided_at),
    readOnlyFrom: isoOrNull(row.read_only_from),
    version: row.version,
  };
}

/** {@link viewTransfer} with both parties' slugs read. */
export async function viewTransferOf(tx: ScopedTx, row: SubjectTransferRow, side: 'sender' | 'receiver'): Promise<Transfer> {
  return viewTransfer(row, side, await findAgenciesByIds(tx, [row.agency_id, row.recipient_agency_id]));
}

/** What a transfer is asked on, to check (again). */
export interface TransferTerms {
  senderId: string;
  recipientId: string;
  recipientSlug: string;
  subjectId: string;
  consentId: string;
  purpose: string;
  categories: readonly string[];
}

const CHECK_TEXT: Record<TransferCheck, (terms: TransferTerms) => Bilingual> = {
  agreement_in_force: (t) => ({
    en: `no data-sharing agreement in force with ${t.recipientSlug || 'this agency'} covers this purpose`,
    pt: `nenhum acordo de partilha de dados em vigor com ${t.recipientSlug || 'esta agência'} cobre esta finalidade`,
  }),
  agreement_covers_categories: () => ({ en: 'the agreement in force does not cover every category transferred', pt: 'o acordo em vigor não cobre todas as categorias transferidas' }),
  known_consent: () => ({ en: 'no consent of this subject with this id', pt: 'nenhum consentimento deste titular com este id' }),
  consent_withdrawn: () => ({ en: 'the consent is withdrawn', pt: 'o consentimento foi retirado' }),
  consent_expired: () => ({ en: 'the consent is expired', pt: 'o consentimento expirou' }),
  consent_superseded: () => ({ en: 'the consent is superseded by a newer version', pt: 'o consentimento foi substituído por uma versão mais recente' }),
  consent_not_yet_valid: () => ({ en: 'the consent is not yet valid', pt: 'o consentimento ainda não é válido' }),
  consent_names_recipient: () => ({ en: 'the consent does not name this agency', pt: 'o consentimento não indica esta agência' }),
  consent_covers_purpose: () => ({ en: 'the consent does not cover this purpose', pt: 'o consentimento não cobre esta finalidade' }),
  consent_covers_categories: () => ({ en: 'the consent does not cover every category transferred', pt: 'o consentimento não cobre todas as categorias transferidas' }),
};

export interface TransferBasis {
  consent: ConsentRow | undefined;
  failed: Array<FieldError & { check: TransferCheck }>;
}

/** Every check of a transfer (the policy's `decideTransfer`), on the agreements and the consent read now. */
export async function checkTransfer(tx: ScopedTx, terms: TransferTerms, now: Date): Promise<TransferBasis> {
  const agreements = await findAgreementsBetween(tx, terms.senderId, terms.recipientId);
  const latest = await findLatestConsentVersion(tx, terms.senderId, terms.consentId);
  const consent = latest?.consent;
  const decision = decideTransfer(
    {
      agreements: agreements.map(agreementFacts),
      consent: consent && {
        subjectId: consent.subject_id,
        status: statusOf(consent, consent.version, latest!.withdrawal, now),
        recipientAgencyIds: consent.recipient_agency_ids,
        purposes: consent.purposes,
        categories: consent.categories,
      },
    },
    { subjectId: terms.subjectId, recipientId: terms.recipientId, purpose: terms.purpose, categories: terms.categories },
    calendarDate(now),
  );
  return { consent, failed: decision.failed.map(({ field, check }) => ({ ...fieldError('body', [field], check, CHECK_TEXT[check](terms)), check })) };
}

/** 422 naming every failed check on its field. */
export const transferCheckFailed = (failed: TransferBasis['failed'], what: Bilingual) => new PonteError('check_failed', what, failed, { rule: 'transfer.check_failed' });

/** The events of a transfer's step, ids and state only, to both agencies' feeds, with the commit. */
export function transferEvents(tx: ScopedTx, row: SubjectTransferRow, type: `subject.transfer_${'requested' | 'accepted' | 'declined' | 'cancelled'}`, slugs: { from: string; to: string }, at: Date): void {
  const data = { transferId: row.id, status: row.status, version: row.version, fromAgency: slugs.from, toAgency: slugs.to };
  insertEventsAtCommit(tx, [
    { agency_id: row.agency_id, type, referral_id: null, payload: data, created_at: at },
    { agency_id: row.recipient_agency_id, type, referral_id: null, payload: data, created_at: at },
  ]);
}
