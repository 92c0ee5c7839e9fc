import { randomUUID } from 'node:crypto';
import { fieldError, PonteError, type FieldError, type Referral, type ReferOnward } from '@ponte/contracts';
import {
  findAgenciesBySlugs,
  findAgreementsBetween,
  insertConsent,
  insertReferral,
  isUniqueViolation,
  listServices,
  type ConsentRow,
  type NewConsent,
} from '@ponte/db';
import { isAcceptedReferral, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { checkReferral, decideReferral, subjectOwnerOf, termsOf } from './referral-checks';
import { loadReferral, recordTransition, viewReferral } from './referral-access';
import { respondByOf } from './referral-deadlines';

/**
 * Refers the person of an accepted referral on to a third agency (an onward referral). Only the
 * receiving agency's focal point, supervisors and assigned caseworker may, while the parent is
 * accepted or in progress, and only:
 * - to an agency that is neither theirs nor the subject's owner;
 * - with categories the parent shared with them;
 * - while the parent's consent (and the consent its chain began under) still holds;
 * - under that consent, if it names the third agency, covers the purpose and the categories; or
 *   under a new consent the receiving agency records with the person now (its own, naming the
 *   third agency and the purpose, covering the categories);
 * - when an agreement from the receiving agency to the third is in force for the purpose (and the
 *   categories it allows), and the third agency offers the service.
 * Any refusal writes nothing: the new consent is inserted only with the referral.
 */
export async function referOnward({ ctx, input }: { ctx: Context; input: { referralId: string; onward: ReferOnward } }): Promise<Referral> {
  const body = input.onward;
  const agencyId = ctx.principal.agencyId!;
  try {
    return await withAudit(ctx, async (tx, log) => {
      const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
      const loaded = await loadReferral(tx, ctx, ability, log, input.referralId, 'read', { lock: 'share', loggedAs: 'refer_onward' });
      const parent = loaded.row;
      const owner = subjectOwnerOf(parent);
      const base = { resource: 'Referral' as const, resourceId: parent.id, action: 'refer_onward', subjectId: parent.subject_id, owningAgencyId: owner, purpose: body.purpose };
      if (loaded.side === 'sender' || !ability.can('refer_onward', tag('Referral', loaded.record)))
        throw log.refuse(
          base,
          new PonteError(
            'forbidden',
            loaded.side === 'sender'
              ? { en: 'Refer your own subject with a referral of your own', pt: 'Encaminhe o seu próprio titular com um encaminhamento seu' }
              : { en: "Only the receiving agency's focal point, supervisors and assigned caseworker may refer the person on", pt: 'Só o ponto focal, os supervisores e o técnico atribuído da agência recetora podem reencaminhar a pessoa' },
            undefined,
            { rule: 'referral.onward_not_allowed' },
          ),
        );
      if (!isAcceptedReferral(parent.status))
        throw log.refuse(
          base,
          new PonteError('conflict', { en: 'Only an accepted referral, or one in progress, may be referred on', pt: 'Só um encaminhamento aceite, ou em curso, pode ser reencaminhado' }, undefined, {
            rule: 'referral.onward_parent_not_accepted',
            currentStatus: parent.status,
          }),
        );

      // What the request itself asks that cannot be: refused together, before anything is read of the consent.
      const [recipient] = await findAgenciesBySlugs(tx, [body.to]);
      const invalid: FieldError[] = [];
      let rule: 'referral.onward_to_owner' | 'referral.onward_categories_beyond_parent' | 'referral.onward_consent_not_covering' | undefined;
      if (!recipient || recipient.status !== 'active')
        invalid.push(fieldError('body', ['to'], 'known_agency', { en: 'no active agency with this slug', pt: 'nenhuma agência ativa com este identificador' }));
      else if (recipient.id === agencyId || recipient.id === owner) {
        rule = 'referral.onward_to_owner';
        invalid.push(
          fieldError('body', ['to'], 'not_owner_or_self', { en: 'must be a third agency: neither yours nor the one that owns the record', pt: 'tem de ser uma terceira agência: nem a sua, nem a titular do registo' }),
        );
      }
      const beyond = body.categories.filter((c) => !parent.shared_categories.includes(c));
      if (beyond.length > 0) {
        rule ??= 'referral.onward_categories_beyond_parent';
        invalid.push(
          fieldError('body', ['categories'], 'within_parent', {
            en: `only categories the parent referral shared with you (${beyond.join(', ')} was not)`,
            pt: `apenas categorias que o encaminhamento de origem partilhou consigo (${beyond.join(', ')} não foi)`,
          }),
        );
      }
      if (body.consent) invalid.push(...consentInputErrors(body, parent.triage as { ageBand?: string }, recipient?.slug, ctx.now()));
      if (body.consent?.grantedBy === 'best_interests_determination' && !ctx.principal.roles.includes('child_protection_officer'))
        throw log.refuse(
          base,
          new PonteError('forbidden', { en: 'Only a child-protection officer may record a best-interests determination', pt: 'Só um técnico de proteção da criança pode registar uma determinação do superior interesse' }, undefined, {
            rule: 'consent.best_interests_needs_child_protection_officer',
          }),
        );
      if (invalid.length > 0) {
        const consentCovers = invalid.some((e) => e.field.startsWith('consent.'));
        if (consentCovers) rule ??= 'referral.onward_consent_not_covering';
        if (rule) log.deny({ ...base, fields: body.categories, rule });
        throw new PonteError('invalid_request', { en: 'The person cannot be referred on as asked', pt: 'A pessoa não pode ser reencaminhada como pedido' }, invalid, rule ? { rule } : undefined);
      }

      // The parent's consent, and the one its chain began under, must hold now.
      const now = ctx.now();
      const parentBasis = await checkReferral(tx, termsOf(parent), now, { checkService: false });
      if (!parentBasis.consentHolds) {
        const failed = parentBasis.failed.filter((f) => f.check.startsWith('consent_') || f.check === 'known_consent');
        log.deny({ ...base, fields: body.categories, rule: 'referral.consent_inactive' });
        throw new PonteError('check_failed', { en: "The parent referral's consent no longer holds", pt: 'O consentimento do encaminhamento de origem já não está em vigor' }, failed, {
          rule: 'referral.consent_inactive',
        });
      }

      const newConsent = body.consent ? consentRowOf(body, parent.subject_id, parent.id, agencyId, recipient!.id, ctx.principal.id, now) : undefined;
      const consent: ConsentRow = newConsent ? ({ ...newConsent, id: '' } as ConsentRow) : parentBasis.consent!;
      const latest = { consent, withdrawal: undefined };
      const terms = {
        senderId: agencyId,
        recipientId: recipient!.id,
        recipientSlug: body.to,
        subjectId: parent.subject_id,
        consentId: consent.consent_id,
        service: body.service,
        purpose: body.purpose,
        categories: body.categories,
      };
      const basis = decideReferral(
        { offeredServices: (await listServices(tx, [recipient!.id])).map((s) => s.service), agreements: await findAgreementsBetween(tx, agencyId, recipient!.id), latest },
        terms,
        now,
      );
      // The consent must cover every category passed on (the agreement may still cut them, as on a send).
      const uncovered = body.categories.filter((c) => !consent.categories.includes(c));
      const failed = [
        ...basis.failed,
        ...(uncovered.length > 0
          ? [fieldError('body', ['categories'], 'consent_covers_categories', { en: `the consent does not cover ${uncovered.join(', ')}`, pt: `o consentimento não cobre ${uncovered.join(', ')}` })]
          : []),
      ];
      if (failed.length > 0) {
        const notCovering = failed.some((f) => ['consent_names_recipient', 'consent_covers_purpose', 'consent_covers_categories'].includes(f.check));
        const refused = notCovering ? 'referral.onward_consent_not_covering' : (`referral.${basis.failed[0]!.check}` as const);
        log.deny({ ...base, fields: body.categories, rule: refused });
        throw new PonteError('check_failed', { en: 'The person cannot be referred on', pt: 'A pessoa não pode ser reencaminhada' }, failed, { rule: refused });
      }

      // Every check holds: the new consent (if any), then the onward referral, written together.
      if (newConsent) {
        await insertConsent(tx, newConsent);
        log.allow({
          resource: 'Consent',
          resourceId: newConsent.consent_id,
          subjectId: parent.subject_id,
          owningAgencyId: owner,
          action: 'create',
          fields: newConsent.categories,
          purpose: newConsent.purposes.join(','),
          legalBasis: newConsent.legal_basis,
          rule: 'referral.onward',
        });
      }
      const row = await insertReferral(tx, {
        agency_id: agencyId,
        recipient_agency_id: recipient!.id,
        subject_id: parent.subject_id,
        consent_id: consent.consent_id,
        legal_basis: consent.legal_basis,
        service: body.service,
        purpose: body.purpose,
        urgency: body.urgency,
        shared_categories: basis.shared,
        note: body.note ?? null,
        due_date: body.dueDate ?? null,
        // What the third agency's intake sees before it accepts: what the parent's saw (no identity).
        triage: JSON.stringify(parent.triage),
        status: 'sent',
        created_by: ctx.principal.id,
        created_at: now,
        updated_at: now,
        sent_at: now,
        // Answered by the third agency under the deadline its own agreement with the referrer sets.
        respond_by: respondByOf(now, body.urgency, basis.agreement),
        parent_referral_id: parent.id,
        root_referral_id: parent.root_referral_id ?? parent.id,
        root_agency_id: owner,
        root_consent_id: parent.root_consent_id ?? parent.consent_id,
      });
      // The event carries ids and states only, and not the parent: the third agency may not know of it.
      const written = recordTransition(tx, ctx, row, null, 'referral.sent', null);
      log.allow({ ...base, action: 'send', resourceId: row.id, fields: basis.shared, legalBasis: row.legal_basis, rule: 'referral.onward_sent' });
      return { ...(await viewReferral(tx, row, 'sender', true, { transitions: [written], rectifications: [], now })), onwardReferrals: [] };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new PonteError('conflict', { en: 'An open referral for this subject, service and agency exists', pt: 'Já existe um encaminhamento aberto para este titular, serviço e agência' }, undefined, {
        rule: 'referral.duplicate_open',
      });
    throw error;
  }
}

const MINOR_AGE_BANDS = new Set(['0-4', '5-11', '12-17']);

/**
 * What is wrong with the new consent as given, before anything is written: it must name the third
 * agency and cover the purpose and the categories; it is no new version of another; it is valid
 * now; a child's needs a guardian or a best-interests determination and the child's assent (the
 * receiving agency knows the age band from the parent's triage, never the birth date).
 */
function consentInputErrors(body: ReferOnward, triage: { ageBand?: string }, recipientSlug: string | undefined, now: Date): FieldError[] {
  const consent = body.consent!;
  const errors: FieldError[] = [];
  const at = (...path: Array<string | number>) => ['consent', ...path];
  if (consent.supersedes) errors.push(fieldError('body', at('supersedes'), 'not_allowed', { en: 'an onward referral records a new consent, not a new version', pt: 'um reencaminhamento regista um novo consentimento, não uma nova versão' }));
  if (recipientSlug && (consent.recipients.length !== 1 || consent.recipients[0] !== recipientSlug))
    errors.push(fieldError('body', at('recipients'), 'names_recipient_only', { en: `must name ${recipientSlug}, and only it`, pt: `tem de indicar ${recipientSlug}, e só essa agência` }));
  if (!consent.purposes.includes(body.purpose))
    errors.push(fieldError('body', at('purposes'), 'covers_purpose', { en: 'must cover the purpose of the onward referral', pt: 'tem de cobrir a finalidade do reencaminhamento' }));
  const uncovered = body.categories.filter((c) => !consent.categories.includes(c));
  if (uncovered.length > 0)
    errors.push(fieldError('body', at('categories'), 'covers_categories', { en: `must cover ${uncovered.join(', ')}`, pt: `tem de cobrir ${uncovered.join(', ')}` }));
  const minor = triage.ageBand !== undefined && MINOR_AGE_BANDS.has(triage.ageBand);
  if (minor && consent.grantedBy === 'subject')
    errors.push(fieldError('body', at('grantedBy'), 'minor_needs_guardian_or_determination', {
      en: 'the person is under 18: a guardian or a best-interests determination must grant it',
      pt: 'a pessoa tem menos de 18 anos: tem de ser dado por um tutor ou por uma determinação do superior interesse',
    }));
  if (minor && !consent.childAssent) errors.push(fieldError('body', at('childAssent'), 'required_for_minor', { en: "record the child's assent", pt: 'registe o assentimento da criança' }));
  const validFrom = consent.validFrom ? new Date(consent.validFrom) : now;
  const validUntil = new Date(consent.validUntil);
  if (validFrom > now) errors.push(fieldError('body', at('validFrom'), 'not_in_future', { en: 'the consent is recorded now, with the person', pt: 'o consentimento é registado agora, com a pessoa' }));
  if (validUntil <= now) errors.push(fieldError('body', at('validUntil'), 'in_future', { en: 'the consent would already have expired', pt: 'o consentimento já teria expirado' }));
  return errors;
}

/** The new consent's row: the receiving agency's, on the subject it knows through the parent referral. */
function consentRowOf(body: ReferOnward, subjectId: string, viaReferralId: string, agencyId: string, recipientId: string, recordedBy: string, now: Date): NewConsent & { consent_id: string; categories: string[]; purposes: string[]; recipient_agency_ids: string[]; legal_basis: ConsentRow['legal_basis'] } {
  const consent = body.consent!;
  return {
    agency_id: agencyId,
    consent_id: randomUUID(),
    version: 1,
    subject_id: subjectId,
    granted_by: consent.grantedBy,
    grantor: consent.guardian
      ? JSON.stringify({ guardian: consent.guardian })
      : consent.bestInterestsDetermination
        ? JSON.stringify({ bestInterestsDetermination: consent.bestInterestsDetermination })
        : null,
    guardian_reason: consent.guardianReason ?? null,
    child_assent: consent.childAssent ?? null,
    method: consent.method,
    witness: consent.witness ? JSON.stringify(consent.witness) : null,
    language: consent.language,
    interpreter_used: consent.interpreterUsed,
    purposes: consent.purposes,
    // The third agency, the one recipient the consent names (checked above).
    recipient_agency_ids: [recipientId],
    categories: consent.categories,
    legal_basis: consent.legalBasis,
    valid_from: consent.validFrom ? new Date(consent.validFrom) : now,
    valid_until: new Date(consent.validUntil),
    recorded_by: recordedBy,
    recorded_at: now,
    via_referral_id: viaReferralId,
  };
}
