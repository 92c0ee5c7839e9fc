import { fieldError, PonteError } from '@ponte/contracts';
import { insertWebhookEndpoint, listDeliveries, listWebhookEndpoints, requeueDeliveries } from '@ponte/db';
import { ensureCanCreate, ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../audit/access-log';
import { iso, isoOrNull } from '../util';
import { webhookUrlProblem } from './webhook-transport';

const URL_CHECKS = {
  scheme: { check: 'http_scheme', message: { en: 'must be an http or https address', pt: 'tem de ser um endereço http ou https' } },
  credentials: { check: 'no_credentials', message: { en: 'may not carry a user name or password', pt: 'não pode conter utilizador nem palavra-passe' } },
  private_address: {
    check: 'public_address',
    message: { en: 'not a loopback, private, link-local or other non-public address', pt: 'não pode ser um endereço local, privado, de ligação local ou outro não público' },
  },
} as const;

/** An agency administrator registers an endpoint for the agency's events (Standard Webhooks, signed with the hub's key). */
export async function createWebhookEndpoint({ ctx, input }: { ctx: Context; input: { url: string; description?: string | undefined; eventTypes: string[] } }) {
  const problem = webhookUrlProblem(new URL(input.url));
  if (problem === 'scheme' || problem === 'credentials' || (problem === 'private_address' && !ctx.settings.allowPrivateWebhookTargets))
    throw new PonteError('invalid_request', { en: 'Webhooks go to public HTTP(S) addresses only', pt: 'Os webhooks vão apenas para endereços HTTP(S) públicos' }, [
      fieldError('body', ['url'], URL_CHECKS[problem].check, URL_CHECKS[problem].message),
    ]);
  return withAudit(ctx, async (tx, log) => {
    ensureCanCreate(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const row = await insertWebhookEndpoint(tx, { agency_id: ctx.principal.agencyId!, url: input.url, description: input.description ?? null, event_types: input.eventTypes, created_at: ctx.now() });
    log.allow({ resource: 'Webhook', resourceId: row.id, action: 'create', rule: 'webhook.register' });
    return { id: row.id, url: row.url, description: row.description, eventTypes: row.event_types, status: row.status, createdAt: iso(row.created_at) };
  });
}

export async function listWebhookEndpointsOfAgency({ ctx }: { ctx: Context }) {
  return withAudit(ctx, async (tx) => {
    ensureCanList(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const rows = await listWebhookEndpoints(tx);
    return { items: rows.map((row) => ({ id: row.id, url: row.url, description: row.description, eventTypes: row.event_types, status: row.status, createdAt: iso(row.created_at) })) };
  });
}

export async function listWebhookDeliveries({ ctx, input }: { ctx: Context; input: { status?: string | undefined; limit: number } }) {
  return withAudit(ctx, async (tx) => {
    ensureCanList(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const rows = await listDeliveries(tx, input);
    return {
      items: rows.map((row) => ({
        id: row.id,
        eventId: row.event_id,
        endpointId: row.endpoint_id,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: iso(row.next_attempt_at),
        lastError: row.last_error,
        lastStatus: row.last_status,
        deliveredAt: isoOrNull(row.delivered_at),
      })),
    };
  });
}

/** Replays deliveries: dead-lettered ones, or those of given events. Receivers deduplicate by event id. */
export async function replayWebhookDeliveries({ ctx, input }: { ctx: Context; input: { eventIds?: string[] | undefined; dead?: boolean | undefined } }) {
  return withAudit(ctx, async (tx, log) => {
    ensureCanList(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const requeued = await requeueDeliveries(tx, input, ctx.now());
    log.allow({ resource: 'Webhook', action: 'replay', rule: 'webhook.replay' });
    return { requeued: requeued.length };
  });
}
