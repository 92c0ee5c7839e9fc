import type { ReferralStep } from '@ponte/contracts';
import { DocumentTable, referralDocuments } from './documents';
import { isAcceptedReferral, isOpenReferral } from '@ponte/policy';
/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import {
  AcceptReferral,
  AssignReferral,
  CompleteReferral,
  DATA_CATEGORIES,
  DECLINE_REASON_CODES,
  DeclineReferral,
  OUTCOME_CODES,
  PostReferralMessage,
  WithdrawReferral,
  PROVINCE_CODES,
  PURPOSES,
  PonteError,
  ProvinceCode,
  ReferOnward,
  SendReferral,
  SERVICE_CODES,
  ServiceCode,
  URGENCIES,
  Uuid,
  type Language,
  type Referral,
} from '@ponte/contracts';
import {
  acceptReferral,
  assignReferral,
  completeReferral,
  declineReferral,
  startReferral,
  withdrawReferral,
  findProviders,
  getReferralActions,
  listAssignableCaseworkers,
  listReferrals,
  listPurgeRequests,
  listSubjectConsents,
  postReferralMessage,
  previewReferral,
  readReferredSubject,
  referOnward,
  sendReferral,
  type ReferralActions,
  type ReferralPreview,
} from '@ponte/core';
import { z } from 'zod';
import { DataView } from '../data-view';
import { label, labelOptions, languageName, provinceName, type T, type TextKey } from '../i18n';
import { agenciesOf, agencyNamer, agencyOptions, formRefusal, listFieldName, principalOf, readForm, refused, render, text, verbContext, zodMessages, recordId, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { Checkbox, ChoiceGroup, DataTable, dateTime, emptyForm, FormErrors, Notice, PostForm, RuleWords, SelectField, StepForm, TextField, type FormState } from '../ui';
import { assignFormFor, newOnwardForm, newReferralForm, onwardFormToInput, referralFormToInput, referralStepFormToInput } from '../forms/referral-form';
import { consentFormField } from '../forms/consent-form';
import { ConversationPanel, loadConversation } from './referral-conversation';
import { WithheldList } from './subjects';

export function registerReferralPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/referrals/new', (c) => referralForm(c, emptyForm(newReferralForm({ subject: c.req.query('subject'), service: c.req.query('service'), province: c.req.query('province') }))));

  router.post('/referrals/new', async (c) => {
    const values = await readForm(c);
    const form = emptyForm(values);
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const parsed = SendReferral.safeParse(referralFormToInput(values));
    if (!parsed.success) return referralForm(c, refused(form, zodMessages(parsed.error, lang, listFieldName)), undefined, 422);
    try {
      if (values.intent === 'preview') {
        const preview = await previewReferral({ ctx, input: parsed.data });
        return referralForm(c, refused(form, Object.fromEntries(preview.failed.map((f) => [f.field, f.message[lang]]))), preview);
      }
      const referral = await sendReferral({ ctx, input: parsed.data });
      return c.redirect(`/console/referrals/${referral.id}?done=sent`, 303);
    } catch (error) {
      return referralForm(c, refused(form, formRefusal(error, lang, listFieldName)), undefined, 422);
    }
  });

  const box = (kind: 'outbox' | 'inbox', title: 'outgoing' | 'incoming' | 'assignedToMe') => async (c: ConsoleContext) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const cursor = c.req.query('cursor');
    const overdue = c.req.query('overdue') === 'true';
    const input = {
      box: kind,
      limit: 50,
      cursor: cursor && cursor.length <= 200 ? cursor : undefined,
      ...(title === 'assignedToMe' ? { assignee: 'me' as const } : {}),
      ...(overdue ? { overdue: 'true' as const } : {}),
    };
    const page = await listReferrals({ ctx: verbContext(c), input });
    const here = c.req.path;
    return render(
      c,
      overdue ? `${t(title)}: ${t('overdue')}` : t(title),
      <>
        <p>{overdue ? <a href={here}>{t('allReferrals')}</a> : <a href={`${here}?overdue=true`}>{t('onlyOverdue')}</a>}</p>
        {page.items.length === 0 ? <p>{t('noReferrals')}</p> : <ReferralTable referrals={page.items} t={t} lang={lang} kind={kind} agencyName={await agencyNamer(c)} />}
      </>,
    );
  };
  router.get('/referrals/outgoing', box('outbox', 'outgoing'));
  router.get('/referrals/incoming', box('inbox', 'incoming'));
  router.get('/referrals/assigned', box('inbox', 'assignedToMe'));

  router.get('/referrals/:id', async (c) => referralPage(c, await getReferralActions({ ctx: verbContext(c), input: { id: recordId(c) } })));

  // A message on the referral's conversation: a refusal (an empty message, a closed referral, not
  // one of its people) shows the page again with the message kept and the reason.
  router.post('/referrals/:id/messages', async (c) => {
    const id = recordId(c);
    const values = await readForm(c);
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const again = async (errors: Record<string, string>, status: 409 | 422) =>
      referralPage(c, await getReferralActions({ ctx, input: { id } }), undefined, status, refused(emptyForm(values), errors));
    const parsed = PostReferralMessage.safeParse({ body: text(values, 'body') });
    if (!parsed.success) return again(zodMessages(parsed.error, lang), 422);
    try {
      await postReferralMessage({ ctx, input: { id, body: parsed.data.body } });
    } catch (error) {
      const detail = error instanceof PonteError ? error.detail?.[lang] : undefined;
      return again({ ...(detail ? { _form: detail } : {}), ...formRefusal(error, lang) }, error instanceof PonteError && error.code === 'conflict' ? 409 : 422);
    }
    return c.redirect(`/console/referrals/${id}?done=message#conversation-panel`, 303);
  });

  /**
   * A step on a referral from its page: the form checked by the step's contract, the version the
   * page showed as the expected one (a page gone stale is refused, not applied over a newer
   * change), and any refusal shown on the page again, in the page's language.
   */
  const step = <S extends z.ZodType>(action: Exclude<Refusal['action'], 'onward'>, schema: S, input: (values: Record<string, string | string[]>) => unknown, run: (ctx: ReturnType<typeof verbContext>, id: string, data: z.infer<S>, expectedVersion: number) => Promise<unknown>) =>
    async (c: ConsoleContext) => {
      const id = recordId(c);
      const values = await readForm(c);
      const lang = c.get('lang');
      const ctx = verbContext(c);
      const again = async (errors: Record<string, string>, status: 409 | 422) =>
        referralPage(c, await getReferralActions({ ctx, input: { id } }), { action, form: refused(emptyForm(values), errors) }, status);
      const version = ExpectedVersion.safeParse(text(values, 'version'));
      if (!version.success) return again({ _form: c.get('t')('staleForm') }, 409);
      const parsed = schema.safeParse(input(values));
      if (!parsed.success) return again(zodMessages(parsed.error, lang), 422);
      try {
        await run(ctx, id, parsed.data, version.data);
      } catch (error) {
        if (error instanceof PonteError && error.code === 'precondition_failed') return again({ _form: c.get('t')('staleForm') }, 409);
        const messages = formRefusal(error, lang);
        const detail = error instanceof PonteError ? error.detail?.[lang] : undefined;
        return again({ ...(detail ? { _form: detail } : {}), ...messages }, error instanceof PonteError && error.code === 'conflict' ? 409 : 422);
      }
      return c.redirect(`/console/referrals/${id}?done=${DONE[action]}`, 303);
    };

  router.post(
    '/referrals/:id/accept',
    step('accept', AcceptReferral, referralStepFormToInput.accept, (ctx, id, data, expectedVersion) => acceptReferral({ ctx, input: { id, expectedVersion, ...data } })),
  );
  router.post(
    '/referrals/:id/assign',
    step('assign', AssignReferral, referralStepFormToInput.assign, (ctx, id, data, expectedVersion) => assignReferral({ ctx, input: { id, expectedVersion, ...data } })),
  );
  router.post(
    '/referrals/:id/decline',
    step('decline', DeclineReferral, referralStepFormToInput.decline, (ctx, id, data, expectedVersion) => declineReferral({ ctx, input: { id, expectedVersion, ...data } })),
  );
  router.post('/referrals/:id/start', step('start', z.strictObject({}), referralStepFormToInput.start, (ctx, id, _data, expectedVersion) => startReferral({ ctx, input: { id, expectedVersion } })));
  router.post(
    '/referrals/:id/complete',
    step('complete', CompleteReferral, referralStepFormToInput.complete, (ctx, id, data, expectedVersion) => completeReferral({ ctx, input: { id, expectedVersion, ...data } })),
  );
  // Referring the person on: a new referral, so the page goes to it once sent; a refusal shows the form again.
  router.post('/referrals/:id/onward', async (c) => {
    const id = recordId(c);
    const values = await readForm(c);
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const again = async (errors: Record<string, string>, status: 409 | 422) => referralPage(c, await getReferralActions({ ctx, input: { id } }), { action: 'onward', form: refused(emptyForm(values), errors) }, status);
    const parsed = ReferOnward.safeParse(onwardFormToInput(values));
    if (!parsed.success) return again(zodMessages(parsed.error, lang, onwardFormField), 422);
    try {
      const onward = await referOnward({ ctx, input: { referralId: id, onward: parsed.data } });
      return c.redirect(`/console/referrals/${onward.id}?done=referred_on`, 303);
    } catch (error) {
      const detail = error instanceof PonteError ? error.detail?.[lang] : undefined;
      return again({ ...(detail ? { _form: detail } : {}), ...formRefusal(error, lang, onwardFormField) }, error instanceof PonteError && error.code === 'conflict' ? 409 : 422);
    }
  });
  router.post(
    '/referrals/:id/withdraw',
    step('withdraw', WithdrawReferral, referralStepFormToInput.withdraw, (ctx, id, data, expectedVersion) => withdrawReferral({ ctx, input: { id, expectedVersion, reason: data.reason } })),
  );
}

/** The notice a step's page shows once it is done. */
const DONE: Record<Exclude<Refusal['action'], 'onward'>, string> = { accept: 'accepted', assign: 'assigned', decline: 'declined', start: 'started', complete: 'completed', withdraw: 'withdrawn' };

/** The referral's version a page showed, sent back with each step. */
const ExpectedVersion = z.coerce.number().int().min(0).max(2_147_483_647);

async function referralForm(c: ConsoleContext, form: FormState, preview?: ReferralPreview, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const subjectId = String(form.values.subjectId ?? '');
  const service = ServiceCode.safeParse(form.values.service);
  const province = ProvinceCode.safeParse(form.values.province);
  const providers = service.success && province.success ? await findProviders({ ctx, input: { service: service.data, province: province.data } }) : undefined;
  const own = principalOf(c).agencySlug;
  const consents = Uuid.safeParse(subjectId).success ? (await listSubjectConsents({ ctx, input: { subjectId } })).items.filter((x) => x.status === 'active') : [];
  const agencyName = await agencyNamer(c);
  return render(
    c,
    t('newReferral'),
    <>
      <form method="get" action="/console/referrals/new" class="card stack" role="search" aria-label={t('directorySearch')}>
        <h2>{t('directorySearch')}</h2>
        <input type="hidden" name="subject" value={subjectId} />
        <SelectField form={form} name="service" label={t('service')} empty={t('choose')} options={labelOptions(lang, 'service', SERVICE_CODES)} />
        <SelectField form={form} name="province" label={t('province')} empty={t('choose')} options={PROVINCE_CODES.map((p) => [p, provinceName(lang, p)])} />
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
          <PostForm action="/console/referrals/new" csrf={c.get('csrf')} class="stack" novalidate>
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
              empty={t('choose')}
              options={consents.map((x): [string, string] => [x.id, `${x.purposes.map((p) => label(lang, 'purpose', p)).join(', ')} → ${x.recipients.map(agencyName).join(', ')} (${dateTime(x.validUntil, lang)})`])}
            />
            <SelectField form={form} name="purpose" label={t('purpose')} empty={t('choose')} options={labelOptions(lang, 'purpose', PURPOSES)} />
            <SelectField form={form} name="urgency" label={t('urgency')} options={labelOptions(lang, 'urgency', URGENCIES)} />
            <ChoiceGroup form={form} name="categories" legend={t('categories')} multiple options={labelOptions(lang, 'category', DATA_CATEGORIES)} />
            <TextField form={form} name="note" label={t('note')} multiline />
            <div class="actions">
              <button type="submit" name="intent" value="preview" class="secondary">
                {t('checkCategories')}
              </button>
              <button type="submit" name="intent" value="send">
                {t('send')}
              </button>
            </div>
          </PostForm>
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

function ReferralTable({ referrals, t, lang, kind, agencyName }: { referrals: Referral[]; t: T; lang: Language; kind: 'inbox' | 'outbox'; agencyName: (slug: string) => string }) {
  return (
    <DataTable id="referrals" caption={kind === 'inbox' ? t('incoming') : t('outgoing')} columns={[t('referral'), kind === 'inbox' ? t('from') : t('to'), t('service'), t('urgency'), t('status'), t('sentAt'), t('respondBy')]}>
      {referrals.map((r) => (
        <tr>
          <td>
            <a href={`/console/referrals/${r.id}`}>{r.id.slice(0, 8)}</a>
          </td>
          <td>{agencyName(kind === 'inbox' ? r.from : r.to)}</td>
          <td>{label(lang, 'service', r.service)}</td>
          <td>{label(lang, 'urgency', r.urgency)}</td>
          <td>
            {label(lang, 'referralStatus', r.status)}
            {r.overdue ? (
              <>
                {' '}
                <span class="tag deny" title={t(r.overdueKind === 'completion' ? 'overdueCompletion' : 'overdueResponse')}>
                  {t('overdue')}
                </span>
              </>
            ) : null}
          </td>
          <td>{dateTime(r.sentAt, lang)}</td>
          <td>{r.respondBy ? dateTime(r.respondBy, lang) : '—'}</td>
        </tr>
      ))}
    
    </DataTable>
  );
}

/** A step's form refused on submission, to show again with its messages. */
interface Refusal {
  action: 'accept' | 'assign' | 'decline' | 'start' | 'complete' | 'withdraw' | 'onward';
  form: FormState;
}

/** The onward form's field a contract path names: the new consent's under `consent.`. */
const onwardFormField = (field: string) => (field.startsWith('consent.') ? `consent.${consentFormField(field.slice('consent.'.length))}` : listFieldName(field));

/** The words of each step a referral's page may name. */
const STEP_TEXT: Record<ReferralStep, TextKey> = { send: 'send', accept: 'accept', decline: 'decline', assign: 'assign', start: 'startWork', complete: 'complete', withdraw: 'withdraw' };

async function referralPage(c: ConsoleContext, { referral, allowedActions, refusedActions }: ReferralActions, refusal?: Refusal, status: 200 | 409 | 422 = 200, message: FormState = emptyForm()) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const principal = principalOf(c);
  const agencyName = await agencyNamer(c);
  const done = c.req.query('done');
  const may = new Set(allowedActions);
  // What the policy lets this person do next decides which forms the page draws.
  const caseworkers =
    may.has('accept') || may.has('assign') ? await listAssignableCaseworkers({ ctx }).catch((e) => (e instanceof PonteError && e.code === 'forbidden' ? [] : Promise.reject(e))) : [];
  const assigneeOptions = caseworkers.map((u): [string, string] => [u.id, u.team ? `${u.displayName} (${u.team})` : u.displayName]);
  // The person's data: read in the receiver's view; and whoever the policy lets work the case (start
  // or complete it) is told, with the rule, when it may not be read now (a withdrawn consent, say).
  const worksOnIt = referral.view === 'receiver' || (referral.to === principal.agencySlug && (may.has('start') || may.has('complete')));
  let shared: { data: Record<string, unknown>; access: { readable: string[]; withheld: Array<{ category: string; rule: string }> } } | undefined;
  let refusedRule: string | undefined;
  if (worksOnIt) {
    try {
      shared = await readReferredSubject({ ctx, input: { referralId: referral.id } });
    } catch (error) {
      if (!(error instanceof PonteError && (error.code === 'forbidden' || error.code === 'not_found'))) throw error;
      refusedRule = typeof error.extensions?.rule === 'string' ? error.extensions.rule : error.code;
    }
  }
  const conversation = await loadConversation(c, referral.id);
  // On the receiving side, a purge asked on this referral (its subject erased by its owner), for whoever may attest it.
  const purge =
    referral.to === principal.agencySlug
      ? (await listPurgeRequests({ ctx, input: { pending: false, limit: 200 } }).catch((e) => (e instanceof PonteError && e.code === 'forbidden' ? { items: [] } : Promise.reject(e)))).items.find((p) => p.referralId === referral.id)
      : undefined;
  // The referred subject's documents, decided as its data is (only the categories it may read now).
  const documents = shared ? await referralDocuments(c, referral.id) : undefined;
  const formOf = (action: Refusal['action'], initial: FormState = emptyForm()) => (refusal?.action === action ? refusal.form : initial);
  // Referring on: offered on the receiving side of an accepted referral to whoever works it or triages it (the verb decides).
  const mayReferOn = referral.to === principal.agencySlug && isAcceptedReferral(referral.status) && (referral.view === 'receiver' || may.has('assign'));
  const onwardForm = formOf('onward', emptyForm(newOnwardForm(lang)));
  const thirdAgencies = mayReferOn ? agencyOptions((await agenciesOf(c)).filter((a) => a.slug !== referral.to && a.slug !== referral.from), lang) : [];
  // The receiving side is told which next steps its role may not take, and the rule that says so.
  const notYours = referral.to === principal.agencySlug ? refusedActions.filter((r) => r.action !== 'send' && r.action !== 'withdraw') : [];
  // A step's form: its fields, the version the page showed, and the button that takes it.
  const Step = ({ action, danger, children }: { action: Exclude<Refusal['action'], 'onward'>; danger?: boolean; children?: Child }) => (
    <StepForm action={`/console/referrals/${referral.id}/${action}`} csrf={c.get('csrf')} version={referral.version} title={t(STEP_TEXT[action])} danger={danger}>
      {children}
    </StepForm>
  );
  return render(
    c,
    `${t('referral')} ${referral.id.slice(0, 8)}`,
    <>
      {done === 'sent' ? <Notice kind="good">{t('referralSent')}</Notice> : null}
      {done === 'message' ? <Notice kind="good">{t('messageSent')}</Notice> : null}
      {done === 'referred_on' ? <Notice kind="good">{t('referredOn')}</Notice> : null}
      {done && Object.values(DONE).includes(done) ? <Notice kind="good">{label(lang, 'referralStatus', referral.status)}</Notice> : null}
      {purge ? (
        <Notice kind={purge.attestation ? 'good' : 'bad'}>
          {purge.attestation ? (
            <>
              {t('purgeAttestedOn')} {dateTime(purge.attestation.attestedAt, lang)}
            </>
          ) : (
            <>
              {t('purgeAskedHere')} {t('purgeDue')}: {dateTime(purge.dueAt, lang)}.{' '}
              <a class="button" href={`/console/referrals/${referral.id}/purge-attestation`}>
                {t('attestPurge')}
              </a>
            </>
          )}
        </Notice>
      ) : null}
      {referral.overdue ? <Notice kind="bad">{t(referral.overdueKind === 'completion' ? 'overdueCompletion' : 'overdueResponse')}</Notice> : null}
      {refusal ? <FormErrors form={refusal.form} t={t} labels={{ assigneeId: t('assignee'), reason: t('reason'), outcome: t('outcome'), reasonCode: t('reasonCode'), outcomeCode: t('outcomeCode'), to: t('recipient'), service: t('service'), purpose: t('purpose'), urgency: t('urgency'), categories: t('categories'), note: t('note') }} /> : null}
      <div class="card">
        <dl class="facts">
          <dt>{t('from')}</dt>
          <dd>{agencyName(referral.from)}</dd>
          <dt>{t('to')}</dt>
          <dd>{agencyName(referral.to)}</dd>
          <dt>{t('status')}</dt>
          <dd>{label(lang, 'referralStatus', referral.status)}</dd>
          <dt>{t('service')}</dt>
          <dd>{label(lang, 'service', referral.service)}</dd>
          <dt>{t('purpose')}</dt>
          <dd>{label(lang, 'purpose', referral.purpose)}</dd>
          <dt>{t('urgency')}</dt>
          <dd>{label(lang, 'urgency', referral.urgency)}</dd>
          {referral.respondBy ? (
            <>
              <dt>{t('respondBy')}</dt>
              <dd>{dateTime(referral.respondBy, lang)}</dd>
            </>
          ) : null}
          {referral.dueDate ? (
            <>
              <dt>{t('dueDate')}</dt>
              <dd>{referral.dueDate}</dd>
            </>
          ) : null}
          <dt>{t('sharedCategories')}</dt>
          <dd>{referral.sharedCategories.map((x) => label(lang, 'category', x)).join(', ')}</dd>
          <dt>{t('assignedTo')}</dt>
          <dd>{referral.assigneeId ? (caseworkers.find((u) => u.id === referral.assigneeId)?.displayName ?? (referral.assigneeId === principal.id ? principal.displayName : t('assigned'))) : t('unassigned')}</dd>
          {referral.outcomeCode ? (
            <>
              <dt>{t('outcomeCode')}</dt>
              <dd>{label(lang, 'outcomeCode', referral.outcomeCode)}</dd>
            </>
          ) : null}
          {referral.outcome ? (
            <>
              <dt>{t('outcome')}</dt>
              <dd>{referral.outcome}</dd>
            </>
          ) : null}
          {referral.reasonCode ? (
            <>
              <dt>{t('reasonCode')}</dt>
              <dd>{label(lang, 'reasonCode', referral.reasonCode)}</dd>
            </>
          ) : null}
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
            <dd>{referral.triage.province ? provinceName(lang, referral.triage.province) : '—'}</dd>
            <dt>{t('languages')}</dt>
            <dd>{referral.triage.languages.map((tag) => languageName(lang, tag)).join(', ')}</dd>
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
          {documents ? (
            <section aria-labelledby="referred-documents" id="documents">
              <h3 id="referred-documents">{t('referredDocuments')}</h3>
              <DocumentTable documents={documents} href={(d) => `/console/referrals/${referral.id}/documents/${d.id}`} t={t} lang={lang} />
            </section>
          ) : null}
        </section>
      ) : null}
      {worksOnIt && !shared ? (
        <Notice kind="bad">
          {t('noDataNow')} {refusedRule ? <RuleWords rule={refusedRule} lang={lang} /> : null}
        </Notice>
      ) : null}
      {may.has('accept') ? (
        <Step action="accept">
          <SelectField form={formOf('accept')} name="assigneeId" label={`${t('assignee')} (${t('optional')})`} empty={t('choose')} options={assigneeOptions} />
        </Step>
      ) : null}
      {may.has('decline') ? (
        <Step action="decline" danger>
          <SelectField form={formOf('decline')} name="reasonCode" label={t('reasonCode')} empty={t('choose')} options={labelOptions(lang, 'reasonCode', DECLINE_REASON_CODES)} required />
          <TextField form={formOf('decline')} name="reason" label={t('reason')} hint={t('reasonTextHint')} multiline />
        </Step>
      ) : null}
      {may.has('assign') ? (
        <Step action="assign">
          <SelectField form={formOf('assign', emptyForm(assignFormFor(referral)))} name="assigneeId" label={t('assignee')} empty={t('choose')} options={assigneeOptions} />
        </Step>
      ) : null}
      {may.has('start') ? <Step action="start" /> : null}
      {may.has('complete') ? (
        <Step action="complete">
          <SelectField form={formOf('complete')} name="outcomeCode" label={t('outcomeCode')} empty={t('choose')} options={labelOptions(lang, 'outcomeCode', OUTCOME_CODES)} required />
          <TextField form={formOf('complete')} name="outcome" label={t('outcome')} hint={t('outcomeTextHint')} multiline />
        </Step>
      ) : null}
      {may.has('withdraw') ? (
        <Step action="withdraw" danger>
          <TextField form={formOf('withdraw')} name="reason" label={t('reason')} multiline required />
        </Step>
      ) : null}
      {mayReferOn ? (
        <PostForm action={`/console/referrals/${referral.id}/onward`} csrf={c.get('csrf')} class="card stack" novalidate>
          <h2>{t('referOnward')}</h2>
          <p class="muted">{t('referOnwardIntro')}</p>
          <SelectField form={onwardForm} name="to" label={t('recipient')} empty={t('choose')} options={thirdAgencies} required />
          <SelectField form={onwardForm} name="service" label={t('service')} empty={t('choose')} options={labelOptions(lang, 'service', SERVICE_CODES)} required />
          <SelectField form={onwardForm} name="purpose" label={t('purpose')} empty={t('choose')} options={labelOptions(lang, 'purpose', PURPOSES)} required />
          <SelectField form={onwardForm} name="urgency" label={t('urgency')} options={labelOptions(lang, 'urgency', URGENCIES)} />
          <ChoiceGroup form={onwardForm} name="categories" legend={t('categories')} multiple options={labelOptions(lang, 'category', referral.sharedCategories)} />
          <TextField form={onwardForm} name="note" label={t('note')} multiline />
          <Checkbox form={onwardForm} name="newConsent" label={t('newOnwardConsent')} />
          <fieldset>
            <legend>{t('newOnwardConsentHint')}</legend>
            <ChoiceGroup form={onwardForm} name="consent.grantedBy" legend={t('grantedByChoice')} options={labelOptions(lang, 'grantedBy', ['subject', 'guardian', 'best_interests_determination'])} />
            <TextField form={onwardForm} when="consent.grantedBy=guardian" name="consent.guardian.name" label={t('guardianName')} />
            <TextField form={onwardForm} when="consent.grantedBy=guardian" name="consent.guardian.relationship" label={t('guardianRelationship')} />
            <ChoiceGroup form={onwardForm} name="consent.childAssent" legend={t('childAssent')} options={labelOptions(lang, 'childAssent', ['given', 'refused', 'not_capable'])} />
            <SelectField form={onwardForm} name="consent.method" label={t('methodShort')} options={labelOptions(lang, 'method', ['written', 'verbal_with_witness', 'thumbprint', 'electronic'])} />
            <TextField form={onwardForm} when="consent.method=verbal_with_witness" name="consent.witness.name" label={t('witnessName')} />
            <TextField form={onwardForm} when="consent.method=verbal_with_witness" name="consent.witness.role" label={t('witnessRole')} />
            <TextField form={onwardForm} name="consent.language" label={t('consentLanguage')} />
            <Checkbox form={onwardForm} name="consent.interpreterUsed" label={t('interpreterUsed')} />
            <TextField form={onwardForm} name="consent.validUntil" label={t('validUntil')} type="date" />
          </fieldset>
          <button type="submit">{t('referOnward')}</button>
        </PostForm>
      ) : null}
      {referral.parentReferralId || (referral.onwardReferrals?.length ?? 0) > 0 ? (
        <section class="card" aria-labelledby="chain" id="referral-chain">
          <h2 id="chain">{t('referralChain')}</h2>
          {referral.parentReferralId ? (
            <p>
              {t('referredOnFrom')}: <a href={`/console/referrals/${referral.parentReferralId}`}>{referral.parentReferralId.slice(0, 8)}</a>
            </p>
          ) : null}
          {(referral.onwardReferrals?.length ?? 0) > 0 ? (
            <>
              <h3>{t('referredOnTo')}</h3>
              <ul>
                {referral.onwardReferrals!.map((o) => (
                  <li>
                    {referral.to === principal.agencySlug ? <a href={`/console/referrals/${o.id}`}>{o.id.slice(0, 8)}</a> : o.id.slice(0, 8)} · {o.to ? agencyName(o.to) : t('agencyNotNamed')} ·{' '}
                    {label(lang, 'referralStatus', o.status)} · {dateTime(o.sentAt, lang)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {notYours.length > 0 ? (
        <section aria-labelledby="not-yours" id="refused-steps">
          <h2 id="not-yours">{t('notYourSteps')}</h2>
          <ul>
            {notYours.map((r) => (
              <li>
                {t(STEP_TEXT[r.action])}: <RuleWords rule={r.rule} lang={lang} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {conversation ? (
        <ConversationPanel referral={referral} conversation={conversation} form={message} ownAgency={principal.agencySlug ?? ''} agencyName={agencyName} csrf={c.get('csrf')} t={t} lang={lang} />
      ) : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('timeline')}</h2>
        <ol class="timeline">
          {referral.transitions.map((step) => (
            <li>
              <strong>{label(lang, 'referralStep', step.step)}</strong> · {agencyName(step.actorAgency)} · {dateTime(step.at, lang)}
              {step.reason ? <span class="muted"> — {step.reason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
      {isOpenReferral(referral.status) && referral.view === 'sender' && referral.subjectId ? (
        <p>
          <a href={`/console/subjects/${referral.subjectId}`}>{t('subject')}</a>
        </p>
      ) : null}
    </>,
    status,
  );
}
