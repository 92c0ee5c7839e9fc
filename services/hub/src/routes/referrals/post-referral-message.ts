import { createRoute } from '@hono/zod-openapi';
import { PostReferralMessage, ReferralMessage } from '@ponte/contracts';
import { postReferralMessage } from '@ponte/core';
import { bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, REFERRAL_MESSAGE_EXAMPLE, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'postReferralMessage',
  path: '/v1/referrals/{id}/messages',
  tags: ['Referrals'],
  summary: "Write on a referral's conversation, to the other agency's people on it",
  description:
    "A message between the two agencies on a referral: the sending agency's people who work on the subject, and the receiving agency's intake focal point, supervisors and assigned caseworker. Write no personal data beyond the categories the referral shares: a message from the sending side that names the subject or gives their date of birth, when the receiving agency was not shared `identity`, is kept but flagged for your privacy officers (flag `message_personal_data`). Both agencies get a `referral.message` event with ids only, never the text. A referral you may not know of answers 404 `not_found`; one you see but are not on the conversation of, 403 `forbidden` (rule `referral.converse_not_allowed`); a referral not sent yet or closed (declined, completed, withdrawn), 409 `conflict` (rule `referral.conversation_closed`, with `currentStatus`); nothing is stored then. Written to the access log. Send `Idempotency-Key` to make retries safe.",
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey, body: jsonBody(PostReferralMessage, { body: 'Can the family be contacted before the home visit on Tuesday?' }) },
  responses: {
    201: { ...json(ReferralMessage, 'The message as stored', REFERRAL_MESSAGE_EXAMPLE), headers: LOCATION_HEADER },
    ...problems(...WRITE_PROBLEMS, 'conflict'),
  },
});

export function registerPostReferralMessage(app: HubApp) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const message = await postReferralMessage({ ctx: c.get('ctx'), input: { id, ...c.req.valid('json') } });
    c.header('location', `/v1/referrals/${id}/messages`);
    return c.json(message, 201);
  });
}
