import { randomUUID } from 'node:crypto';
import { fieldError, PonteError, type FieldError, type RecordConsent } from '@ponte/contracts';
import { findAgenciesBySlugs, findConsentVersions, findWithdrawals, insertConsent } from '@ponte/db';
import { grantingRule, refusalOn, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { ageAt } from '../subjects/register-subject';
import { caseAbility, loadSubject } from '../subjects/subject-access';
import { consentRecordOf, loadConsent, toConsent } from './consent-view';
import { signReceipt } from './receipt';
import { ensureNotTransferred } from '../transfers/transferred-record';
import { ensureNotErased } from '../subjects/erased-record';

const ADULT_AGE = 18;

/**
 * Records a consent (or another legal basis) for a subject: who granted it and how, in which
 * language, for which purposes, recipients and categories, until when. A child's consent needs
 * a guardian or a best-interests determination (by a child-protection officer) and records the
 * child's assent; an adult's consent granted by a guardian needs a recorded reason. Consents are
 * append-only: a change is a new version (`supersedes`). Returns the consent and a signed receipt.
 */
export async function recordConsent({ ctx, input }: { ctx: Context; input: { subjectId: string; consent: RecordConsent } }) {
  const consentInput = input.consent;
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'record_consent', 'update');
    const now = ctx.now();
    const base = { resource: 'Consent' as const, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'create', fields: consentInput.categories, purpose: consentInput.purposes.join(','), legalBasis: consentInput.legalBasis };

    const { ability } = await caseAbility(tx, ctx);
    const record = consentRecordOf({ agency_id: subject.row.agency_id, subject_id: subject.row.id }, subject.row, consentInput.grantedBy);
    if (!ability.can('create', tag('Consent', record))) {
      const inScope = ability.can('create', tag('Consent', { ...record, grantedBy: 'subject' }));
      const rule = inScope ? 'consent.best_interests_needs_child_protection_officer' : 'need_to_know';
      throw log.refuse(
        base,
        inScope
          ? new PonteError('forbidden', {
              en: 'Only a child-protection officer may record a best-interests determination',
              pt: 'Só um técnico de proteção da criança pode registar uma determinação do superior interesse',
            }, undefined, { rule })
          : refusalOn(ability, 'Subject', subject.record, rule, { en: 'Your role may not record a consent for this subject', pt: 'A sua função não permite registar um consentimento deste titular' }),
      );
    }

    ensureNotTransferred(ctx, log, subject, base);
    ensureNotErased(log, subject, base);
    const errors: FieldError[] = [];
    const minor = subject.row.birth_date !== null && ageAt(subject.row.birth_date, now) < ADULT_AGE;
    if (minor) {
      if (consentInput.grantedBy === 'subject')
        errors.push(fieldError('body', ['grantedBy'], 'minor_needs_guardian_or_determination', {
          en: 'the subject is under 18: a guardian or a best-interests determination must grant it',
          pt: 'o titular tem menos de 18 anos: tem de ser dado por um tutor ou por uma determinação do superior interesse',
        }));
      if (!consentInput.childAssent)
        errors.push(fieldError('body', ['childAssent'], 'required_for_minor', { en: "record the child's assent", pt: 'registe o assentimento da criança' }));
      if (consentInput.guardianReason)
        errors.push(fieldError('body', ['guardianReason'], 'only_for_adult', { en: "a guardian acts for a child as a matter of course; the reason is for adults", pt: 'um tutor age por uma criança naturalmente; a razão é para adultos' }));
    } else {
      if (consentInput.grantedBy === 'guardian' && !consentInput.guardianReason)
        errors.push(fieldError('body', ['guardianReason'], 'required_for_adult', {
          en: "a guardian may grant an adult's consent only with a recorded reason",
          pt: 'um tutor só pode consentir por um adulto com uma razão registada',
        }));
      if (consentInput.grantedBy === 'best_interests_determination')
        errors.push(fieldError('body', ['grantedBy'], 'determination_only_for_children', {
          en: 'a best-interests determination applies to children only',
          pt: 'a determinação do superior interesse aplica-se apenas a crianças',
        }));
      if (consentInput.childAssent)
        errors.push(fieldError('body', ['childAssent'], 'only_for_minor', { en: 'only for a subject under 18', pt: 'apenas para titulares com menos de 18 anos' }));
    }
    const validFrom = consentInput.validFrom ? new Date(consentInput.validFrom) : now;
    const validUntil = new Date(consentInput.validUntil);
    if (validUntil <= validFrom)
      errors.push(fieldError('body', ['validUntil'], 'after_start', { en: 'must be after validFrom', pt: 'tem de ser posterior a validFrom' }));
    else if (validUntil <= now)
      errors.push(fieldError('body', ['validUntil'], 'in_future', { en: 'the consent would already have expired', pt: 'o consentimento já teria expirado' }));

    const recipients = await findAgenciesBySlugs(tx, consentInput.recipients);
    consentInput.recipients.forEach((slug, index) => {
      const agency = recipients.find((a) => a.slug === slug);
      if (!agency) errors.push(fieldError('body', ['recipients', index], 'known_agency', { en: 'no such agency', pt: 'agência inexistente' }));
      else if (agency.id === subject.row.agency_id)
        errors.push(fieldError('body', ['recipients', index], 'not_controller', { en: 'your own agency is the controller, not a recipient', pt: 'a sua agência é o responsável pelo tratamento, não um destinatário' }));
    });

    let consentId: string = randomUUID();
    let version = 1;
    if (consentInput.supersedes) {
      const previous = await findConsentVersions(tx, subject.row.agency_id, consentInput.supersedes);
      const [withdrawn] = await findWithdrawals(tx, subject.row.agency_id, [consentInput.supersedes]);
      if (previous.length === 0 || previous[0]!.subject_id !== subject.row.id)
        errors.push(fieldError('body', ['supersedes'], 'known_consent', { en: 'no consent of this subject with this id', pt: 'nenhum consentimento deste titular com este id' }));
      else if (withdrawn)
        errors.push(fieldError('body', ['supersedes'], 'not_withdrawn', { en: 'a withdrawn consent cannot get a new version; record a new consent', pt: 'um consentimento retirado não pode ter nova versão; registe um novo' }));
      else {
        consentId = consentInput.supersedes;
        version = previous.at(-1)!.version + 1;
      }
    }
    if (errors.length > 0)
      throw new PonteError('invalid_request', { en: 'The consent cannot be recorded as given', pt: 'O consentimento não pode ser registado como indicado' }, errors);

    const row = await insertConsent(tx, {
      agency_id: subject.row.agency_id,
      consent_id: consentId,
      version,
      subject_id: subject.row.id,
      granted_by: consentInput.grantedBy,
      grantor: consentInput.guardian
        ? JSON.stringify({ guardian: consentInput.guardian })
        : consentInput.bestInterestsDetermination
          ? JSON.stringify({ bestInterestsDetermination: consentInput.bestInterestsDetermination })
          : null,
      guardian_reason: consentInput.guardianReason ?? null,
      child_assent: consentInput.childAssent ?? null,
      method: consentInput.method,
      witness: consentInput.witness ? JSON.stringify(consentInput.witness) : null,
      language: consentInput.language,
      interpreter_used: consentInput.interpreterUsed,
      purposes: consentInput.purposes,
      recipient_agency_ids: consentInput.recipients.map((slug) => recipients.find((a) => a.slug === slug)!.id),
      categories: consentInput.categories,
      legal_basis: consentInput.legalBasis,
      valid_from: validFrom,
      valid_until: validUntil,
      recorded_by: ctx.principal.id,
      recorded_at: now,
    });
    log.allow({ ...base, resourceId: row.consent_id, rule: grantingRule(ability, 'create', 'Consent', record) ?? 'consent.record' });
    const consent = await loadConsent(tx, log, ctx.principal.agencyId!, row.consent_id, 'create');
    return { consent: toConsent(consent, now), receipt: await signReceipt(ctx, consent, 'given') };
  });
}
