/** @jsxImportSource hono/jsx */
import {
  AGENCY_KINDS,
  CreateAgency,
  CreateAgencyAdministrator,
  CreateAgreement,
  DATA_CATEGORIES,
  DEFAULT_RESPONSE_HOURS,
  PonteError,
  PROVINCE_CODES,
  PURPOSES,
  SERVICE_CODES,
  ServiceList,
  TerminateAgreement,
  UpdateAgency,
  URGENCIES,
  USER_ROLES,
  type Agency,
} from '@ponte/contracts';
import { createAgency, createAgencyAdministrator, createAgreement, listAgencies, listAgreements, replaceAgencyServices, terminateAgreement, updateAgency } from '@ponte/core';
import { z } from 'zod';
import { label, labelOptions, provinceName } from '../i18n';
import { agencyFormToInput, agencyServicesFormToInput, agencyServicesToForm, agencyStatusOf, agreementFormToInput, newAgencyForm, secondFactorFormOf, secondFactorFormToInput, terminationFormToInput } from '../forms/network-forms';
import { agenciesOf, agencyNamer, agencyOptions, listFieldName, readForm, recordId, refused, render, Saved, submitForm, verbContext, zodMessages, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { ChoiceGroup, DataTable, dateTime, emptyForm, FormErrors, Hidden, IssuedCode, PostForm, SelectField, TextField, type FormState } from '../ui';
import { required } from '../forms/form-values';
import type { IssuedOneTimeCode } from '@ponte/contracts';

/** The hub operator: agencies, their services, the agreements between them. */
export function registerHubOperatorPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/operator/agencies', (c) => agenciesPage(c, emptyForm(newAgencyForm())));
  router.post('/operator/agencies', (c) =>
    submitForm(c, {
      schema: CreateAgency,
      input: agencyFormToInput,
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
    const status = z.enum(['active', 'suspended']).safeParse(agencyStatusOf(values));
    if (!status.success) return agenciesPage(c, refused(emptyForm(), { _form: c.get('t')('staleForm') }), 422);
    await updateAgency({ ctx: verbContext(c), input: { slug: (await agencyBySlug(c)).slug, changes: { status: status.data } } });
    return c.redirect('/console/operator/agencies?done=saved', 303);
  });
  router.get('/operator/agencies/:slug/second-factor', async (c) => {
    const agency = await agencyBySlug(c);
    return secondFactorPage(c, agency, emptyForm(secondFactorFormOf(agency)));
  });
  router.post('/operator/agencies/:slug/second-factor', async (c) => {
    const agency = await agencyBySlug(c);
    return submitForm(c, {
      schema: UpdateAgency,
      input: secondFactorFormToInput,
      fieldName: listFieldName,
      page: (form, status) => secondFactorPage(c, agency, form, status),
      run: async (changes) => {
        await updateAgency({ ctx: verbContext(c), input: { slug: agency.slug, changes } });
        return c.redirect('/console/operator/agencies?done=saved', 303);
      },
    });
  });
  router.get('/operator/agencies/:slug/retention-minimum', async (c) => {
    const agency = await agencyBySlug(c);
    return retentionMinimumPage(c, agency, emptyForm({ retentionMinimumDays: String(agency.retentionMinimumDays) }));
  });
  router.post('/operator/agencies/:slug/retention-minimum', async (c) => {
    const agency = await agencyBySlug(c);
    return submitForm(c, {
      schema: UpdateAgency,
      input: (values) => {
        const days = String(values.retentionMinimumDays ?? '').trim();
        return { retentionMinimumDays: /^\d{1,6}$/.test(days) ? Number(days) : days };
      },
      page: (form, status) => retentionMinimumPage(c, agency, form, status),
      run: async (changes) => {
        await updateAgency({ ctx: verbContext(c), input: { slug: agency.slug, changes } });
        return c.redirect('/console/operator/agencies?done=saved', 303);
      },
    });
  });
  router.get('/operator/agencies/:slug/administrator', async (c) => administratorPage(c, await agencyBySlug(c), emptyForm()));
  router.post('/operator/agencies/:slug/administrator', async (c) => {
    const agency = await agencyBySlug(c);
    return submitForm(c, {
      schema: CreateAgencyAdministrator,
      input: (values) => ({ username: required(values, 'username'), displayName: required(values, 'displayName') }),
      page: (form, status) => administratorPage(c, agency, form, status),
      run: async (administrator) => {
        const issued = await createAgencyAdministrator({ ctx: verbContext(c), input: { slug: agency.slug, administrator } });
        // Answered here, not after a redirect: the code is in this one response and nowhere else.
        return administratorPage(c, agency, emptyForm(), 200, issued);
      },
    });
  });
  router.get('/operator/agencies/:slug/services', async (c) => {
    const agency = await agencyBySlug(c);
    return servicesPage(c, agency, emptyForm(agencyServicesToForm(agency)));
  });
  router.post('/operator/agencies/:slug/services', async (c) => {
    const agency = await agencyBySlug(c);
    return submitForm(c, {
      schema: ServiceList,
      input: agencyServicesFormToInput,
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
      input: agreementFormToInput,
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
    const parsed = TerminateAgreement.safeParse(terminationFormToInput(values));
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
              <a href={`/console/operator/agencies/${a.slug}/services`}>{t('editServices')}</a>{' '}
              <a href={`/console/operator/agencies/${a.slug}/administrator`}>{t('addAdministrator')}</a>{' '}
              <a href={`/console/operator/agencies/${a.slug}/second-factor`}>{t('editSecondFactor')}</a>{' '}
              <a href={`/console/operator/agencies/${a.slug}/retention-minimum`}>{t('editRetentionMinimum')}</a>
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
        <ChoiceGroup form={form} name="secondFactorRoles" legend={t('secondFactorRoles')} multiple options={labelOptions(lang, 'role', USER_ROLES)} />
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
        <fieldset>
          <legend>{t('responseHours')}</legend>
          <p class="muted">{t('responseHoursHint')}</p>
          {URGENCIES.map((urgency) => (
            <TextField form={form} name={`responseHours.${urgency}`} label={`${label(lang, 'urgency', urgency)} (${DEFAULT_RESPONSE_HOURS[urgency]} h)`} type="number" />
          ))}
        </fieldset>
        <button type="submit">{t('createAgreement')}</button>
      </PostForm>
    </>,
    status,
  );
}

/** The agency's administrator: made pending, with a one-time code shown once. */
function administratorPage(c: ConsoleContext, agency: Agency, form: FormState, status: 200 | 422 = 200, issued?: IssuedOneTimeCode) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    `${t('addAdministrator')}: ${agency.name[lang]}`,
    <>
      {issued ? <IssuedCode issued={{ ...issued, username: issued.user.username }} t={t} lang={lang} /> : null}
      <p>{t('administratorIntro')}</p>
      <FormErrors form={form} t={t} />
      <PostForm action={`/console/operator/agencies/${agency.slug}/administrator`} csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="username" label={t('username')} required autocomplete="off" />
        <TextField form={form} name="displayName" label={t('displayName')} required />
        <button type="submit">{t('addAdministrator')}</button>
      </PostForm>
    </>,
    status,
  );
}

/** The roles whose people must sign in with a second factor, for one agency. */
function secondFactorPage(c: ConsoleContext, agency: Agency, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    `${t('secondFactorRoles')}: ${agency.name[lang]}`,
    <>
      <FormErrors form={form} t={t} />
      <PostForm action={`/console/operator/agencies/${agency.slug}/second-factor`} csrf={c.get('csrf')} class="card stack" novalidate>
        <ChoiceGroup form={form} name="secondFactorRoles" legend={t('secondFactorRoles')} multiple options={labelOptions(lang, 'role', USER_ROLES)} />
        <button type="submit">{t('save')}</button>
      </PostForm>
    </>,
    status,
  );
}

/** An agency's legal minimum retention of a closed case's personal data: no rule of its schedule may be shorter. */
function retentionMinimumPage(c: ConsoleContext, agency: Agency, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    `${t('retentionMinimum')}: ${agency.name[lang]}`,
    <>
      <FormErrors form={form} t={t} labels={{ retentionMinimumDays: t('retentionMinimum') }} />
      <PostForm action={`/console/operator/agencies/${agency.slug}/retention-minimum`} csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="retentionMinimumDays" label={t('retentionMinimum')} hint={t('retentionMinimumHint')} type="number" required />
        <button type="submit">{t('save')}</button>
      </PostForm>
    </>,
    status,
  );
}
