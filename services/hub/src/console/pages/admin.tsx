/** @jsxImportSource hono/jsx */
import {
  AGENCY_KINDS,
  CreateAgency,
  CreateAgreement,
  CreateApiClient,
  CreateUser,
  CreateWebhookEndpoint,
  DATA_CATEGORIES,
  EVENT_TYPES,
  PonteError,
  PROVINCE_CODES,
  PURPOSES,
  SERVICE_CODES,
  ServiceList,
  TerminateAgreement,
  USER_ROLES,
  type Agency,
} from '@ponte/contracts';
import {
  createAgency,
  createAgreement,
  createApiClient,
  createUser,
  createWebhookEndpoint,
  disableUser,
  listAgencies,
  listAgreements,
  listApiClients,
  listUsers,
  listWebhookDeliveries,
  listWebhookEndpointsOfAgency,
  replaceAgencyServices,
  replayWebhookDeliveries,
  revokeApiClient,
  terminateAgreement,
  updateAgency,
} from '@ponte/core';
import { z } from 'zod';
import { label, labelOptions, provinceName, type T } from '../i18n';
import { agenciesOf, agencyNamer, agencyOptions, list, listFieldName, readForm, refused, render, submitForm, text, verbContext, zodMessages, recordId, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { rolesText } from '../layout';
import { ChoiceGroup, DataTable, dateTime, emptyForm, FormErrors, Hidden, Notice, PostForm, SelectField, TextField, type FormState } from '../ui';


/**
 * A small form with one button, for an action on one row (disable, revoke); `context` names the
 * row for screen readers, so each of a page's many "Disable" buttons says whom it disables.
 */
const RowAction = ({ action, csrf, text: caption, context, danger }: { action: string; csrf: string; text: string; context?: string; danger?: boolean }) => (
  <PostForm action={action} csrf={csrf}>
    <button type="submit" class={danger ? 'danger' : 'secondary'}>
      {caption}
      {context ? <Hidden>{` ${context}`}</Hidden> : null}
    </button>
  </PostForm>
);

export function registerAdminPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  // Agency administrators: users, API clients, webhooks.
  router.get('/admin/users', (c) => usersPage(c, emptyForm()));
  router.post('/admin/users', (c) =>
    submitForm(c, {
      schema: CreateUser,
      input: (values) => ({ username: text(values, 'username') ?? '', displayName: text(values, 'displayName') ?? '', password: typeof values.password === 'string' ? values.password : '', roles: list(values, 'roles') }),
      shown: (values) => ({ ...values, password: '' }),
      fieldName: listFieldName,
      page: (form, status) => usersPage(c, form, status),
      run: async (input) => {
        await createUser({ ctx: verbContext(c), input });
        return c.redirect('/console/admin/users?done=saved', 303);
      },
    }),
  );
  router.post('/admin/users/:id/disable', async (c) => {
    await disableUser({ ctx: verbContext(c), input: { id: recordId(c) } });
    return c.redirect('/console/admin/users?done=saved', 303);
  });

  router.get('/admin/api-clients', (c) => clientsPage(c, emptyForm()));
  router.post('/admin/api-clients', (c) =>
    submitForm(c, {
      schema: CreateApiClient,
      input: (values) => ({ name: text(values, 'name') ?? '', roles: list(values, 'roles') }),
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
      input: (values) => ({ url: text(values, 'url') ?? '', ...(text(values, 'description') ? { description: text(values, 'description') } : {}), eventTypes: list(values, 'eventTypes') }),
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

  // The hub operator: agencies, their services, agreements.
  router.get('/operator/agencies', (c) => agenciesPage(c, emptyForm({ kind: 'civil_society' })));
  router.post('/operator/agencies', (c) =>
    submitForm(c, {
      schema: CreateAgency,
      input: (values) => ({ slug: text(values, 'slug') ?? '', name: { en: text(values, 'name.en') ?? '', pt: text(values, 'name.pt') ?? '' }, kind: text(values, 'kind') ?? '' }),
      fieldName: listFieldName,
      page: (form, status) => agenciesPage(c, form, status),
      run: async (input) => {
        await createAgency({ ctx: verbContext(c), input });
        return c.redirect('/console/operator/agencies?done=saved', 303);
      },
    }),
  );
  // Suspending an agency stops every token and session of its people and systems at once.
  router.post('/operator/agencies/:slug/status', async (c) => {
    const values = await readForm(c);
    const status = z.enum(['active', 'suspended']).safeParse(text(values, 'status'));
    if (!status.success) return agenciesPage(c, refused(emptyForm(), { _form: c.get('t')('staleForm') }), 422);
    await updateAgency({ ctx: verbContext(c), input: { slug: (await agencyBySlug(c)).slug, changes: { status: status.data } } });
    return c.redirect('/console/operator/agencies?done=saved', 303);
  });
  router.get('/operator/agencies/:slug/services', async (c) => {
    const agency = await agencyBySlug(c);
    return servicesPage(c, agency, emptyForm({ services: agency.services.map((s) => `${s.service}/${s.province}`) }));
  });
  router.post('/operator/agencies/:slug/services', async (c) => {
    const agency = await agencyBySlug(c);
    return submitForm(c, {
      schema: ServiceList,
      input: (values) =>
        list(values, 'services').map((pair) => {
          const [service, province] = pair.split('/');
          return { service, province };
        }),
      fieldName: () => 'services',
      page: (form, status) => servicesPage(c, agency, form, status),
      run: async (services) => {
        await replaceAgencyServices({ ctx: verbContext(c), input: { slug: agency.slug, services } });
        return c.redirect('/console/operator/agencies?done=saved', 303);
      },
    });
  });

  router.get('/operator/agreements', (c) => agreementsPage(c, emptyForm()));
  router.post('/operator/agreements', (c) =>
    submitForm(c, {
      schema: CreateAgreement,
      input: (values) => ({
        from: text(values, 'from') ?? '',
        to: text(values, 'to') ?? '',
        purposes: list(values, 'purposes'),
        categories: list(values, 'categories'),
        validFrom: text(values, 'validFrom') ?? '',
        validUntil: text(values, 'validUntil') ?? '',
        documentRef: text(values, 'documentRef') ?? '',
      }),
      fieldName: listFieldName,
      page: (form, status) => agreementsPage(c, form, status),
      run: async (input) => {
        await createAgreement({ ctx: verbContext(c), input });
        return c.redirect('/console/operator/agreements?done=saved', 303);
      },
    }),
  );
  router.post('/operator/agreements/:id/terminate', async (c) => {
    const id = recordId(c);
    const values = await readForm(c);
    const lang = c.get('lang');
    const parsed = TerminateAgreement.safeParse({ reason: text(values, 'reason') ?? '' });
    if (!parsed.success) return agreementsPage(c, refused(emptyForm(), { [`reason-${id}`]: zodMessages(parsed.error, lang).reason ?? '' }), 422);
    await terminateAgreement({ ctx: verbContext(c), input: { id, reason: parsed.data.reason } });
    return c.redirect('/console/operator/agreements?done=saved', 303);
  });
}

async function agencyBySlug(c: ConsoleContext): Promise<Agency> {
  const slug = c.req.param('slug');
  const agencies = await listAgencies({ ctx: verbContext(c), input: { limit: 200 } });
  const agency = agencies.items.find((a) => a.slug === slug);
  if (!agency) throw new PonteError('not_found');
  return agency;
}

const Saved = ({ c, t }: { c: ConsoleContext; t: T }) => (c.req.query('done') === 'saved' ? <Notice kind="good">{t('saved')}</Notice> : null);

async function usersPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const users = await listUsers({ ctx: verbContext(c), input: { limit: 200 } });
  return render(
    c,
    t('users'),
    <>
      <Saved c={c} t={t} />
      <DataTable id="users" caption={t('users')} columns={[t('username'), t('displayName'), t('roles'), t('status'), t('action')]}>
        {users.items.map((u) => (
          <tr>
            <td>{u.username}</td>
            <td>{u.displayName}</td>
            <td>{rolesText(lang, u.roles)}</td>
            <td>{u.status === 'active' ? t('active') : t('disabled')}</td>
            <td>{u.status === 'active' && u.id !== c.get('principal').id ? <RowAction action={`/console/admin/users/${u.id}/disable`} csrf={c.get('csrf')} text={t('disable')} context={u.username} danger /> : null}</td>
          </tr>
        ))}
      
      </DataTable>
      <h2>{t('createUser')}</h2>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/admin/users" csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="username" label={t('username')} required autocomplete="off" />
        <TextField form={form} name="displayName" label={t('displayName')} required />
        <TextField form={form} name="password" label={t('initialPassword')} type="password" required autocomplete="new-password" />
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

async function agenciesPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const agencies = await listAgencies({ ctx: verbContext(c), input: { limit: 200 } });
  return render(
    c,
    t('agencies'),
    <>
      <Saved c={c} t={t} />
      <DataTable id="agencies" caption={t('agencies')} columns={[t('slug'), t('agency'), t('kind'), t('services'), t('agencyStatus')]}>
        {agencies.items.map((a) => (
          <tr>
            <td>{a.slug}</td>
            <td>{a.name[lang]}</td>
            <td>{label(lang, 'agencyKind', a.kind)}</td>
            <td>
              {[...new Set(a.services.map((s) => s.service))].map((s) => label(lang, 'service', s)).join(', ') || t('none')}{' '}
              <a href={`/console/operator/agencies/${a.slug}/services`}>{t('editServices')}</a>
            </td>
            <td>
              {a.status === 'active' ? t('agencyActive') : t('agencySuspended')}
              <PostForm action={`/console/operator/agencies/${a.slug}/status`} csrf={c.get('csrf')} class="inline">
                <input type="hidden" name="status" value={a.status === 'active' ? 'suspended' : 'active'} />
                <button type="submit" class={a.status === 'active' ? 'danger' : undefined}>
                  {a.status === 'active' ? t('suspendAgency') : t('reactivateAgency')}
                  <span class="visually-hidden"> {a.name[lang]}</span>
                </button>
              </PostForm>
            </td>
          </tr>
        ))}
      
      </DataTable>
      <h2>{t('createAgency')}</h2>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/operator/agencies" csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="slug" label={t('slug')} required />
        <TextField form={form} name="name.en" label={t('nameEn')} required />
        <TextField form={form} name="name.pt" label={t('namePt')} required />
        <SelectField form={form} name="kind" label={t('kind')} options={labelOptions(lang, 'agencyKind', AGENCY_KINDS)} />
        <button type="submit">{t('createAgency')}</button>
      </PostForm>
    </>,
    status,
  );
}

function servicesPage(c: ConsoleContext, agency: Agency, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    `${t('editServices')}: ${agency.name[lang]}`,
    <>
      <FormErrors form={form} t={t} />
      <PostForm action={`/console/operator/agencies/${agency.slug}/services`} csrf={c.get('csrf')} class="stack" novalidate>
        {SERVICE_CODES.map((service) => (
          <ChoiceGroup form={form} name="services" id={`f-services-${service}`} legend={label(lang, 'service', service)} multiple options={PROVINCE_CODES.map((p): [string, string] => [`${service}/${p}`, provinceName(lang, p)])} />
        ))}
        <button type="submit">{t('save')}</button>
      </PostForm>
    </>,
    status,
  );
}

async function agreementsPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const agreements = await listAgreements({ ctx, input: { limit: 200 } });
  const slugs = agencyOptions(await agenciesOf(c), lang);
  const agencyName = await agencyNamer(c);
  return render(
    c,
    t('agreements'),
    <>
      <Saved c={c} t={t} />
      <DataTable id="agreements" caption={t('agreements')} columns={[t('from'), t('to'), t('purposes'), t('categories'), t('validUntil'), t('inForce'), t('action')]}>
        {agreements.items.map((a) => (
          <tr>
            <td>{agencyName(a.from)}</td>
            <td>{agencyName(a.to)}</td>
            <td>{a.purposes.map((p) => label(lang, 'purpose', p)).join(', ')}</td>
            <td>{a.categories.map((x) => label(lang, 'category', x)).join(', ')}</td>
            <td>{dateTime(a.validUntil, lang)}</td>
            <td>{a.inForce ? t('yes') : t('no')}</td>
            <td>
              {a.status === 'active' ? (
                <PostForm action={`/console/operator/agreements/${a.id}/terminate`} csrf={c.get('csrf')} class="stack">
                  <TextField form={{ values: {}, errors: { reason: form.errors[`reason-${a.id}`] ?? '' } }} name="reason" id={`f-reason-${a.id}`} label={t('reason')} />
                  <button type="submit" class="danger">
                    {t('terminate')}
                    <Hidden>{` ${agencyName(a.from)} → ${agencyName(a.to)}`}</Hidden>
                  </button>
                </PostForm>
              ) : null}
            </td>
          </tr>
        ))}
      
      </DataTable>
      <h2>{t('createAgreement')}</h2>
      <FormErrors form={{ values: {}, errors: Object.fromEntries(Object.entries(form.errors).filter(([k]) => !k.startsWith('reason-'))) }} t={t} />
      <PostForm action="/console/operator/agreements" csrf={c.get('csrf')} class="card stack" novalidate>
        <SelectField form={form} name="from" label={t('from')} empty={t('choose')} options={slugs} />
        <SelectField form={form} name="to" label={t('to')} empty={t('choose')} options={slugs} />
        <ChoiceGroup form={form} name="purposes" legend={t('purposes')} multiple options={labelOptions(lang, 'purpose', PURPOSES)} />
        <ChoiceGroup form={form} name="categories" legend={t('categories')} multiple options={labelOptions(lang, 'category', DATA_CATEGORIES)} />
        <TextField form={form} name="validFrom" label={t('validFrom')} type="date" required />
        <TextField form={form} name="validUntil" label={t('validUntil')} type="date" required />
        <TextField form={form} name="documentRef" label={t('documentRef')} required />
        <button type="submit">{t('createAgreement')}</button>
      </PostForm>
    </>,
    status,
  );
}
