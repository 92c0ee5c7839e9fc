import { fieldError, PonteError, type PurgeAttestation, type PurgeRequest } from '@ponte/contracts';
import { attestPurgeRow, findPurgeRequestOfReferral, findReferral, insertEventsAtCommit, subjectWorkersQuery, type PurgeRequestRow } from '@ponte/db';
import { grantingRule, refusalOn, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { slugsOf, toPurgeRequest } from '../subjects/tombstone-view';
import { iso } from '../util';
import { referralRecord } from './referral-access';

/** The type of the JWS the hub signs an attestation with (verify it against the hub's JWKS). */
export const PURGE_ATTESTATION_TYPE = 'purge-attestation+jwt';

/**
 * The receiving agency attests that it purged what it received on a referral of an erased
 * subject: who purged, how, from which systems, when, and its statement. The hub signs the
 * attestation (a JWS with its signing key, verifiable against its JWKS) and keeps it with the
 * purge request; the owner (and the referral's sender, down a chain) gets `referral.purge_attested`.
 * By the recipient's intake focal point, supervisors, privacy officer or API clients (403
 * `Referral.attest_purge` to others who know the referral, its sender's side included; 404 to
 * anyone else). Refused, nothing changing: no purge asked on it (409 `purge.not_requested`), a
 * second attestation (409 `purge.already_attested`), a purge dated in the future or before it was
 * requested (400, naming `purgedAt`).
 */
export async function attestPurge({ ctx, input }: { ctx: Context; input: { referralId: string; attestation: PurgeAttestation } }): Promise<PurgeRequest> {
  const now = ctx.now();
  if (new Date(input.attestation.purgedAt) > now) {
    const text = { en: 'must not be in the future', pt: 'não pode estar no futuro' };
    throw new PonteError('invalid_request', { en: 'The purge cannot be dated in the future', pt: 'A eliminação não pode ter data futura' }, [fieldError('body', ['purgedAt'], 'not_in_future', text)]);
  }
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    const referral = await findReferral(tx, input.referralId);
    const base = { resource: 'Referral' as const, resourceId: input.referralId, action: 'attest_purge', subjectId: referral?.subject_id ?? null, owningAgencyId: referral ? (referral.root_agency_id ?? referral.agency_id) : null };
    if (!referral) throw log.refuse(base, new PonteError('not_found', { en: 'No such referral', pt: 'Não existe este encaminhamento' }, undefined, { rule: 'tenant_isolation' }));
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    // The sender's side knows the referral by its subject's need-to-know (403 then, 404 to the rest).
    const [subject] = referral.agency_id === agencyId ? await subjectWorkersQuery(tx, [referral.subject_id]).execute() : [];
    const record = referralRecord(referral, subject);
    // Only the agency that received the referral attests its purge.
    if (referral.recipient_agency_id !== agencyId || !ability.can('attest_purge', tag('Referral', record)))
      throw log.refuse(
        base,
        refusalOn(ability, 'Referral', record, 'Referral.attest_purge', {
          en: "Only the receiving agency's focal point, supervisors, privacy officer or its systems may attest a purge",
          pt: 'Só o ponto focal, os supervisores, o encarregado de proteção de dados ou os sistemas da agência destinatária podem atestar uma eliminação',
        }),
      );
    // Not locked: row-level security lets the recipient update (so lock) only a request not yet attested; the update below is the guard.
    const request = await findPurgeRequestOfReferral(tx, referral.id);
    if (!request)
      throw log.refuse(base, new PonteError('conflict', { en: 'No purge was requested on this referral', pt: 'Não foi pedida a eliminação neste encaminhamento' }, undefined, { rule: 'purge.not_requested' }));
    if (request.attested_at !== null) throw log.refuse(base, alreadyAttested(request));
    // A purge is of what was received, so it was done once asked for, not before (a receipt must not certify an earlier date).
    if (new Date(input.attestation.purgedAt) < request.requested_at)
      throw new PonteError('invalid_request', { en: 'The purge cannot be dated before it was requested', pt: 'A eliminação não pode ter data anterior ao pedido' }, [
        fieldError('body', ['purgedAt'], 'not_before_request', { en: `must not be before the purge was requested (${iso(request.requested_at)})`, pt: `não pode ser anterior ao pedido de eliminação (${iso(request.requested_at)})` }),
      ]);
    const attestedBy = ctx.principal.id;
    const byKind = ctx.principal.kind === 'client' ? ('client' as const) : ('user' as const);
    const statement = { ...input.attestation, purgedAt: iso(input.attestation.purgedAt) };
    const receipt = await ctx.tokens.sign(
      {
        purgeRequestId: request.id,
        referralId: referral.id,
        subjectId: request.subject_id,
        owner: request.agency_id,
        recipient: request.recipient_agency_id,
        reason: request.reason,
        categories: request.categories,
        requestedAt: iso(request.requested_at),
        dueAt: iso(request.due_at),
        attestedAt: iso(now),
        attestedBy,
        attestedByKind: byKind,
        ...statement,
      },
      PURGE_ATTESTATION_TYPE,
      now,
    );
    const attested = await attestPurgeRow(tx, request.id, { at: now, by: attestedBy, byKind, statement, receipt });
    if (!attested) throw log.refuse(base, alreadyAttested(request));
    const data = { referralId: referral.id, purgeRequestId: request.id, attestedAt: iso(now) };
    const to = [...new Set([request.agency_id, request.referral_agency_id, request.recipient_agency_id])];
    insertEventsAtCommit(tx, to.map((agency) => ({ agency_id: agency, type: 'referral.purge_attested', referral_id: referral.id, payload: data, created_at: now })));
    log.allow({ ...base, rule: grantingRule(ability, 'attest_purge', 'Referral', record) ?? 'purge.attest' });
    ctx.logger.info({ event: 'purge.attested', purgeRequestId: request.id, referralId: referral.id }, 'purge attested');
    return toPurgeRequest(attested, await slugsOf(tx, [attested]), now);
  });
}

const alreadyAttested = (request: PurgeRequestRow) =>
  new PonteError('conflict', { en: 'The purge on this referral was already attested', pt: 'A eliminação neste encaminhamento já foi atestada' }, undefined, {
    rule: 'purge.already_attested',
    ...(request.attested_at ? { attestedAt: iso(request.attested_at) } : {}),
  });
