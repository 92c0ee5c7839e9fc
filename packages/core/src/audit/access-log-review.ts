import { allLeafHashes, computeFlags, consistencyProof, inclusionProof, verifyLog, type FlagEvent } from '@ponte/audit';
import { fieldError, PonteError, type RuleCode } from '@ponte/contracts';
import {
  eventsBetween,
  findActorNames,
  insertReview,
  latestHead,
  listHeads,
  reviewsOf,
  sealedEventById,
  withoutTenant,
  type AccessEventRow,
} from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { iso } from '../util';
import { ignoreIdempotencyKey } from '../idempotency';
import { withAudit, type AccessLog } from './access-log';
import { toAccessEvent } from './list-access-events';

/**
 * Only privacy officers work with the log; anyone else is refused, and that is logged too. Asked
 * about one event (`names`), the refusal is not found: only a privacy officer may know of an event.
 */
function ensurePrivacyOfficer(ctx: Context, log: AccessLog, action: string, names?: 'event') {
  try {
    ensureCanList(ctx.ability, 'AccessEvent', { agencyId: ctx.principal.agencyId!, owningAgencyId: null }, 'role.not_privacy_officer');
  } catch (error) {
    throw log.refuse({ resource: 'AccessEvent', action }, names === 'event' ? noSuchEvent('role.not_privacy_officer') : (error as PonteError));
  }
}

const noSuchEvent = (rule: RuleCode) =>
  new PonteError('not_found', { en: 'No such access event visible to your agency', pt: 'Não existe este evento de acesso visível para a sua agência' }, undefined, { rule });

/** The signed tree heads, oldest first: every agency may fetch and keep them as witness copies. */
export async function listLogHeads({ ctx, input }: { ctx: Context; input: { afterSize?: number | undefined; limit: number } }) {
  return withoutTenant(ctx.db, 'hub', async (tx) => {
    const rows = await listHeads(tx, { afterSize: input.afterSize ?? 0, limit: input.limit });
    return { items: rows.map((h) => ({ treeSize: h.tree_size, rootHash: h.root_hash, signedHead: h.signed_head, createdAt: iso(h.created_at) })) };
  });
}

/** Proof that an event the officer may see is in the log, against the latest head. */
export async function accessEventProof({ ctx, input }: { ctx: Context; input: { eventId: string } }) {
  const event = await withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'proof', 'event');
    const row = await sealedEventById(tx, input.eventId);
    if (!row) throw log.refuse({ resource: 'AccessEvent', resourceId: input.eventId, action: 'proof' }, noSuchEvent('tenant_isolation'));
    if (row.log_index === null)
      throw new PonteError('conflict', { en: 'The event is not sealed yet; try again shortly', pt: 'O evento ainda não foi selado; tente daqui a pouco' });
    log.allow({ resource: 'AccessEvent', resourceId: row.id, action: 'proof', subjectId: row.subject_id, owningAgencyId: row.owning_agency_id, rule: 'privacy_officer.review' });
    return { ...row, names: await findActorNames(tx, row.agency_id === ctx.principal.agencyId ? [row.actor_id] : []) };
  });
  // The proof needs every leaf hash; hashes disclose nothing about other agencies' events.
  return withoutTenant(ctx.db, 'auditor', async (tx) => {
    const head = (await latestHead(tx))!;
    const leaves = await allLeafHashes(tx, head.tree_size);
    return {
      event: toAccessEvent(event, event.names),
      leafHash: event.leaf_hash,
      logIndex: event.log_index,
      treeSize: head.tree_size,
      rootHash: head.root_hash,
      signedHead: head.signed_head,
      auditPath: inclusionProof(event.log_index!, leaves).map((h) => h.toString('hex')),
    };
  });
}

/** Proof that the log of `from` events is a prefix of the log of `to` events (RFC 6962 consistency). */
export async function logConsistency({ ctx, input }: { ctx: Context; input: { from: number; to: number } }) {
  await withAudit(ctx, async (_tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'consistency');
    log.allow({ resource: 'AccessEvent', action: 'consistency', rule: 'privacy_officer.review' });
  });
  return withoutTenant(ctx.db, 'auditor', async (tx) => {
    const head = await latestHead(tx);
    const size = head?.tree_size ?? 0;
    if (input.from < 1 || input.from > input.to || input.to > size)
      throw new PonteError('invalid_request', { en: 'The sizes are outside the log', pt: 'Os tamanhos estão fora do registo' }, [
        fieldError('query', ['to'], 'in_log', { en: `from ≤ to ≤ ${size}`, pt: `from ≤ to ≤ ${size}` }),
      ]);
    const leaves = await allLeafHashes(tx, input.to);
    return { from: input.from, to: input.to, proof: consistencyProof(input.from, leaves).map((h) => h.toString('hex')) };
  });
}

/** Recomputes the log and checks every head; with a head the agency kept, checks the log still extends it. */
export async function verifyAccessLog({ ctx, input }: { ctx: Context; input: { witness?: string | undefined } }) {
  ignoreIdempotencyKey(ctx);
  await withAudit(ctx, async (_tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'verify');
    log.allow({ resource: 'AccessEvent', action: 'verify', rule: 'privacy_officer.review' });
  });
  return verifyLog({ db: ctx.db, tokens: ctx.tokens, witness: input.witness });
}

const toFlagEvent = (row: AccessEventRow): FlagEvent => ({
  id: row.id,
  requestId: row.request_id,
  actorKind: row.actor_kind,
  occurredAt: new Date(row.occurred_at),
  actorId: row.actor_id,
  actorAgencyId: row.agency_id,
  subjectId: row.subject_id,
  resource: row.resource,
  action: row.action,
  decision: row.decision as 'allow' | 'deny',
  rule: row.rule,
  breakGlass: row.break_glass,
});

/** Flags over the events the officer may see in a window (default: the last 7 days), with their reviews. */
export async function listAccessFlags({ ctx, input }: { ctx: Context; input: { from?: string | undefined; to?: string | undefined } }) {
  const to = input.to ? new Date(input.to) : ctx.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 7 * 86_400_000);
  if (from >= to)
    throw new PonteError('invalid_request', { en: 'The time range is empty', pt: 'O intervalo de tempo está vazio' }, [
      fieldError('query', ['to'], 'time_range', { en: 'must be after `from`', pt: 'tem de ser posterior a `from`' }),
    ]);
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'flags');
    const events = (await eventsBetween(tx, { from, to, limit: 200_000 })).map(toFlagEvent);
    const history = (await eventsBetween(tx, { from: new Date(from.getTime() - 30 * 86_400_000), to: from, limit: 500_000 })).map(toFlagEvent);
    const flags = computeFlags(events, history);
    const reviews = await reviewsOf(tx, flags.map((f) => f.id));
    const names = await findActorNames(tx, [...new Set(flags.filter((f) => f.actorAgencyId === ctx.principal.agencyId).map((f) => f.actorId))]);
    log.allow({ resource: 'AccessEvent', action: 'flags', rule: 'privacy_officer.review' });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      items: flags.map((flag) => ({
        ...flag,
        actorName: names.get(flag.actorId) ?? null,
        reviews: reviews.filter((r) => r.target_id === flag.id).map((r) => ({ status: r.status, note: r.note, reviewerId: r.reviewer_id, at: iso(r.created_at) })),
      })),
    };
  });
}

/** A privacy officer marks an event or a flag reviewed, with a note, or escalates it; the review is logged. */
export async function reviewAccess({
  ctx,
  input,
}: {
  ctx: Context;
  input: { targetKind: 'event' | 'flag'; targetId: string; status: 'reviewed' | 'escalated'; note: string };
}) {
  return withAudit(ctx, async (tx, log) => {
    ensurePrivacyOfficer(ctx, log, 'review', input.targetKind === 'event' ? 'event' : undefined);
    if (input.targetKind === 'event' && !(await sealedEventById(tx, input.targetId)))
      throw log.refuse({ resource: 'AccessEvent', resourceId: input.targetId, action: 'review' }, noSuchEvent('tenant_isolation'));
    const row = await insertReview(tx, {
      agency_id: ctx.principal.agencyId!,
      target_kind: input.targetKind,
      target_id: input.targetId,
      status: input.status,
      note: input.note,
      reviewer_id: ctx.principal.id,
      created_at: ctx.now(),
    });
    log.allow({ resource: 'AccessEvent', action: input.status === 'escalated' ? 'escalate' : 'review', rule: 'privacy_officer.review' });
    if (input.status === 'escalated') ctx.logger.warn({ event: 'access.escalated', reviewId: row.id }, 'access escalated by a privacy officer');
    return { id: row.id, targetKind: row.target_kind, targetId: row.target_id, status: row.status, note: row.note, at: iso(row.created_at) };
  });
}

