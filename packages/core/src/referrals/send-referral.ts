import { fieldError, PonteError, type DataCategory, type Referral, type SendReferral } from '@ponte/contracts';
import {
  agencyBySlugQuery,
  agencyIdBySlug,
  agreementsBetweenQuery,
  insertReferral,
  isUniqueViolation,
  latestConsentVersionOf,
  latestConsentVersionQuery,
  referralInQuery,
  servicesQuery,
  type ScopedTx,
  type SubjectRow,
} from '@ponte/db';
import { OPEN_REFERRAL_STATUSES } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { ageAt } from '../subjects/register-subject';
import { factsToRead } from '../scope';
import { breakGlassFact, caseAbilityOf, loadedSubject, subjectFacts } from '../subjects/subject-access';
import { decideReferral } from './referral-checks';
import { respondByOf } from './referral-deadlines';
import { ensureMayRefer, recordTransition, viewReferral } from './referral-access';
import { ensureNotTransferred } from '../transfers/transferred-record';
import { ensureNotErased } from '../subjects/erased-record';

/**
 * Sends (or drafts) a referral. It goes only where every check holds: the recipient offers the
 * service; an agreement from sender to recipient is in force and covers the purpose; the consent
 * is active, names the recipient and the purpose. What is shared is the sender's choice cut to
 * what the consent and the agreement allow; if nothing is left, nothing is sent.
 *
 * Three round trips: every fact the decision needs is read as the unit opens (with the account
 * check); the policy decides in memory; the referral is written; its transition, its events and
 * the access event go with the commit.
 */
export async function sendReferral({ ctx, input }: { ctx: Context; input: SendReferral }): Promise<Referral> {
  const senderId = ctx.principal.agencyId!;
  const facts = factsToRead({
    ...subjectFacts(ctx, input.subjectId, 'share'),
    grants: breakGlassFact(ctx),
    recipient: (tx: ScopedTx) => agencyBySlugQuery(tx, input.to),
    services: (tx: ScopedTx) => servicesQuery(tx, agencyIdBySlug(tx, input.to)),
    agreements: (tx: ScopedTx) => agreementsBetweenQuery(tx, senderId, agencyIdBySlug(tx, input.to)),
    latest: (tx: ScopedTx) => latestConsentVersionQuery(tx, senderId, input.consentId),
    open: (tx: ScopedTx) => referralInQuery(tx, { subjectId: input.subjectId, service: input.service, recipientAgencyId: agencyIdBySlug(tx, input.to) }, OPEN_REFERRAL_STATUSES),
  });
  try {
    return await withAudit(
      ctx,
      async (tx, log, opened) => {
        const read = facts.of(opened);
        const subject = loadedSubject(ctx, log, input.subjectId, 'refer', read);
        const { ability } = caseAbilityOf(ctx, read.grants.map((g) => g.subject_id));
        const base = { resource: 'Referral' as const, action: 'send', subjectId: subject.row.id, owningAgencyId: senderId, purpose: input.purpose };
        ensureMayRefer(ability, log, subject, base);
        ensureNotTransferred(ctx, log, subject, base);
        ensureNotErased(log, subject, base);

        const now = ctx.now();
        const recipient = read.recipient[0];
        if (!recipient || recipient.status !== 'active')
          throw new PonteError('invalid_request', { en: 'No such agency to refer to', pt: 'Não existe esta agência para encaminhar' }, [
            fieldError('body', ['to'], 'known_agency', { en: 'no active agency with this slug', pt: 'nenhuma agência ativa com este identificador' }),
          ]);
        if (recipient.id === senderId)
          throw new PonteError('invalid_request', { en: 'An agency cannot refer to itself', pt: 'Uma agência não pode encaminhar para si própria' }, [
            fieldError('body', ['to'], 'not_self', { en: 'must be another agency', pt: 'tem de ser outra agência' }),
          ]);

        const basis = decideReferral(
          { offeredServices: read.services.map((s) => s.service), agreements: read.agreements, latest: latestConsentVersionOf(read.latest) },
          { senderId, recipientId: recipient.id, recipientSlug: input.to, subjectId: subject.row.id, consentId: input.consentId, service: input.service, purpose: input.purpose, categories: input.categories },
          now,
        );
        const { failed, shared, consent } = basis;
        if (failed.length > 0) {
          log.deny({ ...base, fields: input.categories, rule: `referral.${failed[0]!.check}` });
          throw new PonteError('check_failed', { en: 'The referral cannot be sent', pt: 'O encaminhamento não pode ser enviado' }, failed);
        }
        if (read.open.length > 0) throw duplicate();

        const status = input.draft ? 'draft' : 'sent';
        const row = await insertReferral(tx, {
          agency_id: senderId,
          recipient_agency_id: recipient.id,
          subject_id: subject.row.id,
          consent_id: input.consentId,
          legal_basis: consent!.legal_basis,
          service: input.service,
          purpose: input.purpose,
          urgency: input.urgency,
          shared_categories: shared,
          note: input.note ?? null,
          due_date: input.dueDate ?? null,
          triage: JSON.stringify(triageOf(subject.row, now)),
          status,
          created_by: ctx.principal.id,
          created_at: now,
          updated_at: now,
          sent_at: status === 'sent' ? now : null,
          // The response deadline is fixed now, under the agreement that lets it go.
          respond_by: status === 'sent' ? respondByOf(now, input.urgency, basis.agreement) : null,
        });
        const written = recordTransition(tx, ctx, row, null, 'referral.sent', null);
        log.allow({ ...base, resourceId: row.id, fields: shared, legalBasis: row.legal_basis, rule: status === 'sent' ? 'referral.sent' : 'referral.drafted' });
        // What the view names is known: the one transition and (from the account check) both agencies.
        const agencies = ctx.principal.agencySlug ? [{ id: senderId, slug: ctx.principal.agencySlug }, recipient] : undefined;
        return viewReferral(tx, row, 'sender', true, { agencies, transitions: [written], rectifications: [], now });
      },
      { first: facts.first },
    );
  } catch (error) {
    // Another send of the same subject, service and agency got there first (the open-referral index).
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

const duplicate = () =>
  new PonteError('conflict', { en: 'An open referral for this subject, service and agency exists', pt: 'Já existe um encaminhamento aberto para este titular, serviço e agência' }, undefined, {
    rule: 'referral.duplicate_open',
  });

/** The categories the triage is taken from: a correction of either changes what the receiving intake sees. */
export const TRIAGE_CATEGORIES = ['identity', 'location'] as const satisfies readonly DataCategory[];

/** What the receiver's intake sees before it accepts: no identity. */
export function triageOf(subject: SubjectRow, now: Date) {
  const identity = subject.identity as { sex?: string; languages?: string[] };
  const location = subject.location as { current?: { province?: string } } | null;
  const age = subject.birth_date ? ageAt(subject.birth_date, now) : undefined;
  const ageBand =
    age === undefined ? 'unknown' : age < 5 ? '0-4' : age < 12 ? '5-11' : age < 18 ? '12-17' : age < 25 ? '18-24' : age < 60 ? '25-59' : '60+';
  return { ageBand, sex: identity.sex ?? 'unknown', province: location?.current?.province ?? null, languages: identity.languages ?? [] };
}
