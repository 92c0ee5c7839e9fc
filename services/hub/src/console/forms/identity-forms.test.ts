import { CreateApiClient, CreateUser, CreateWebhookEndpoint } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { apiClientFormToInput, userFormShown, userFormToInput, webhookFormToInput } from './identity-forms';

describe('the new user form', () => {
  it('becomes the input of createUser: the password as typed, the roles ticked', () => {
    const input = userFormToInput({ username: ' ana.machava ', displayName: 'Ana Machava', password: ' a long pass phrase ', roles: ['caseworker', 'supervisor'] });
    expect(input).toEqual({ username: 'ana.machava', displayName: 'Ana Machava', password: ' a long pass phrase ', roles: ['caseworker', 'supervisor'] });
    expect(CreateUser.safeParse(input).success).toBe(true);
    expect(userFormToInput({ roles: 'caseworker' }).roles).toEqual(['caseworker']);
  });

  it('sends what is missing empty, no password when none is typed (a one-time code then), and no role when none is ticked', () => {
    expect(userFormToInput({})).toEqual({ username: '', displayName: '', roles: [] });
    expect(userFormToInput({ password: ' a password with spaces ' })).toMatchObject({ password: ' a password with spaces ' });
  });

  it('is drawn again without the password', () => {
    expect(userFormShown({ username: 'ana', password: 'secret', roles: ['caseworker'] })).toEqual({ username: 'ana', password: '', roles: ['caseworker'] });
  });
});

describe('the new API client form', () => {
  it('becomes the input of createApiClient', () => {
    const input = apiClientFormToInput({ name: ' Case system ', roles: ['caseworker', ''] });
    expect(input).toEqual({ name: 'Case system', roles: ['caseworker'] });
    expect(CreateApiClient.safeParse(input).success).toBe(true);
    expect(apiClientFormToInput({})).toEqual({ name: '', roles: [] });
  });
});

describe('the new webhook form', () => {
  it('becomes the input of createWebhookEndpoint: a description only when written, the event types ticked', () => {
    const input = webhookFormToInput({ url: 'https://cms.example.org/hooks', description: '', eventTypes: ['referral.sent', 'referral.accepted'] });
    expect(input).toEqual({ url: 'https://cms.example.org/hooks', eventTypes: ['referral.sent', 'referral.accepted'] });
    expect(CreateWebhookEndpoint.safeParse(input).success).toBe(true);
    expect(webhookFormToInput({ url: 'https://x.example', description: ' Main ' })).toEqual({ url: 'https://x.example', description: 'Main', eventTypes: [] });
  });
});
