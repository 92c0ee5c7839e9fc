import { createRoute } from '@hono/zod-openapi';
import { ReferOnward, Referral } from '@ponte/contracts';
import { referOnward } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, REFERRAL_EXAMPLE, WRITE_PROBLEMS, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'referOnward',
  path: '/v1/referrals/{id}/onward',
  tags: ['Referrals'],
  summary: 'Refer the person of a referral you received on to a third agency',
  description: [
    "The receiving agency's intake focal point, supervisors and assigned caseworker refer the person on, while the referral is accepted or in progress. The onward referral is your agency's, names its parent (`parentReferralId`) and goes to a third agency: neither yours nor the one that owns the record.",
    "It rests either on the parent's consent, which must name the third agency and cover the purpose and the categories, or on a new consent you record with the person now (`consent`: your agency's, naming the third agency only, for the purpose and the categories). The parent's consent must still be in force either way; when the consent the chain began under is withdrawn, every onward referral down the chain stops sharing and each agency on it is asked to purge (`referral.purge_requested`).",
    "An agreement from your agency to the third must be in force for the purpose, and the third agency must offer the service. You may pass on only categories the parent shared with you; the hub keeps those the consent and the agreement also allow. The third agency's intake sees the parent's triage; once it accepts, its assignee reads the shared categories under the same rules as any referral.",
    "Refusals, with nothing stored: a referral you may not know of, 404 `not_found`; your own referral, or a role that may not refer on, 403 `forbidden` (rule `referral.onward_not_allowed`); a parent not accepted or in progress, 409 `conflict` (rule `referral.onward_parent_not_accepted`); the third agency yours or the owner's, 400 (rule `referral.onward_to_owner`); categories beyond the parent's, 400 (rule `referral.onward_categories_beyond_parent`); a new consent that does not cover the recipient, purpose or categories, 400, or the parent's consent that does not, 422 `check_failed` (rule `referral.onward_consent_not_covering`); the parent's consent no longer in force, 422 (rule `referral.consent_inactive`); no agreement in force or the service not offered, 422 naming the check. Written to the access log, as are the third agency's reads. Send `Idempotency-Key` to make retries safe.",
  ].join('\n\n'),
  security: bearer,
  request: {
    params: IdParam,
    headers: IdempotencyKey,
    body: jsonBody(ReferOnward, {
      to: 'casa-esperanca',
      service: 'psychosocial_support',
      purpose: 'psychosocial_support',
      urgency: 'routine',
      categories: ['identity', 'contact', 'protection'],
      note: 'Weekly group sessions near the school; the guardian prefers afternoons.',
    }),
  },
  responses: {
    201: { ...json(Referral, 'The onward referral as sent', { ...REFERRAL_EXAMPLE, parentReferralId: '2a4b6c8d-1e3f-4a5b-8c7d-9e0f1a2b3c4d', onwardReferrals: [] }), headers: { ...ETAG_HEADER, ...LOCATION_HEADER } },
    ...problems(...WRITE_PROBLEMS, 'conflict', 'check_failed'),
  },
});

export function registerReferOnward(app: HubApp) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const referral = await referOnward({ ctx: c.get('ctx'), input: { referralId: id, onward: c.req.valid('json') } });
    c.header('location', `/v1/referrals/${referral.id}`);
    return c.json(withEtag(c, referral), 201);
  });
}
