import { createRoute } from '@hono/zod-openapi';
import { RegisterSubject, Subject } from '@ponte/contracts';
import { registerSubject } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, withEtag, WRITE_PROBLEMS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'registerSubject',
  path: '/v1/subjects',
  tags: ['Data subjects'],
  summary: 'Register a data subject in your agency',
  description:
    'Registers a person your agency works with: identity is required, the other categories (contact, location, family, protection, health, legal) optional. The answer shows only what you may read back now: personal data is readable once a consent (or another legal basis) covers its category. Caseworkers, supervisors and intake focal points of an agency may call it (403 `forbidden` otherwise); an `assignedUserId` that is no active caseworker of the agency is 400 naming it. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(RegisterSubject, {
      team: 'nampula-protection',
      identity: { givenName: 'Amina', familyName: 'Exemplo', estimatedAge: 27, sex: 'female', nationality: 'MOZ', languages: ['pt', 'vmw'] },
      contact: { phone: '+258841234567', safeToContact: false, preferredChannel: 'through_caseworker' },
      location: { current: { country: 'MOZ', province: 'MZ-N', district: 'Nampula' } },
    }), headers: IdempotencyKey },
  responses: { 201: { ...json(Subject, 'The subject, with the categories you may read', {
      id: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90',
      reference: 'IOM-2026-0412',
      agency: 'iom',
      assignedUserId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
      team: 'nampula-protection',
      version: 1,
      createdAt: '2026-12-05T09:00:00Z',
      updatedAt: '2026-12-05T09:00:00Z',
      data: {},
      access: {
        readable: [],
        withheld: ['identity', 'contact', 'location'].map((category) => ({ category: category as 'identity', rule: 'consent.absent' })),
        breakGlass: false,
      },
    }), headers: { ...ETAG_HEADER, ...LOCATION_HEADER } }, ...problems(...WRITE_PROBLEMS) },
});

export function registerRegisterSubject(app: HubApp) {
  app.openapi(route, async (c) => {
    const subject = await registerSubject({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/subjects/${subject.id}`);
    return c.json(withEtag(c, subject), 201);
  });
}
