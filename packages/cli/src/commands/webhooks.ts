import type { components } from '@ponte/client';
import type { Command } from '../command';
import { intOption, stringOption } from '../command';
import { usageError } from '../exit';
import { say, table } from '../io';

/** Webhook endpoints and their deliveries (an agency administrator's API client). */

const ENDPOINT_COLUMNS: Array<[string, string]> = [['id', 'ID'], ['status', 'STATUS'], ['url', 'URL'], ['eventTypes', 'EVENTS'], ['createdAt', 'CREATED']];
const ID = { names: '<endpoint id>', min: 1, max: 1 };

const secretNotice = (lang: 'en' | 'pt', secret: string) =>
  `${say(lang, 'signing secret (shown this once: keep it now, the hub never shows it again)', 'segredo de assinatura (mostrado só esta vez: guarde-o agora, o hub nunca o volta a mostrar)')}:\n${secret}\n`;

export const webhooksAdd: Command = {
  group: 'webhooks',
  verb: 'add',
  summary: 'Register a webhook endpoint; prints its signing secret once.',
  options: {
    url: { type: 'string', value: '<url>', description: 'where the hub posts events (a public http(s) address)' },
    events: { type: 'string', multiple: true, value: '<type>', description: 'an event type to receive (default: every event); also comma-separated' },
    description: { type: 'string', value: '<text>', description: 'what it is, for your administrators' },
  },
  async run(ctx) {
    const url = stringOption(ctx, 'url');
    if (!url) throw usageError('--url is required', ctx.usage);
    const eventTypes = ((ctx.values.events as string[] | undefined) ?? []).flatMap((e) => e.split(',')).filter(Boolean);
    const hub = await ctx.hub();
    const { data } = await hub.call(hub.api.POST('/v1/webhook-endpoints', { body: { url, eventTypes: eventTypes as NonNullable<components['schemas']['CreateWebhookEndpoint']['eventTypes']>, ...(typeof ctx.values.description === 'string' ? { description: ctx.values.description } : {}) } }));
    ctx.print(() => `webhook endpoint ${data.id} added (${data.status})\n${secretNotice(ctx.lang, data.secret)}`, data);
  },
};

export const webhooksList: Command = {
  group: 'webhooks',
  verb: 'list',
  summary: "Your agency's webhook endpoints.",
  options: {},
  async run(ctx) {
    const hub = await ctx.hub();
    const { data } = await hub.call(hub.api.GET('/v1/webhook-endpoints'));
    ctx.print(() => table(data.items, ENDPOINT_COLUMNS), data);
  },
};

/** A POST on one endpoint (`ping`, `pause`, `resume`): what it answers is printed. */
function endpointAction(verb: 'ping' | 'pause' | 'resume', summary: string, done: string): Command {
  return {
    group: 'webhooks',
    verb,
    summary,
    positionals: ID,
    options: {},
    async run(ctx) {
      const hub = await ctx.hub();
      const id = ctx.positionals[0]!;
      // One of ping, pause, resume: each a POST on the endpoint with an Idempotency-Key (the SDK adds it).
      const { data } = await hub.call(hub.api.POST(`/v1/webhook-endpoints/{id}/${verb}` as '/v1/webhook-endpoints/{id}/pause', { params: { path: { id } } }));
      ctx.print(() => `webhook endpoint ${id} ${done}\n`, data);
    },
  };
}

export const webhooksPing = endpointAction('ping', 'Send a ponte.ping event to one endpoint, by the normal delivery path.', 'pinged (a ponte.ping event is queued for it)');
export const webhooksPause = endpointAction('pause', 'Pause an endpoint: nothing is posted, its deliveries wait.', 'paused');
export const webhooksResume = endpointAction('resume', 'Resume a paused endpoint: what waited goes out.', 'resumed');

export const webhooksDelete: Command = {
  group: 'webhooks',
  verb: 'delete',
  summary: 'Delete an endpoint: it gets nothing more, its secrets are erased, its pending deliveries end cancelled.',
  positionals: ID,
  options: {},
  async run(ctx) {
    const hub = await ctx.hub();
    const id = ctx.positionals[0]!;
    const { data } = await hub.call(hub.api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id } } }));
    ctx.print(() => `webhook endpoint ${id} deleted (${data.cancelled} pending deliveries cancelled)\n`, { id, ...data });
  },
};

export const webhooksRotateSecret: Command = {
  group: 'webhooks',
  verb: 'rotate-secret',
  summary: 'Give an endpoint a new signing secret (printed once); the old one signs beside it for --overlap-hours.',
  positionals: ID,
  options: { 'overlap-hours': { type: 'string', value: '<hours>', description: 'how long the old secret still signs (0 to 168, default 24)' } },
  async run(ctx) {
    const overlapHours = intOption(ctx, 'overlap-hours', 0, 168);
    const hub = await ctx.hub();
    const id = ctx.positionals[0]!;
    const { data } = await hub.call(hub.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id } }, body: overlapHours === undefined ? ({} as never) : { overlapHours } }));
    ctx.print(() => `webhook endpoint ${id}: new signing secret\n${secretNotice(ctx.lang, data.secret)}`, data);
  },
};

export const webhooksReplay: Command = {
  group: 'webhooks',
  verb: 'replay',
  summary: 'Deliver again: the deliveries of the events given, or with --dead every dead-lettered one.',
  positionals: { names: '[<event id>...]', min: 0, max: 500 },
  options: { dead: { type: 'boolean', description: 'every dead-lettered delivery' } },
  async run(ctx) {
    if (ctx.positionals.length === 0 && !ctx.values.dead) throw usageError('give event ids, or --dead', ctx.usage);
    const hub = await ctx.hub();
    const { data } = await hub.call(hub.api.POST('/v1/webhook-deliveries/replay', { body: { ...(ctx.positionals.length > 0 ? { eventIds: ctx.positionals } : {}), ...(ctx.values.dead ? { dead: true } : {}) } }));
    ctx.print(() => `${data.requeued} deliveries queued again\n`, data);
  },
};

export const webhooksDeliveries: Command = {
  group: 'webhooks',
  verb: 'deliveries',
  summary: 'Recent deliveries, newest first: pending, delivered, dead or cancelled.',
  options: {
    status: { type: 'string', value: '<status>', description: 'pending, delivered, dead or cancelled' },
    limit: { type: 'string', value: '<n>', description: 'how many (1 to 500, default 100)' },
  },
  async run(ctx) {
    const limit = intOption(ctx, 'limit', 1, 500);
    const hub = await ctx.hub();
    const status = stringOption(ctx, 'status') as 'pending' | 'delivered' | 'dead' | 'cancelled' | undefined;
    const { data } = await hub.call(hub.api.GET('/v1/webhook-deliveries', { params: { query: { status, limit } } }));
    ctx.print(() => table(data.items, [['id', 'ID'], ['endpointId', 'ENDPOINT'], ['eventId', 'EVENT'], ['status', 'STATUS'], ['attempts', 'ATTEMPTS'], ['lastStatus', 'LAST']]), data);
  },
};
