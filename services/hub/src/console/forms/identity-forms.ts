import { list, optional, password, required, type FormValues } from './form-values';

/** The new user form as the input of `createUser`: the password as typed (never trimmed), the roles ticked. */
export const userFormToInput = (values: FormValues) => ({
  username: required(values, 'username'),
  displayName: required(values, 'displayName'),
  // Left empty, the person gets a one-time code and chooses their own password.
  ...(password(values, 'password') === '' ? {} : { password: password(values, 'password') }),
  roles: list(values, 'roles'),
});

/** The new user form drawn again after a refusal: as typed, but never the password. */
export const userFormShown = (values: FormValues): FormValues => ({ ...values, password: '' });

/** The new API client form as the input of `createApiClient`. */
export const apiClientFormToInput = (values: FormValues) => ({ name: required(values, 'name'), roles: list(values, 'roles') });

/** The new webhook form as the input of `createWebhookEndpoint`: a description only when written, the event types ticked (none: all). */
export const webhookFormToInput = (values: FormValues) => ({ url: required(values, 'url'), ...optional(values, 'description', 'description'), eventTypes: list(values, 'eventTypes') });
