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
  PROVINCES,
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
} from '@ponte/core';
import { label, type T } from '../i18n';
import { formRefusal, list, readForm, refused, render, text, verbContext, zodMessages, recordId, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { rolesText } from '../layout';
import { ChoiceGroup, Csrf, dateTime, emptyForm, FormErrors, Notice, SelectField, TextField, type FormState } from '../ui';

const field = (f: string) => f.replace(/\.\d+$/, '');

/** A small form with one button, for an action on one row (disable, revoke, terminate). */
const RowAction = ({ action, csrf, text: caption, danger }: { action: string; csrf: string; text: string; danger?: boolean }) => (
  <form method="post" action={action}>
    <Csrf token={csrf} />
    <button type="submit" class={danger ? 'danger' : 'secondary'}>
      {caption}
    </button>
  </form>
);

export function registerAdminPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  // Agency administrators: users, API clients, webhooks.
  router.get('/admin/users', (c) => usersPage(c, emptyForm()));
  router.post('/admin/users', async (c) => {
    const values = await readForm(c);
    const lang = c.get('lang');
    const form = emptyForm({ ...values, password: '' });
    const parsed = CreateUser.safeParse({ username: text(values, 'username') ?? '', displayName: text(values, 'displayName') ?? '', password: typeof values.password === 'string' ? values.password : '', roles: list(values, 'roles') });
    if (!parsed.success) return usersPage(c, refused(form, zodMessages(parsed.error, lang, field)), 422);
    try {
      await createUser({ ctx: verbContext(c), input: parsed.data });
    } catch (error) {
      return usersPage(c, refused(form, formRefusal(error, lang, field)), 422);
    }
    return c.redirect('/console/admin/users?done=saved', 303);
  });
  router.post('/admin/users/:id/disable', async (c) => {
    await disableUser({ ctx: verbContext(c), input: { id: recordId(c) } });
    return c.redirect('/console/admin/users?done=saved', 303);
  });

  router.get('/admin/api-clients', (c) => clientsPage(c, emptyForm()));
  router.post('/admin/api-clients', async (c) => {
    const values = await readForm(c);
    const lang = c.get('lang');
    const form = emptyForm(values);
    const parsed = CreateApiClient.safeParse({ name: text(values, 'name') ?? '', roles: list(values, 'roles') });
    if (!parsed.success) return clientsPage(c, refused(form, zodMessages(parsed.error, lang, field)), 422);
    try {
      const issued = await createApiClient({ ctx: verbContext(c), input: parsed.data });
      // Answered here, not after a redirect: the secret is in this one response and nowhere else.
      return clientsPage(c, emptyForm(), 200, { clientId: issued.clientId, secret: issued.clientSecret });
    } catch (error) {
      return clientsPage(c, refused(form, formRefusal(error, lang, field)), 422);
    }
  });
  router.post('/admin/api-clients/:id/revoke', async (c) => {
    await revokeApiClient({ ctx: verbContext(c), input: { id: recordId(c) } });
    return c.redirect('/console/admin/api-clients?done=saved', 303);
  });

  router.get('/admin/webhooks', (c) => webhooksPage(c, emptyForm()));
  router.post('/admin/webhooks', async (c) => {
    const values = await readForm(c);
    const lang = c.get('lang');
    const form = emptyForm(values);
    const parsed = CreateWebhookEndpoint.safeParse({ url: text(values, 'url') ?? '', ...(text(values, 'description') ? { description: text(values, 'description') } : {}), eventTypes: list(values, 'eventTypes') });
    if (!parsed.success) return webhooksPage(c, refused(form, zodMessages(parsed.error, lang, field)), 422);
    try {
      await createWebhookEndpoint({ ctx: verbContext(c), input: parsed.data });
    } catch (error) {
      return webhooksPage(c, refused(form, formRefusal(error, lang, field)), 422);
    }
    return c.redirect('/console/admin/webhooks?done=saved', 303);
  });

  router.post('/admin/webhooks/replay', async (c) => {
    await replayWebhookDeliveries({ ctx: verbContext(c), input: { dead: true } });
    return c.redirect('/console/admin/webhooks?done=saved', 303);
  });

  // The hub operator: agencies, their services, agreements.
  router.get('/operator/agencies', (c) => agenciesPage(c, emptyForm({ kind: 'civil_society' })));
  router.post('/operator/agencies', async (c) => {
    const values = await readForm(c);
    const lang = c.get('lang');
    const form = emptyForm(values);
    const parsed = CreateAgency.safeParse({ slug: text(values, 'slug') ?? '', name: { en: text(values, 'name.en') ?? '', pt: text(values, 'name.pt') ?? '' }, kind: text(values, 'kind') ?? '' });
    if (!parsed.success) return agenciesPage(c, refused(form, zodMessages(parsed.error, lang, field)), 422);
    try {
      await createAgency({ ctx: verbContext(c), input: parsed.data });
    } catch (error) {
      return agenciesPage(c, refused(form, formRefusal(error, lang, field)), 422);
    }
    return c.redirect('/console/operator/agencies?done=saved', 303);
  });
  router.get('/operator/agencies/:slug/services', async (c) => {
    const agency = await agencyBySlug(c);
    return servicesPage(c, agency, emptyForm({ services: agency.services.map((s) => `${s.service}/${s.province}`) }));
  });
  router.post('/operator/agencies/:slug/services', async (c) => {
    const agency = await agencyBySlug(c);
    const values = await readForm(c);
    const lang = c.get('lang');
    const parsed = ServiceList.safeParse(
      list(values, 'services').map((pair) => {
        const [service, province] = pair.split('/');
        return { service, province };
      }),
    );
    if (!parsed.success) return servicesPage(c, agency, refused(emptyForm(values), zodMessages(parsed.error, lang, () => 'services')), 422);
    try {
      await replaceAgencyServices({ ctx: verbContext(c), input: { slug: agency.slug, services: parsed.data } });
    } catch (error) {
      return servicesPage(c, agency, refused(emptyForm(values), formRefusal(error, lang, () => 'services')), 422);
    }
    return c.redirect('/console/operator/agencies?done=saved', 303);
  });

  router.get('/operator/agreements', (c) => agreementsPage(c, emptyForm()));
  router.post('/operator/agreements', async (c) => {
    const values = await readForm(c);
    const lang = c.get('lang');
    const form = emptyForm(values);
    const parsed = CreateAgreement.safeParse({
      from: text(values, 'from') ?? '',
      to: text(values, 'to') ?? '',
      purposes: list(values, 'purposes'),
      categories: list(values, 'categories'),
      validFrom: text(values, 'validFrom') ?? '',
      validUntil: text(values, 'validUntil') ?? '',
      documentRef: text(values, 'documentRef') ?? '',
    });
    if (!parsed.success) return agreementsPage(c, refused(form, zodMessages(parsed.error, lang, field)), 422);
    try {
      await createAgreement({ ctx: verbContext(c), input: parsed.data });
    } catch (error) {
      return agreementsPage(c, refused(form, formRefusal(error, lang, field)), 422);
    }
    return c.redirect('/console/operator/agreements?done=saved', 303);
  });
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
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('username')}</th>
              <th scope="col">{t('displayName')}</th>
              <th scope="col">{t('roles')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('action')}</th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((u) => (
              <tr>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{rolesText(lang, u.roles)}</td>
                <td>{u.status === 'active' ? t('active') : t('disabled')}</td>
                <td>{u.status === 'active' && u.id !== c.get('principal').id ? <RowAction action={`/console/admin/users/${u.id}/disable`} csrf={c.get('csrf')} text={t('disable')} danger /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('createUser')}</h2>
      <FormErrors form={form} t={t} />
      <form method="post" action="/console/admin/users" class="card stack" novalidate>
        <Csrf token={c.get('csrf')} />
        <TextField form={form} name="username" label={t('username')} required autocomplete="off" />
        <TextField form={form} name="displayName" label={t('displayName')} required />
        <TextField form={form} name="password" label={t('initialPassword')} type="password" required autocomplete="new-password" />
        <ChoiceGroup form={form} name="roles" legend={t('roles')} multiple options={USER_ROLES.map((r): [string, string] => [r, label(lang, 'role', r)])} />
        <button type="submit">{t('createUser')}</button>
      </form>
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
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('clientId')}</th>
              <th scope="col">{t('clientName')}</th>
              <th scope="col">{t('roles')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('action')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.items.map((client) => (
              <tr>
                <td>
                  <code>{client.clientId}</code>
                </td>
                <td>{client.name}</td>
                <td>{rolesText(lang, client.roles)}</td>
                <td>{client.status === 'active' ? t('active') : t('revoked')}</td>
                <td>{client.status === 'active' ? <RowAction action={`/console/admin/api-clients/${client.id}/revoke`} csrf={c.get('csrf')} text={t('revoke')} danger /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('createClient')}</h2>
      <FormErrors form={form} t={t} />
      <form method="post" action="/console/admin/api-clients" class="card stack" novalidate>
        <Csrf token={c.get('csrf')} />
        <TextField form={form} name="name" label={t('clientName')} required />
        <ChoiceGroup form={form} name="roles" legend={t('roles')} multiple options={USER_ROLES.map((r): [string, string] => [r, label(lang, 'role', r)])} />
        <button type="submit">{t('createClient')}</button>
      </form>
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
            <code>{e.url}</code> {e.description ? `— ${e.description}` : ''} ({e.eventTypes.length === 0 ? '*' : e.eventTypes.join(', ')}) · {e.status}
          </li>
        ))}
      </ul>
      <h2>{t('deliveries')}</h2>
      {deliveries.items.some((d) => d.status === 'dead') ? <RowAction action="/console/admin/webhooks/replay" csrf={c.get('csrf')} text={t('replayDead')} /> : null}
      {deliveries.items.length === 0 ? (
        <p>{t('noDeliveries')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('events')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('attempts')}</th>
                <th scope="col">{t('when')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.items.map((d) => (
                <tr>
                  <td>
                    <code>{d.eventId.slice(0, 8)}</code>
                  </td>
                  <td>
                    {d.status}
                    {d.lastStatus ? ` (HTTP ${d.lastStatus})` : ''}
                  </td>
                  <td>{d.attempts}</td>
                  <td>{dateTime(d.deliveredAt ?? d.nextAttemptAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('addWebhook')}</h2>
      <FormErrors form={form} t={t} />
      <form method="post" action="/console/admin/webhooks" class="card stack" novalidate>
        <Csrf token={c.get('csrf')} />
        <TextField form={form} name="url" label={t('url')} type="url" required />
        <TextField form={form} name="description" label={t('description')} />
        <ChoiceGroup form={form} name="eventTypes" legend={t('eventTypes')} multiple options={EVENT_TYPES.map((e): [string, string] => [e, e])} />
        <button type="submit">{t('addWebhook')}</button>
      </form>
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
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('slug')}</th>
              <th scope="col">{t('agency')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('services')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.items.map((a) => (
              <tr>
                <td>{a.slug}</td>
                <td>{a.name[lang]}</td>
                <td>{label(lang, 'agencyKind', a.kind)}</td>
                <td>
                  {[...new Set(a.services.map((s) => s.service))].map((s) => label(lang, 'service', s)).join(', ') || t('none')}{' '}
                  <a href={`/console/operator/agencies/${a.slug}/services`}>{t('editServices')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('createAgency')}</h2>
      <FormErrors form={form} t={t} />
      <form method="post" action="/console/operator/agencies" class="card stack" novalidate>
        <Csrf token={c.get('csrf')} />
        <TextField form={form} name="slug" label={t('slug')} required />
        <TextField form={form} name="name.en" label={t('nameEn')} required />
        <TextField form={form} name="name.pt" label={t('namePt')} required />
        <SelectField form={form} name="kind" label={t('kind')} options={AGENCY_KINDS.map((k): [string, string] => [k, label(lang, 'agencyKind', k)])} />
        <button type="submit">{t('createAgency')}</button>
      </form>
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
      <form method="post" action={`/console/operator/agencies/${agency.slug}/services`} class="stack" novalidate>
        <Csrf token={c.get('csrf')} />
        {SERVICE_CODES.map((service) => (
          <ChoiceGroup form={form} name="services" legend={label(lang, 'service', service)} multiple options={PROVINCE_CODES.map((p): [string, string] => [`${service}/${p}`, PROVINCES[p]])} />
        ))}
        <button type="submit">{t('save')}</button>
      </form>
    </>,
    status,
  );
}

async function agreementsPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const agreements = await listAgreements({ ctx, input: { limit: 200 } });
  const agencies = await listAgencies({ ctx, input: { limit: 200 } });
  const slugs = agencies.items.map((a): [string, string] => [a.slug, a.name[lang]]);
  return render(
    c,
    t('agreements'),
    <>
      <Saved c={c} t={t} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('from')}</th>
              <th scope="col">{t('to')}</th>
              <th scope="col">{t('purposes')}</th>
              <th scope="col">{t('categories')}</th>
              <th scope="col">{t('validUntil')}</th>
              <th scope="col">{t('inForce')}</th>
              <th scope="col">{t('action')}</th>
            </tr>
          </thead>
          <tbody>
            {agreements.items.map((a) => (
              <tr>
                <td>{a.from}</td>
                <td>{a.to}</td>
                <td>{a.purposes.map((p) => label(lang, 'purpose', p)).join(', ')}</td>
                <td>{a.categories.map((x) => label(lang, 'category', x)).join(', ')}</td>
                <td>{a.validUntil}</td>
                <td>{a.inForce ? t('yes') : t('no')}</td>
                <td>
                  {a.status === 'active' ? (
                    <form method="post" action={`/console/operator/agreements/${a.id}/terminate`} class="stack">
                      <Csrf token={c.get('csrf')} />
                      <TextField form={{ values: {}, errors: { reason: form.errors[`reason-${a.id}`] ?? '' } }} name={`reason`} label={t('reason')} />
                      <button type="submit" class="danger">
                        {t('terminate')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('createAgreement')}</h2>
      <FormErrors form={{ values: {}, errors: Object.fromEntries(Object.entries(form.errors).filter(([k]) => !k.startsWith('reason-'))) }} t={t} />
      <form method="post" action="/console/operator/agreements" class="card stack" novalidate>
        <Csrf token={c.get('csrf')} />
        <SelectField form={form} name="from" label={t('from')} empty="" options={slugs} />
        <SelectField form={form} name="to" label={t('to')} empty="" options={slugs} />
        <ChoiceGroup form={form} name="purposes" legend={t('purposes')} multiple options={PURPOSES.map((p): [string, string] => [p, label(lang, 'purpose', p)])} />
        <ChoiceGroup form={form} name="categories" legend={t('categories')} multiple options={DATA_CATEGORIES.map((x): [string, string] => [x, label(lang, 'category', x)])} />
        <TextField form={form} name="validFrom" label={t('validFrom')} type="date" required />
        <TextField form={form} name="validUntil" label={t('validUntil')} type="date" required />
        <TextField form={form} name="documentRef" label={t('documentRef')} required />
        <button type="submit">{t('createAgreement')}</button>
      </form>
    </>,
    status,
  );
}
