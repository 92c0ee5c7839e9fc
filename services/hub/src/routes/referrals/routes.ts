import { createRoute, z } from '@hono/zod-openapi';
import {
  AcceptReferral,
  AssignReferral,
  CompleteReferral,
  DeclineReferral,
  Referral,
  ReferralListQuery,
  SendReferral,
  Uuid,
  WithdrawReferral,
} from '@ponte/contracts';
import {
  acceptReferral,
  assignReferral,
  completeReferral,
  declineReferral,
  getReferral,
  listReferrals,
  readReferredSubject,
  referralFigures,
  sendDraftReferral,
  sendReferral,
  startReferral,
  withdrawReferral,
} from '@ponte/core';
import type { Context } from 'hono';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp, HubEnv } from '../../types';
import { versionFromIfMatch } from '../subjects/routes';

const IdParam = z.object({ id: Uuid });
const IfMatch = z.object({ 'if-match': z.string().max(40).optional() });
const TRANSITION_PROBLEMS = ['invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', 'conflict', 'precondition_failed', ...AUTH_PROBLEMS] as const;

const send = createRoute({
  method: 'post',
  path: '/v1/referrals',
  tags: ['Referrals'],
  summary: 'Send (or draft) a referral to another agency',
  description:
    'Refused with 422 `check_failed`, naming each failed check, unless the recipient offers the service, an agreement in force covers the purpose, and the consent is active, names the recipient and covers the purpose. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(SendReferral), headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }) },
  responses: { 201: json(Referral, 'The referral as sent'), ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'not_found', 'conflict', 'check_failed', ...AUTH_PROBLEMS) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/referrals',
  tags: ['Referrals'],
  summary: "Your agency's inbox (received) or outbox (sent)",
  security: bearer,
  request: { query: ReferralListQuery },
  responses: { 200: json(z.object({ items: z.array(Referral), nextCursor: z.string().nullable() }), 'Referrals, newest first'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/referrals/{id}',
  tags: ['Referrals'],
  summary: 'A referral: the sender’s view, the triage view before acceptance, the receiver’s view, or metadata after closure',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Referral, 'The referral; `ETag` carries its version'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

const subject = createRoute({
  method: 'get',
  path: '/v1/referrals/{id}/subject',
  tags: ['Referrals'],
  summary: 'The referred subject, as the receiving agency may read it now',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(z.object({ referralId: Uuid, reference: z.string(), readAt: z.string(), data: z.record(z.string(), z.unknown()), access: z.object({ readable: z.array(z.string()), withheld: z.array(z.object({ category: z.string(), rule: z.string() })) }) }), 'The shared categories'),
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

const transition = (path: string, summary: string, body?: z.ZodType) =>
  createRoute({
    method: 'post',
    path: `/v1/referrals/{id}/${path}`,
    tags: ['Referrals'],
    summary,
    security: bearer,
    request: { params: IdParam, headers: IfMatch, ...(body ? { body: jsonBody(body) } : {}) },
    responses: { 200: json(Referral, 'The referral after the transition'), ...problems(...TRANSITION_PROBLEMS) },
  });

const accept = transition('accept', 'Accept a referral (intake focal point or supervisor of the receiving agency)', AcceptReferral);
const decline = transition('decline', 'Decline a referral, with a reason', DeclineReferral);
const assign = transition('assign', 'Assign an accepted referral to a caseworker of the receiving agency', AssignReferral);
const start = transition('start', 'Start delivering the service (assigned caseworker)');
const complete = transition('complete', 'Complete a referral, with an outcome', CompleteReferral);
const withdraw = transition('withdraw', 'Withdraw a referral (sender), with a reason', WithdrawReferral);
const sendDraft = transition('send', 'Send a draft (sender), once every check passes now');

const figures = createRoute({
  method: 'get',
  path: '/v1/referral-figures',
  tags: ['Referrals'],
  summary: "Your agency's referral figures; counts under 5 are suppressed",
  security: bearer,
  responses: { 200: json(z.record(z.string(), z.unknown()), 'Figures for referrals sent and received'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

/** The validated JSON body of a transition route (its schema is chosen per route, so the type is given here). */
const bodyOf = <T>(c: Context<HubEnv>): T => (c.req.valid as unknown as (target: 'json') => T)('json');

const etagged = (c: Context<HubEnv>, referral: Referral) => {
  c.header('etag', `W/"${referral.version}"`);
  return referral;
};

export function registerReferrals(app: HubApp) {
  app.openapi(send, async (c) => {
    const referral = await sendReferral({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/referrals/${referral.id}`);
    return c.json(etagged(c, referral), 201);
  });
  app.openapi(list, async (c) => c.json(await listReferrals({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(figures, async (c) => c.json(await referralFigures({ ctx: c.get('ctx') }), 200));
  app.openapi(get, async (c) => c.json(etagged(c, await getReferral({ ctx: c.get('ctx'), input: c.req.valid('param') })), 200));
  app.openapi(subject, async (c) => c.json(await readReferredSubject({ ctx: c.get('ctx'), input: { referralId: c.req.valid('param').id } }), 200));
  const common = (c: Context<HubEnv>, id: string, ifMatch: string | undefined) => ({ ctx: c.get('ctx'), id, expectedVersion: versionFromIfMatch(ifMatch) });
  app.openapi(accept, async (c) => {
    const { ctx, ...rest } = common(c, c.req.valid('param').id, c.req.valid('header')['if-match']);
    return c.json(etagged(c, await acceptReferral({ ctx, input: { ...rest, ...bodyOf<z.infer<typeof AcceptReferral>>(c) } })), 200);
  });
  app.openapi(decline, async (c) => {
    const { ctx, ...rest } = common(c, c.req.valid('param').id, c.req.valid('header')['if-match']);
    return c.json(etagged(c, await declineReferral({ ctx, input: { ...rest, ...bodyOf<z.infer<typeof DeclineReferral>>(c) } })), 200);
  });
  app.openapi(assign, async (c) => {
    const { ctx, ...rest } = common(c, c.req.valid('param').id, c.req.valid('header')['if-match']);
    return c.json(etagged(c, await assignReferral({ ctx, input: { ...rest, ...bodyOf<z.infer<typeof AssignReferral>>(c) } })), 200);
  });
  app.openapi(start, async (c) => {
    const { ctx, ...rest } = common(c, c.req.valid('param').id, c.req.valid('header')['if-match']);
    return c.json(etagged(c, await startReferral({ ctx, input: rest })), 200);
  });
  app.openapi(complete, async (c) => {
    const { ctx, ...rest } = common(c, c.req.valid('param').id, c.req.valid('header')['if-match']);
    return c.json(etagged(c, await completeReferral({ ctx, input: { ...rest, ...bodyOf<z.infer<typeof CompleteReferral>>(c) } })), 200);
  });
  app.openapi(sendDraft, async (c) => {
    const { ctx, ...rest } = common(c, c.req.valid('param').id, c.req.valid('header')['if-match']);
    return c.json(etagged(c, await sendDraftReferral({ ctx, input: rest })), 200);
  });
  app.openapi(withdraw, async (c) => {
    const { ctx, ...rest } = common(c, c.req.valid('param').id, c.req.valid('header')['if-match']);
    return c.json(etagged(c, await withdrawReferral({ ctx, input: { ...rest, ...bodyOf<z.infer<typeof WithdrawReferral>>(c) } })), 200);
  });
}
