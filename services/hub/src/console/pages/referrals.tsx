/** @jsxImportSource hono/jsx */
import {
  DATA_CATEGORIES,
  DeclineReferral,
  PROVINCE_CODES,
  PROVINCES,
  PURPOSES,
  PonteError,
  ProvinceCode,
  SendReferral,
  SERVICE_CODES,
  ServiceCode,
  URGENCIES,
  type Language,
  type Referral,
} from '@ponte/contracts';
import {
  acceptReferral,
  assignReferral,
  declineReferral,
  findProviders,
  getReferral,
  listAssignableCaseworkers,
  listReferrals,
  listSubjectConsents,
  previewReferral,
  readReferredSubject,
  sendReferral,
  type ReferralPreview,
} from '@ponte/core';
import { DataView } from '../data-view';
import { label, t9n, type T } from '../i18n';
import { formRefusal, list, principalOf, readForm, refused, render, text, verbContext, zodMessages, recordId, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { ChoiceGroup, Csrf, dateTime, emptyForm, FormErrors, Notice, SelectField, TextField, type FormState } from '../ui';
import { WithheldList } from './subjects';

const OPEN = ['sent', 'accepted', 'in_progress'];

export function registerReferralPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/referrals/new', async (c) => {
    const subjectId = c.req.query('subject') ?? '';
    const service = ServiceCode.safeParse(c.req.query('service'));
    const province = ProvinceCode.safeParse(c.req.query('province'));
    return referralForm(c, emptyForm({ subjectId, service: service.data ?? '', province: province.data ?? '', urgency: 'routine' }));
  });

  router.post('/referrals/new', async (c) => {
    const values = await readForm(c);
    const form = emptyForm(values);
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const input = {
      to: text(values, 'to') ?? '',
      subjectId: text(values, 'subjectId') ?? '',
      consentId: text(values, 'consentId') ?? '',
      service: text(values, 'service') ?? '',
      purpose: text(values, 'purpose') ?? '',
      urgency: text(values, 'urgency') ?? '',
      categories: list(values, 'categories'),
      ...(text(values, 'note') ? { note: text(values, 'note') } : {}),
    };
    const parsed = SendReferral.safeParse(input);
    const field = (f: string) => f.replace(/\.\d+$/, '');
    if (!parsed.success) return referralForm(c, refused(form, zodMessages(parsed.error, lang, field)), undefined, 422);
    try {
      if (values.intent === 'preview') {
        const preview = await previewReferral({ ctx, input: parsed.data });
        return referralForm(c, refused(form, Object.fromEntries(preview.failed.map((f) => [f.field, f.message[lang]]))), preview);
      }
      const referral = await sendReferral({ ctx, input: parsed.data });
      return c.redirect(`/console/referrals/${referral.id}?done=sent`, 303);
    } catch (error) {
      return referralForm(c, refused(form, formRefusal(error, lang, field)), undefined, 422);
    }
  });

  const box = (kind: 'outbox' | 'inbox', title: 'outgoing' | 'incoming' | 'assignedToMe') => async (c: ConsoleContext) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const cursor = c.req.query('cursor');
    const page = await listReferrals({ ctx: verbContext(c), input: { box: kind, limit: 50, cursor: cursor && cursor.length <= 200 ? cursor : undefined } });
    return render(
      c,
      t(title),
      page.items.length === 0 ? <p>{t('noReferrals')}</p> : <ReferralTable referrals={page.items} t={t} lang={lang} kind={kind} />,
    );
  };
  router.get('/referrals/outgoing', box('outbox', 'outgoing'));
  router.get('/referrals/incoming', box('inbox', 'incoming'));
  router.get('/referrals/assigned', box('inbox', 'assignedToMe'));

  router.get('/referrals/:id', async (c) => referralPage(c, await getReferral({ ctx: verbContext(c), input: { id: recordId(c) } })));

  router.post('/referrals/:id/accept', async (c) => {
    const id = recordId(c);
    const values = await readForm(c);
    const assigneeId = text(values, 'assigneeId');
    const referral = await acceptReferral({ ctx: verbContext(c), input: { id, expectedVersion: undefined, ...(assigneeId ? { assigneeId } : {}) } });
    return c.redirect(`/console/referrals/${referral.id}?done=accepted`, 303);
  });

  router.post('/referrals/:id/assign', async (c) => {
    const id = recordId(c);
    const values = await readForm(c);
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const assigneeId = text(values, 'assigneeId');
    if (!assigneeId) return referralPage(c, await getReferral({ ctx, input: { id } }), { assign: emptyForm(), errors: { assigneeId: t9n(lang, 'required') } }, 422);
    try {
      await assignReferral({ ctx, input: { id, expectedVersion: undefined, assigneeId } });
    } catch (error) {
      return referralPage(c, await getReferral({ ctx, input: { id } }), { assign: emptyForm(values), errors: formRefusal(error, lang) }, 422);
    }
    return c.redirect(`/console/referrals/${id}?done=assigned`, 303);
  });

  router.post('/referrals/:id/decline', async (c) => {
    const id = recordId(c);
    const values = await readForm(c);
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const parsed = DeclineReferral.safeParse({ reason: text(values, 'reason') ?? '' });
    if (!parsed.success) return referralPage(c, await getReferral({ ctx, input: { id } }), { decline: emptyForm(values), errors: zodMessages(parsed.error, lang) }, 422);
    await declineReferral({ ctx, input: { id, expectedVersion: undefined, reason: parsed.data.reason } });
    return c.redirect(`/console/referrals/${id}?done=declined`, 303);
  });
}

async function referralForm(c: ConsoleContext, form: FormState, preview?: ReferralPreview, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const subjectId = String(form.values.subjectId ?? '');
  const service = ServiceCode.safeParse(form.values.service);
  const province = ProvinceCode.safeParse(form.values.province);
  const providers = service.success && province.success ? await findProviders({ ctx, input: { service: service.data, province: province.data } }) : undefined;
  const own = principalOf(c).agencySlug;
  const consents = /^[0-9a-f-]{36}$/.test(subjectId) ? (await listSubjectConsents({ ctx, input: { subjectId } })).items.filter((x) => x.status === 'active') : [];
  const options = (kind: Parameters<typeof label>[1], values: readonly string[]): Array<[string, string]> => values.map((v) => [v, label(lang, kind, v)]);
  return render(
    c,
    t('newReferral'),
    <>
      <form method="get" action="/console/referrals/new" class="card stack" role="search" aria-label={t('directorySearch')}>
        <h2>{t('directorySearch')}</h2>
        <input type="hidden" name="subject" value={subjectId} />
        <SelectField form={form} name="service" label={t('service')} empty="" options={options('service', SERVICE_CODES)} />
        <SelectField form={form} name="province" label={t('province')} empty="" options={PROVINCE_CODES.map((p) => [p, PROVINCES[p]])} />
        <button type="submit" class="secondary">
          {t('search')}
        </button>
      </form>
      {providers ? (
        <>
          <FormErrors
            form={form}
            t={t}
            labels={{ to: t('recipient'), consentId: t('consent'), purpose: t('purpose'), urgency: t('urgency'), categories: t('categories'), note: t('note'), service: t('service') }}
          />
          {preview ? <PreviewView preview={preview} t={t} lang={lang} /> : null}
          <form method="post" action="/console/referrals/new" class="stack" novalidate>
            <Csrf token={c.get('csrf')} />
            <input type="hidden" name="subjectId" value={subjectId} />
            <input type="hidden" name="service" value={service.data} />
            <input type="hidden" name="province" value={province.data} />
            {providers.filter((p) => p.slug !== own).length === 0 ? (
              <p>{t('noProviders')}</p>
            ) : (
              <ChoiceGroup form={form} name="to" legend={t('providers')} options={providers.filter((p) => p.slug !== own).map((p): [string, string] => [p.slug, p.name[lang]])} />
            )}
            <SelectField
              form={form}
              name="consentId"
              label={t('consent')}
              empty=""
              options={consents.map((x): [string, string] => [x.id, `${x.purposes.map((p) => label(lang, 'purpose', p)).join(', ')} → ${x.recipients.join(', ')} (${dateTime(x.validUntil, lang)})`])}
            />
            <SelectField form={form} name="purpose" label={t('purpose')} empty="" options={options('purpose', PURPOSES)} />
            <SelectField form={form} name="urgency" label={t('urgency')} options={options('urgency', URGENCIES)} />
            <ChoiceGroup form={form} name="categories" legend={t('categories')} multiple options={options('category', DATA_CATEGORIES)} />
            <TextField form={form} name="note" label={t('note')} multiline />
            <div class="actions">
              <button type="submit" name="intent" value="preview" class="secondary">
                {t('checkCategories')}
              </button>
              <button type="submit" name="intent" value="send">
                {t('send')}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>,
    status,
  );
}

function PreviewView({ preview, t, lang }: { preview: ReferralPreview; t: T; lang: Language }) {
  const reasonText = { not_in_consent: t('notInConsent'), not_in_agreement: t('notInAgreement'), consent_does_not_hold: t('noDataNow') };
  return (
    <section class="card" aria-labelledby="effective" id="effective-set">
      <h2 id="effective">{t('effectiveSet')}</h2>
      <p>{t('effectiveIntro')}</p>
      <p>
        {preview.shared.length === 0 ? t('none') : preview.shared.map((c) => <span class="tag allow">{label(lang, 'category', c)}</span>)}
      </p>
      {preview.excluded.length > 0 ? (
        <>
          <h3>{t('excluded')}</h3>
          <ul>
            {preview.excluded.map((e) => (
              <li>
                {label(lang, 'category', e.category)}: {e.reasons.map((r) => reasonText[r]).join('; ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ReferralTable({ referrals, t, lang, kind }: { referrals: Referral[]; t: T; lang: Language; kind: 'inbox' | 'outbox' }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('referral')}</th>
            <th scope="col">{kind === 'inbox' ? t('from') : t('to')}</th>
            <th scope="col">{t('service')}</th>
            <th scope="col">{t('urgency')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('sentAt')}</th>
          </tr>
        </thead>
        <tbody>
          {referrals.map((r) => (
            <tr>
              <td>
                <a href={`/console/referrals/${r.id}`}>{r.id.slice(0, 8)}</a>
              </td>
              <td>{kind === 'inbox' ? r.from : r.to}</td>
              <td>{label(lang, 'service', r.service)}</td>
              <td>{label(lang, 'urgency', r.urgency)}</td>
              <td>{label(lang, 'referralStatus', r.status)}</td>
              <td>{dateTime(r.sentAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ActionForms {
  assign?: FormState;
  decline?: FormState;
  errors?: Record<string, string>;
}

async function referralPage(c: ConsoleContext, referral: Referral, actions: ActionForms = {}, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const principal = principalOf(c);
  const roles = new Set(principal.roles);
  const done = c.req.query('done');
  const receiving = referral.view !== 'sender';
  const triages = receiving && (roles.has('intake_focal_point') || roles.has('supervisor'));
  const caseworkers = triages ? await listAssignableCaseworkers({ ctx }).catch((e) => (e instanceof PonteError && e.code === 'forbidden' ? [] : Promise.reject(e))) : [];
  const assigneeOptions = caseworkers.map((u): [string, string] => [u.id, u.team ? `${u.displayName} (${u.team})` : u.displayName]);
  // The person's data: only for the receiving caseworker it is assigned to (or their supervisor), while it may be read.
  let shared: { data: Record<string, unknown>; access: { readable: string[]; withheld: Array<{ category: string; rule: string }> } } | undefined;
  let refusedRule: string | undefined;
  const worksOnIt = receiving && (referral.assigneeId === principal.id || roles.has('supervisor')) && referral.status !== 'sent';
  if (worksOnIt && referral.view === 'receiver') {
    try {
      shared = await readReferredSubject({ ctx, input: { referralId: referral.id } });
    } catch (error) {
      if (!(error instanceof PonteError && (error.code === 'forbidden' || error.code === 'not_found'))) throw error;
      refusedRule = typeof error.extensions?.rule === 'string' ? error.extensions.rule : error.code;
    }
  }
  const errors = actions.errors ?? {};
  return render(
    c,
    `${t('referral')} ${referral.id.slice(0, 8)}`,
    <>
      {done === 'sent' ? <Notice kind="good">{t('referralSent')}</Notice> : null}
      {done === 'accepted' || done === 'assigned' || done === 'declined' ? <Notice kind="good">{label(lang, 'referralStatus', referral.status)}</Notice> : null}
      <div class="card">
        <dl class="facts">
          <dt>{t('from')}</dt>
          <dd>{referral.from}</dd>
          <dt>{t('to')}</dt>
          <dd>{referral.to}</dd>
          <dt>{t('status')}</dt>
          <dd>{label(lang, 'referralStatus', referral.status)}</dd>
          <dt>{t('service')}</dt>
          <dd>{label(lang, 'service', referral.service)}</dd>
          <dt>{t('purpose')}</dt>
          <dd>{label(lang, 'purpose', referral.purpose)}</dd>
          <dt>{t('urgency')}</dt>
          <dd>{label(lang, 'urgency', referral.urgency)}</dd>
          <dt>{t('sharedCategories')}</dt>
          <dd>{referral.sharedCategories.map((x) => label(lang, 'category', x)).join(', ')}</dd>
          <dt>{t('assignedTo')}</dt>
          <dd>{referral.assigneeId ? (caseworkers.find((u) => u.id === referral.assigneeId)?.displayName ?? (referral.assigneeId === principal.id ? principal.displayName : t('assigned'))) : t('unassigned')}</dd>
          {referral.reason ? (
            <>
              <dt>{t('reason')}</dt>
              <dd>{referral.reason}</dd>
            </>
          ) : null}
          {referral.note ? (
            <>
              <dt>{t('note')}</dt>
              <dd>{referral.note}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {referral.triage ? (
        <section class="card" aria-labelledby="triage">
          <h2 id="triage">{t('triage')}</h2>
          {referral.view === 'triage' ? <p class="muted">{t('triageIntro')}</p> : null}
          <dl class="facts">
            <dt>{t('ageBand')}</dt>
            <dd>{referral.triage.ageBand}</dd>
            <dt>{t('sex')}</dt>
            <dd>{label(lang, 'sex', referral.triage.sex)}</dd>
            <dt>{t('province')}</dt>
            <dd>{referral.triage.province ? PROVINCES[referral.triage.province] : '—'}</dd>
            <dt>{t('languages')}</dt>
            <dd>{referral.triage.languages.join(', ')}</dd>
          </dl>
        </section>
      ) : null}
      {shared ? (
        <section aria-labelledby="shared-data" id="referred-data">
          <h2 id="shared-data">{t('referredData')}</h2>
          <p class="muted">{t('referredDataIntro')}</p>
          {shared.access.readable.map((category) => (
            <section class="card">
              <h3>{label(lang, 'category', category)}</h3>
              <DataView value={shared.data[category]} lang={lang} />
            </section>
          ))}
          <WithheldList withheld={shared.access.withheld} t={t} lang={lang} />
        </section>
      ) : null}
      {worksOnIt && !shared ? (
        <Notice kind="bad">
          {t('noDataNow')} {refusedRule ? <code>{refusedRule}</code> : null}
        </Notice>
      ) : null}
      {triages && referral.status === 'sent' ? (
        <>
          <form method="post" action={`/console/referrals/${referral.id}/accept`} class="card stack">
            <h2>{t('accept')}</h2>
            <Csrf token={c.get('csrf')} />
            <SelectField form={emptyForm()} name="assigneeId" label={`${t('assignee')} (${t('optional')})`} empty="" options={assigneeOptions} />
            <button type="submit">{t('accept')}</button>
          </form>
          <form method="post" action={`/console/referrals/${referral.id}/decline`} class="card stack" novalidate>
            <h2>{t('decline')}</h2>
            <Csrf token={c.get('csrf')} />
            <TextField form={{ values: actions.decline?.values ?? {}, errors }} name="reason" label={t('reason')} multiline required />
            <button type="submit" class="danger">
              {t('decline')}
            </button>
          </form>
        </>
      ) : null}
      {triages && (referral.status === 'accepted' || referral.status === 'in_progress') ? (
        <form method="post" action={`/console/referrals/${referral.id}/assign`} class="card stack">
          <h2>{t('assign')}</h2>
          <Csrf token={c.get('csrf')} />
          <SelectField form={{ values: actions.assign?.values ?? { assigneeId: referral.assigneeId ?? '' }, errors }} name="assigneeId" label={t('assignee')} empty="" options={assigneeOptions} />
          <button type="submit">{t('assign')}</button>
        </form>
      ) : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('timeline')}</h2>
        <ol class="timeline">
          {referral.transitions.map((step) => (
            <li>
              <strong>{label(lang, 'referralStatus', step.to)}</strong> · {step.actorAgency} · {dateTime(step.at, lang)}
              {step.reason ? <span class="muted"> — {step.reason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
      {OPEN.includes(referral.status) && referral.view === 'sender' && referral.subjectId ? (
        <p>
          <a href={`/console/subjects/${referral.subjectId}`}>{t('subject')}</a>
        </p>
      ) : null}
    </>,
    status,
  );
}
