import { isIP } from 'node:net';
import { fieldError, PonteError } from '@ponte/contracts';
import { insertWebhookEndpoint, listDeliveries, listWebhookEndpoints, requeueDeliveries } from '@ponte/db';
import { ensureCanCreate, ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../audit/access-log';
import { iso, isoOrNull } from '../util';

/** An agency administrator registers an endpoint for the agency's events (Standard Webhooks, signed with the hub's key). */
export async function createWebhookEndpoint({ ctx, input }: { ctx: Context; input: { url: string; description?: string | undefined; eventTypes: string[] } }) {
  if (!ctx.settings.allowPrivateWebhookTargets && isPrivateTarget(new URL(input.url)))
    throw new PonteError('invalid_request', { en: 'Webhooks go to public addresses only', pt: 'Os webhooks vão apenas para endereços públicos' }, [
      fieldError('body', ['url'], 'public_address', { en: 'not a loopback, private or link-local address', pt: 'não pode ser um endereço local, privado ou de ligação local' }),
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

/** Loopback, private, link-local and unspecified addresses, by name or literal (a guard against SSRF). */
export function isPrivateTarget(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) return host === '::1' || host === '::' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80') || host.startsWith('::ffff:');
  return false;
}
