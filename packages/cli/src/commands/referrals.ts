import { readFile } from 'node:fs/promises';
import type { components } from '@ponte/client';
import type { Command } from '../command';
import { jsonInput, stringOption } from '../command';
import { usageError } from '../exit';
import { fields, table } from '../io';
import { nextPageNote, PAGE_OPTIONS, pagingOf, readPages } from './paging';

type Referral = components['schemas']['Referral'];

const COLUMNS: Array<[string, string]> = [['id', 'ID'], ['from', 'FROM'], ['to', 'TO'], ['status', 'STATUS'], ['service', 'SERVICE'], ['urgency', 'URGENCY'], ['sentAt', 'SENT']];
const one = (r: Referral, etag?: string | null) =>
  fields({ ...r, etag }, [['id', 'id'], ['from', 'from'], ['to', 'to'], ['status', 'status'], ['version', 'version'], ['etag', 'etag'], ['service', 'service'], ['purpose', 'purpose'], ['urgency', 'urgency'], ['sharedCategories', 'shared'], ['sentAt', 'sent']]);

export const referralsList: Command = {
  group: 'referrals',
  verb: 'list',
  summary: "Your agency's referrals: received (inbox, the default) or sent (outbox), newest first.",
  options: {
    box: { type: 'string', value: '<inbox|outbox>', description: 'received (inbox) or sent (outbox)' },
    status: { type: 'string', value: '<status>', description: 'only referrals in this status (sent, accepted, ...)' },
    ...PAGE_OPTIONS,
  },
  async run(ctx) {
    const box = stringOption(ctx, 'box');
    if (box !== undefined && box !== 'inbox' && box !== 'outbox') throw usageError('--box is inbox or outbox', ctx.usage);
    const status = stringOption(ctx, 'status') as Referral['status'] | undefined;
    const paging = pagingOf(ctx);
    const hub = await ctx.hub();
    const page = await readPages(paging, async (query) => (await hub.call(hub.api.GET('/v1/referrals', { params: { query: { box, status, ...query } } }))).data);
    ctx.print(() => table(page.items, COLUMNS) + nextPageNote(page.nextCursor), page);
  },
};

export const referralsGet: Command = {
  group: 'referrals',
  verb: 'get',
  summary: 'One referral, as your agency may see it.',
  positionals: { names: '<id>', min: 1, max: 1 },
  options: {},
  async run(ctx) {
    const hub = await ctx.hub();
    const { data, response } = await hub.call(hub.api.GET('/v1/referrals/{id}', { params: { path: { id: ctx.positionals[0]! } } }));
    ctx.print(() => one(data, response.headers.get('etag')), data);
  },
};

export const referralsSend: Command = {
  group: 'referrals',
  verb: 'send',
  summary: 'Send a referral, from a JSON body (as POST /v1/referrals takes it) or from options.',
  notes: 'With --file the body is the file; otherwise --to, --subject, --consent, --service, --purpose, --urgency and --category make it.',
  options: {
    file: { type: 'string', value: '<file|->', description: 'the JSON body (- for standard input)' },
    to: { type: 'string', value: '<agency>', description: 'the receiving agency' },
    subject: { type: 'string', value: '<id>', description: 'the subject referred' },
    consent: { type: 'string', value: '<id>', description: 'the consent (or other legal basis) it rests on' },
    service: { type: 'string', value: '<service>', description: 'the service asked for' },
    purpose: { type: 'string', value: '<purpose>', description: 'the purpose' },
    urgency: { type: 'string', value: '<urgency>', description: 'routine, priority or emergency' },
    category: { type: 'string', multiple: true, value: '<category>', description: 'a data category to share' },
    note: { type: 'string', value: '<text>', description: 'a note for the receiving agency (no personal data)' },
  },
  async run(ctx) {
    const byOptions = ['to', 'subject', 'consent', 'service', 'purpose', 'urgency', 'category', 'note'].filter((o) => ctx.values[o] !== undefined);
    if (ctx.values.file !== undefined && byOptions.length > 0) throw usageError(`give --file or --${byOptions[0]} and the other options, not both`, ctx.usage);
    let body: unknown;
    if (ctx.values.file !== undefined) body = await jsonInput(ctx, (path) => readFile(path, 'utf8'));
    else {
      const missing = ['to', 'subject', 'consent', 'service', 'purpose', 'urgency', 'category'].find((o) => ctx.values[o] === undefined);
      if (missing) throw usageError(`--${missing} is required without --file`, ctx.usage);
      body = {
        to: ctx.values.to,
        subjectId: ctx.values.subject,
        consentId: ctx.values.consent,
        service: ctx.values.service,
        purpose: ctx.values.purpose,
        urgency: ctx.values.urgency,
        categories: ctx.values.category,
        ...(ctx.values.note !== undefined ? { note: ctx.values.note } : {}),
      };
    }
    const hub = await ctx.hub();
    const { data } = await hub.call(hub.api.POST('/v1/referrals', { body: body as never }));
    ctx.print(() => `referral ${data.id} ${data.status} to ${data.to}\n`, data);
  },
};

/** A step of a referral: read it first, so the step carries `If-Match` with the version seen. */
function step(verb: 'accept' | 'decline' | 'withdraw', summary: string): Command {
  return {
    group: 'referrals',
    verb,
    summary,
    positionals: { names: '<id>', min: 1, max: 1 },
    options:
      verb === 'accept'
        ? { assignee: { type: 'string', value: '<user id>', description: 'a caseworker of your agency to take the case' } }
        : verb === 'decline'
          ? {
              code: { type: 'string', value: '<reason code>', description: 'why, from the hub’s closed list: no_capacity, outside_mandate, person_unreachable, duplicate_referral, consent_insufficient, other' },
              reason: { type: 'string', value: '<text>', description: 'why, in words (no personal data); required with --code other' },
            }
          : { reason: { type: 'string', value: '<text>', description: 'why (no personal data)' } },
    async run(ctx) {
      const hub = await ctx.hub();
      const id = ctx.positionals[0]!;
      const read = await hub.call(hub.api.GET('/v1/referrals/{id}', { params: { path: { id } } }));
      const etag = read.response.headers.get('etag') ?? undefined;
      const reason = ctx.values.reason ? { reason: ctx.values.reason } : {};
      // The hub checks the code against its list and answers a problem naming `reasonCode`.
      const body =
        verb === 'accept' ? (ctx.values.assignee ? { assigneeId: ctx.values.assignee } : {}) : verb === 'decline' ? { ...(ctx.values.code ? { reasonCode: ctx.values.code } : {}), ...reason } : reason;
      // One of the three steps; each takes If-Match and an Idempotency-Key (the SDK adds the key).
      const path = `/v1/referrals/{id}/${verb}` as '/v1/referrals/{id}/accept';
      const { data } = await hub.call(hub.api.POST(path, { params: { path: { id }, header: { 'if-match': etag } }, body: body as never }));
      ctx.print(() => `referral ${data.id} ${data.status}\n`, data);
    },
  };
}

export const referralsAccept = step('accept', 'Accept a referral your agency received (reads it first and sends If-Match with its ETag).');
export const referralsDecline = step('decline', 'Decline a referral your agency received (reads it first and sends If-Match with its ETag).');
export const referralsWithdraw = step('withdraw', 'Withdraw a referral your agency sent (reads it first and sends If-Match with its ETag).');
