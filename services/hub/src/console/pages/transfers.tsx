/** @jsxImportSource hono/jsx */
import { AcceptTransfer, DATA_CATEGORIES, DeclineTransfer, PonteError, PURPOSES, RequestTransfer, type Language, type Transfer } from '@ponte/contracts';
import { acceptTransfer, cancelTransfer, declineTransfer, getTransfer, listAssignableCaseworkers, listSubjectConsents, listTransfers, requestTransfer } from '@ponte/core';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { label, labelOptions, type T } from '../i18n';
import { agenciesOf, agencyNamer, agencyOptions, listFieldName, principalOf, readForm, recordId, refused, render, submitForm, text, verbContext, zodMessages, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { ChoiceGroup, DataTable, dateTime, emptyForm, FormErrors, Notice, PostForm, SelectField, StepForm, TextField, type FormState } from '../ui';
import { transferFormToInput, transferStepFormToInput } from '../forms/transfer-form';

/*
 * Transfers of responsibility (issue 21, item 4) in the console: the "transfer the case" form on a
 * subject, the transfers to and from the agency, and a transfer's page where the receiving
 * agency's focal point accepts (choosing the caseworker who takes the new record) or declines, and
 * the sender cancels. The policy decides every step; a refusal shows on the page, in its language.
 */

type Step = 'accept' | 'decline' | 'cancel';
const STEP_TEXT = { accept: 'acceptTransfer', decline: 'declineTransfer', cancel: 'cancelTransfer' } as const;
const ExpectedVersion = z.coerce.number().int().min(0).max(2_147_483_647);

export function registerTransferPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/subjects/:id/transfer', (c) => transferForm(c, recordId(c), emptyForm({ categories: [] })));
  router.post('/subjects/:id/transfer', (c) => {
    const subjectId = recordId(c);
    return submitForm(c, {
      schema: RequestTransfer,
      input: transferFormToInput,
      fieldName: listFieldName,
      page: (form, status) => transferForm(c, subjectId, form, status),
      run: async (input) => {
        const transfer = await requestTransfer({ ctx: verbContext(c), input: { subjectId, transfer: input } });
        return c.redirect(`/console/transfers/${transfer.id}?done=asked`, 303);
      },
    });
  });

  router.get('/transfers', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const [incoming, outgoing] = await Promise.all(['inbox', 'outbox'].map((box) => listTransfers({ ctx, input: { box: box as 'inbox' | 'outbox', limit: 50 } })));
    const agencyName = await agencyNamer(c);
    return render(
      c,
      t('transfers'),
      <>
        <h2>{t('transfersIncoming')}</h2>
        {incoming!.items.length === 0 ? <p>{t('noTransfers')}</p> : <TransferTable id="transfers-in" caption={t('transfersIncoming')} transfers={incoming!.items} other="from" t={t} lang={lang} agencyName={agencyName} />}
        <h2>{t('transfersOutgoing')}</h2>
        {outgoing!.items.length === 0 ? <p>{t('noTransfers')}</p> : <TransferTable id="transfers-out" caption={t('transfersOutgoing')} transfers={outgoing!.items} other="to" t={t} lang={lang} agencyName={agencyName} />}
      </>,
    );
  });

  router.get('/transfers/:id', async (c) => transferPage(c, await getTransfer({ ctx: verbContext(c), input: { id: recordId(c) } })));

  const step = <S extends z.ZodType>(action: Step, schema: S, input: (values: Record<string, string | string[]>) => unknown, run: (ctx: ReturnType<typeof verbContext>, id: string, data: z.infer<S>, expectedVersion: number) => Promise<unknown>) =>
    async (c: ConsoleContext) => {
      const id = recordId(c);
      const values = await readForm(c);
      const lang = c.get('lang');
      const ctx = verbContext(c);
      const again = async (errors: Record<string, string>, status: 409 | 422) => transferPage(c, await getTransfer({ ctx, input: { id } }), { action, form: refused(emptyForm(values), errors) }, status);
      const version = ExpectedVersion.safeParse(text(values, 'version'));
      if (!version.success) return again({ _form: c.get('t')('staleForm') }, 409);
      const parsed = schema.safeParse(input(values));
      if (!parsed.success) return again(zodMessages(parsed.error, lang), 422);
      try {
        await run(ctx, id, parsed.data, version.data);
      } catch (error) {
        if (!(error instanceof PonteError) || error.code === 'not_found') throw error;
        if (error.code === 'precondition_failed') return again({ _form: c.get('t')('staleForm') }, 409);
        const fields = Object.fromEntries((error.errors ?? []).map((e) => [e.field, e.message[lang]]));
        return again({ _form: error.detail?.[lang] ?? error.message, ...fields }, error.code === 'conflict' ? 409 : 422);
      }
      return c.redirect(`/console/transfers/${id}?done=${action}`, 303);
    };
  router.post('/transfers/:id/accept', step('accept', AcceptTransfer, transferStepFormToInput.accept, (ctx, id, data, expectedVersion) => acceptTransfer({ ctx, input: { id, expectedVersion, ...data } })));
  router.post('/transfers/:id/decline', step('decline', DeclineTransfer, transferStepFormToInput.decline, (ctx, id, data, expectedVersion) => declineTransfer({ ctx, input: { id, expectedVersion, ...data } })));
  router.post('/transfers/:id/cancel', step('cancel', z.strictObject({}), transferStepFormToInput.cancel, (ctx, id, _data, expectedVersion) => cancelTransfer({ ctx, input: { id, expectedVersion } })));
}

async function transferForm(c: ConsoleContext, subjectId: string, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const own = principalOf(c).agencySlug;
  const consents = (await listSubjectConsents({ ctx, input: { subjectId } })).items.filter((x) => x.status === 'active');
  const agencyName = await agencyNamer(c);
  const agencies = (await agenciesOf(c)).filter((a) => a.slug !== own);
  return render(
    c,
    t('transferCase'),
    <>
      <p>{t('transferIntro')}</p>
      <FormErrors form={form} t={t} labels={{ to: t('recipient'), consentId: t('consent'), purpose: t('purpose'), categories: t('categories'), reason: t('reason') }} />
      <PostForm action={`/console/subjects/${subjectId}/transfer`} csrf={c.get('csrf')} class="card stack" novalidate>
        <SelectField form={form} name="to" label={t('recipient')} empty={t('choose')} options={agencyOptions(agencies, lang)} required />
        <SelectField
          form={form}
          name="consentId"
          label={t('consent')}
          empty={t('choose')}
          required
          options={consents.map((x): [string, string] => [x.id, `${label(lang, 'grantedBy', x.grantedBy)}: ${x.purposes.map((p) => label(lang, 'purpose', p)).join(', ')} → ${x.recipients.map(agencyName).join(', ')} (${dateTime(x.validUntil, lang)})`])}
        />
        <SelectField form={form} name="purpose" label={t('purpose')} empty={t('choose')} options={labelOptions(lang, 'purpose', PURPOSES)} required />
        <ChoiceGroup form={form} name="categories" legend={t('categories')} multiple options={labelOptions(lang, 'category', DATA_CATEGORIES)} />
        <TextField form={form} name="reason" label={t('reason')} hint={t('transferReasonHint')} multiline required />
        <button type="submit">{t('askTransfer')}</button>
      </PostForm>
    </>,
    status,
  );
}

async function transferPage(c: ConsoleContext, transfer: Transfer, refusal?: { action: Step; form: FormState }, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const mine = principalOf(c).agencySlug;
  const agencyName = await agencyNamer(c);
  const done = c.req.query('done');
  const receiving = transfer.toAgency === mine;
  const pending = transfer.status === 'pending';
  // The caseworkers the new record may go to, for whoever may assign them (the policy decides the rest).
  const caseworkers = receiving && pending ? await listAssignableCaseworkers({ ctx: verbContext(c) }).catch((e) => (e instanceof PonteError && e.code === 'forbidden' ? [] : Promise.reject(e))) : [];
  const formOf = (action: Step) => (refusal?.action === action ? refusal.form : emptyForm());
  const TransferStep = ({ action, danger, children }: { action: Step; danger?: boolean; children?: Child }) => (
    <StepForm action={`/console/transfers/${transfer.id}/${action}`} csrf={c.get('csrf')} version={transfer.version} title={t(STEP_TEXT[action])} danger={danger}>
      {children}
    </StepForm>
  );
  return render(
    c,
    `${t('transfer')} ${transfer.id.slice(0, 8)}`,
    <>
      {done === 'asked' ? <Notice kind="good">{t('transferAsked')}</Notice> : null}
      {done && done !== 'asked' ? <Notice kind="good">{label(lang, 'transferStatus', transfer.status)}</Notice> : null}
      {refusal ? <FormErrors form={refusal.form} t={t} labels={{ assigneeId: t('assignee'), reason: t('reason') }} /> : null}
      <div class="card">
        <dl class="facts">
          <dt>{t('from')}</dt>
          <dd>{agencyName(transfer.fromAgency)}</dd>
          <dt>{t('to')}</dt>
          <dd>{agencyName(transfer.toAgency)}</dd>
          <dt>{t('status')}</dt>
          <dd>{label(lang, 'transferStatus', transfer.status)}</dd>
          <dt>{t('purpose')}</dt>
          <dd>{label(lang, 'purpose', transfer.purpose)}</dd>
          <dt>{t('categories')}</dt>
          <dd>{transfer.categories.map((x) => label(lang, 'category', x)).join(', ')}</dd>
          <dt>{t('reason')}</dt>
          <dd>{transfer.reason}</dd>
          <dt>{t('requestedAt')}</dt>
          <dd>{dateTime(transfer.requestedAt, lang)}</dd>
          {transfer.declineReason ? (
            <>
              <dt>{t('declineReason')}</dt>
              <dd>{transfer.declineReason}</dd>
            </>
          ) : null}
          {transfer.readOnlyFrom ? (
            <>
              <dt>{t('readOnlyFrom')}</dt>
              <dd>{dateTime(transfer.readOnlyFrom, lang)}</dd>
            </>
          ) : null}
          {transfer.subjectId ? (
            <>
              <dt>{t('subject')}</dt>
              <dd>
                <a href={`/console/subjects/${transfer.subjectId}`}>{transfer.subjectId.slice(0, 8)}</a>
              </dd>
            </>
          ) : null}
          {transfer.receivedSubjectId ? (
            <>
              <dt>{t('receivedRecord')}</dt>
              <dd>
                <a href={`/console/subjects/${transfer.receivedSubjectId}`}>{transfer.receivedSubjectId.slice(0, 8)}</a>
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      {pending && receiving ? (
        <div class="actions-grid">
          <TransferStep action="accept">
            <SelectField form={formOf('accept')} name="assigneeId" label={t('assignee')} empty={t('choose')} options={caseworkers.map((u): [string, string] => [u.id, u.team ? `${u.displayName} (${u.team})` : u.displayName])} />
          </TransferStep>
          <TransferStep action="decline" danger>
            <TextField form={formOf('decline')} name="reason" label={t('reason')} hint={t('transferReasonHint')} multiline required />
          </TransferStep>
        </div>
      ) : null}
      {pending && transfer.fromAgency === mine ? <TransferStep action="cancel" danger /> : null}
    </>,
    status,
  );
}

function TransferTable({ id, caption, transfers, other, t, lang, agencyName }: { id: string; caption: string; transfers: Transfer[]; other: 'from' | 'to'; t: T; lang: Language; agencyName: (slug: string) => string }) {
  return (
    <DataTable id={id} caption={caption} columns={[t('transfer'), t(other), t('purpose'), t('status'), t('requestedAt')]}>
      {transfers.map((x) => (
        <tr>
          <td>
            <a href={`/console/transfers/${x.id}`}>{x.id.slice(0, 8)}</a>
          </td>
          <td>{agencyName(other === 'from' ? x.fromAgency : x.toAgency)}</td>
          <td>{label(lang, 'purpose', x.purpose)}</td>
          <td>{label(lang, 'transferStatus', x.status)}</td>
          <td>{dateTime(x.requestedAt, lang)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
