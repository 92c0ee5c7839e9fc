/** @jsxImportSource hono/jsx */
import { CreateApiClient, CreateUser, CreateWebhookEndpoint, EVENT_TYPES, USER_ROLES, type IssuedOneTimeCode } from '@ponte/contracts';
import {
  createApiClient,
  createUser,
  createWebhookEndpoint,
  disableUser,
  listApiClients,
  listUsers,
  listWebhookDeliveries,
  listWebhookEndpointsOfAgency,
  replayWebhookDeliveries,
  resetUser,
  revokeApiClient,
} from '@ponte/core';
import { label, labelOptions } from '../i18n';
import { apiClientFormToInput, userFormShown, userFormToInput, webhookFormToInput } from '../forms/identity-forms';
import { listFieldName, readForm, recordId, render, Saved, submitForm, verbContext, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { rolesText } from '../layout';
import { ChoiceGroup, DataTable, dateTime, emptyForm, FormErrors, Hidden, IssuedCode, PostForm, TextField, type FormState } from '../ui';

/**
 * A small form with one button, for an action on one row (disable, revoke); `context` names the
 * row for screen readers, so each of a page's many "Disable" buttons says whom it disables.
 */
const RowAction = ({ action, csrf, text: caption, context, danger, fields = {} }: { action: string; csrf: string; text: string; context?: string; danger?: boolean; fields?: Record<string, string> }) => (
  <PostForm action={action} csrf={csrf}>
    {Object.entries(fields).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <button type="submit" class={danger ? 'danger' : 'secondary'}>
      {caption}
      {context ? <Hidden>{` ${context}`}</Hidden> : null}
    </button>
  </PostForm>
);


/** Agency administrators: the agency's users, API clients and webhooks. */
export function registerAgencyAdminPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/admin/users', (c) => usersPage(c, emptyForm()));
  router.post('/admin/users', (c) =>
    submitForm(c, {
      schema: CreateUser,
      input: userFormToInput,
      shown: userFormShown,
      fieldName: listFieldName,
      page: (form, status) => usersPage(c, form, status),
      run: async (input) => {
        const user = await createUser({ ctx: verbContext(c), input });
        if (!user.oneTimeCode) return c.redirect('/console/admin/users?done=saved', 303);
        // Answered here, not after a redirect: the code is in this one response and nowhere else.
        return usersPage(c, emptyForm(), 200, { username: user.username, oneTimeCode: user.oneTimeCode, expiresAt: user.oneTimeCodeExpiresAt!, activationUrl: `${c.get('ctx').settings.publicUrl}/console/activate` });
      },
    }),
  );
  router.post('/admin/users/:id/reset', async (c) => {
    const values = await readForm(c);
    const issued: IssuedOneTimeCode = await resetUser({ ctx: verbContext(c), input: { id: recordId(c), reset: { removeSecondFactor: values.removeSecondFactor === 'true' } } });
    return usersPage(c, emptyForm(), 200, { ...issued, username: issued.user.username });
  });
  router.post('/admin/users/:id/disable', async (c) => {
    await disableUser({ ctx: verbContext(c), input: { id: recordId(c) } });
    return c.redirect('/console/admin/users?done=saved', 303);
  });

  router.get('/admin/api-clients', (c) => clientsPage(c, emptyForm()));
  router.post('/admin/api-clients', (c) =>
    submitForm(c, {
      schema: CreateApiClient,
      input: apiClientFormToInput,
      fieldName: listFieldName,
      page: (form, status) => clientsPage(c, form, status),
      run: async (input) => {
        const issued = await createApiClient({ ctx: verbContext(c), input });
        // Answered here, not after a redirect: the secret is in this one response and nowhere else.
        return clientsPage(c, emptyForm(), 200, { clientId: issued.clientId, secret: issued.clientSecret });
      },
    }),
  );
  router.post('/admin/api-clients/:id/revoke', async (c) => {
    await revokeApiClient({ ctx: verbContext(c), input: { id: recordId(c) } });
    return c.redirect('/console/admin/api-clients?done=saved', 303);
  });

  router.get('/admin/webhooks', (c) => webhooksPage(c, emptyForm()));
  router.post('/admin/webhooks', (c) =>
    submitForm(c, {
      schema: CreateWebhookEndpoint,
      input: webhookFormToInput,
      fieldName: listFieldName,
      page: (form, status) => webhooksPage(c, form, status),
      run: async (input) => {
        await createWebhookEndpoint({ ctx: verbContext(c), input });
        return c.redirect('/console/admin/webhooks?done=saved', 303);
      },
    }),
  );

  router.post('/admin/webhooks/replay', async (c) => {
    await replayWebhookDeliveries({ ctx: verbContext(c), input: { dead: true } });
    return c.redirect('/console/admin/webhooks?done=saved', 303);
  });
}

async function usersPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200, issued?: { username: string; oneTimeCode: string; expiresAt: string; activationUrl: string }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const users = await listUsers({ ctx: verbContext(c), input: { limit: 200 } });
  return render(
    c,
    t('users'),
    <>
      <Saved c={c} t={t} />
      {issued ? <IssuedCode issued={issued} t={t} lang={lang} /> : null}
      <DataTable id="users" caption={t('users')} columns={[t('username'), t('displayName'), t('roles'), t('status'), t('action')]}>
        {users.items.map((u) => (
          <tr>
            <td>{u.username}</td>
            <td>{u.displayName}</td>
            <td>{rolesText(lang, u.roles)}</td>
            <td>{u.status === 'active' ? t('active') : u.status === 'pending' ? t('pendingActivation') : t('disabled')}</td>
            <td>
              {u.status !== 'disabled' && u.id !== c.get('principal').id ? (
                <>
                  <RowAction action={`/console/admin/users/${u.id}/reset`} csrf={c.get('csrf')} text={t('resetUser')} context={u.username} />
                  {u.secondFactor ? <RowAction action={`/console/admin/users/${u.id}/reset`} csrf={c.get('csrf')} text={t('resetUserAndFactor')} context={u.username} fields={{ removeSecondFactor: 'true' }} /> : null}
                  <RowAction action={`/console/admin/users/${u.id}/disable`} csrf={c.get('csrf')} text={t('disable')} context={u.username} danger />
                </>
              ) : null}
            </td>
          </tr>
        ))}
      
      </DataTable>
      <h2>{t('createUser')}</h2>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/admin/users" csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="username" label={t('username')} required autocomplete="off" />
        <TextField form={form} name="displayName" label={t('displayName')} required />
        <TextField form={form} name="password" label={t('initialPassword')} type="password" autocomplete="new-password" />
        <ChoiceGroup form={form} name="roles" legend={t('roles')} multiple options={labelOptions(lang, 'role', USER_ROLES)} />
        <button type="submit">{t('createUser')}</button>
      </PostForm>
    </>,
    status,
  );
}

async function clientsPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200, issued?: { clientId: string; secret: string }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const clients = await listApiClients({ ctx: verbContext(c), input: { limit: 200 } });
  return render(
    c,
    t('apiClients'),
    <>
      <Saved c={c} t={t} />
      {issued ? (
        <div class="notice good" role="status" id="issued-secret">
          <p>{t('secretOnce')}</p>
          <dl class="facts">
            <dt>{t('clientId')}</dt>
            <dd>
              <code>{issued.clientId}</code>
            </dd>
            <dt>{t('clientSecret')}</dt>
            <dd>
              <code>{issued.secret}</code>
            </dd>
          </dl>
        </div>
      ) : null}
      <DataTable id="api-clients" caption={t('apiClients')} columns={[t('clientId'), t('clientName'), t('roles'), t('status'), t('action')]}>
        {clients.items.map((client) => (
          <tr>
            <td>
              <code>{client.clientId}</code>
            </td>
            <td>{client.name}</td>
            <td>{rolesText(lang, client.roles)}</td>
            <td>{client.status === 'active' ? t('active') : t('revoked')}</td>
            <td>{client.status === 'active' ? <RowAction action={`/console/admin/api-clients/${client.id}/revoke`} csrf={c.get('csrf')} text={t('revoke')} context={client.clientId} danger /> : null}</td>
          </tr>
        ))}
      
      </DataTable>
      <h2>{t('createClient')}</h2>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/admin/api-clients" csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="name" label={t('clientName')} required />
        <ChoiceGroup form={form} name="roles" legend={t('roles')} multiple options={labelOptions(lang, 'role', USER_ROLES)} />
        <button type="submit">{t('createClient')}</button>
      </PostForm>
    </>,
    status,
  );
}

async function webhooksPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const endpoints = await listWebhookEndpointsOfAgency({ ctx });
  const deliveries = await listWebhookDeliveries({ ctx, input: { limit: 50 } });
  return render(
    c,
    t('webhooks'),
    <>
      <Saved c={c} t={t} />
      <h2>{t('endpoints')}</h2>
      <ul>
        {endpoints.items.map((e) => (
          <li>
            <code>{e.url}</code> {e.description ? `— ${e.description}` : ''} ({e.eventTypes.length === 0 ? '*' : e.eventTypes.join(', ')}) · {label(lang, 'endpointStatus', e.status)}
          </li>
        ))}
      </ul>
      <h2>{t('deliveries')}</h2>
      {deliveries.items.some((d) => d.status === 'dead') ? <RowAction action="/console/admin/webhooks/replay" csrf={c.get('csrf')} text={t('replayDead')} /> : null}
      {deliveries.items.length === 0 ? (
        <p>{t('noDeliveries')}</p>
      ) : (
        <DataTable id="deliveries" caption={t('deliveries')} columns={[t('events'), t('status'), t('attempts'), t('when')]}>
          {deliveries.items.map((d) => (
            <tr>
              <td>
                <code>{d.eventId.slice(0, 8)}</code>
              </td>
              <td>
                {label(lang, 'deliveryStatus', d.status)}
                {d.lastStatus ? ` (HTTP ${d.lastStatus})` : ''}
              </td>
              <td>{d.attempts}</td>
              <td>{dateTime(d.deliveredAt ?? d.nextAttemptAt, lang)}</td>
            </tr>
          ))}
        
        </DataTable>
      )}
      <h2>{t('addWebhook')}</h2>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/admin/webhooks" csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="url" label={t('url')} type="url" required />
        <TextField form={form} name="description" label={t('description')} />
        <ChoiceGroup form={form} name="eventTypes" legend={t('eventTypes')} multiple options={EVENT_TYPES.map((e): [string, string] => [e, e])} />
        <button type="submit">{t('addWebhook')}</button>
      </PostForm>
    </>,
    status,
  );
}

