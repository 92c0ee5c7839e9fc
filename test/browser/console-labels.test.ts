import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient } from './console-client';

/** Codes (statuses, access-log actions, timestamps) reach a person as words in their language. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

describe('console labels', () => {
  it('shows webhook statuses, access-log actions and agreement dates in words, in Portuguese', async () => {
    const created = await hub.call('POST', '/v1/webhook-endpoints', { token: await hub.tokenFor('iom', 'admin'), json: { url: 'https://cases.iom.example/hooks/ponte', description: 'Case system' } });
    expect(created.status).toBe(201);
    const admin = await consoleClient(hub, 'iom', 'admin', 'pt');
    const webhooks = await admin.get('/console/admin/webhooks');
    expect(webhooks.html).toContain('https://cases.iom.example/hooks/ponte');
    expect(webhooks.html).toMatch(/\) · Ativo/);
    expect(webhooks.html).not.toMatch(/\) · active/);

    // A read of a subject, then the access log as IOM's privacy officer reads it.
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    const subject = await hub.call('POST', '/v1/subjects', { token: caseworker, json: { identity: { givenName: 'Lina', familyName: 'Mondlane', dateOfBirth: '1999-07-07', sex: 'female', languages: ['pt'] } } });
    expect(subject.status).toBe(201);
    const privacy = await consoleClient(hub, 'iom', 'privacy', 'pt');
    const log = await privacy.get('/console/access-log');
    expect(log.html).toContain('Registo do titular · criação');
    expect(log.html).not.toMatch(/<code>(create|read|list)<\/code>/);

    const operator = await consoleClient(hub, undefined, 'operator', 'pt');
    const agreements = await operator.get('/console/operator/agreements');
    expect(agreements.html).not.toMatch(/<td>\d{4}-\d{2}-\d{2}T/);
    expect(agreements.html).toMatch(/<td>\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}<\/td>/);
  });
});
