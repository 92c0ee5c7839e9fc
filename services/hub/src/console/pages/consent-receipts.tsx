/** @jsxImportSource hono/jsx */
import { CONSENT_METHODS, PonteError, WithdrawFromReceipt, type ReceiptVerification, type ReceiptWithdrawal } from '@ponte/contracts';
import type { z } from 'zod';
import { verifyReceipt, withdrawConsentFromReceipt } from '@ponte/core';
import { label } from '../i18n';
import { agencyNamer, readForm, refused, render, verbContext, zodMessages, type ConsoleContext, type ConsoleRouter } from '../kit';
import { ruleText } from '../rules';
import { ChoiceGroup, dateTime, emptyForm, FormErrors, Notice, PostForm, SelectField, TextField, type FormState } from '../ui';

/** What `verifyReceipt` tells of a receipt: the consent it proves and whether it counts now, no personal data. */
type Verification = z.infer<typeof ReceiptVerification>;

const formToInput = (values: Record<string, string | string[]>) => {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : undefined);
  return { receipt: text('receipt'), requestedBy: text('requestedBy'), method: text('method'), reason: text('reason') };
};

/**
 * Recording the person's withdrawal of a consent from the printed receipt's QR code, at an agency
 * holding a referral under it (or at the owner): the caseworker pastes or scans what the QR code
 * holds, checks which consent it is (its id, version and status: nothing personal), and records the
 * withdrawal the person asks for. The verbs decide who may; this page only asks them.
 */
export function registerConsentReceiptPages(router: ConsoleRouter) {
  router.get('/consent-receipts/withdrawal', (c) => receiptWithdrawalPage(c, emptyForm({ requestedBy: 'subject', method: 'verbal_with_witness' })));

  // Check: which consent the receipt proves and whether it still counts (logged as a verification).
  router.post('/consent-receipts/withdrawal/check', async (c) => {
    const values = await readForm(c);
    const receipt = formToInput(values).receipt;
    if (!receipt || receipt.length < 10) return receiptWithdrawalPage(c, refused(emptyForm(values), { receipt: c.get('t')('receiptMissing') }), undefined, 422);
    const verification = await verifyReceipt({ ctx: verbContext(c), input: { receipt: receipt.slice(0, 20_000) } });
    return receiptWithdrawalPage(c, emptyForm(values), verification);
  });

  router.post('/consent-receipts/withdrawal', async (c) => {
    const values = await readForm(c);
    const lang = c.get('lang');
    const form = emptyForm(values);
    const parsed = WithdrawFromReceipt.safeParse(formToInput(values));
    if (!parsed.success) return receiptWithdrawalPage(c, refused(form, zodMessages(parsed.error, lang)), undefined, 422);
    try {
      const done = await withdrawConsentFromReceipt({ ctx: verbContext(c), input: parsed.data });
      return withdrawnPage(c, done);
    } catch (error) {
      if (!(error instanceof PonteError)) throw error;
      const rule = typeof error.extensions?.rule === 'string' ? error.extensions.rule : undefined;
      const fields = Object.fromEntries((error.errors ?? []).map((e) => [e.field, e.message[lang]]));
      const status = error.code === 'forbidden' ? 403 : error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 422;
      return receiptWithdrawalPage(c, refused(form, { ...fields, _form: rule ? ruleText(lang, rule) : (error.detail?.[lang] ?? error.message) }), undefined, status);
    }
  });
}

async function receiptWithdrawalPage(c: ConsoleContext, form: FormState, verification?: Verification, status: 200 | 403 | 404 | 409 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    t('withdrawFromReceipt'),
    <>
      <p>{t('withdrawFromReceiptIntro')}</p>
      <FormErrors form={form} t={t} labels={{ receipt: t('receiptContent'), requestedBy: t('requestedBy'), method: t('method'), reason: t('reason') }} />
      {verification ? (
        <section class="card" aria-labelledby="receipt-check" id="receipt-check">
          <h2 id="receipt-check-title">{t('receiptCheck')}</h2>
          {verification.valid ? (
            <dl class="facts">
              <dt>{t('consentRecord')}</dt>
              <dd>
                <code>{verification.consentId}</code> · {t('version')} {verification.version}
              </dd>
              <dt>{t('status')}</dt>
              <dd id="receipt-status">{verification.currentStatus ? label(lang, 'consentStatus', verification.currentStatus) : '—'}</dd>
            </dl>
          ) : (
            <Notice kind="bad">{ruleText(lang, `receipt.${verification.reason ?? 'malformed'}`)}</Notice>
          )}
          {verification.valid && !verification.active ? <p class="muted">{t('receiptNotActive')}</p> : null}
        </section>
      ) : null}
      <PostForm action="/console/consent-receipts/withdrawal" csrf={c.get('csrf')} class="stack card" novalidate>
        <TextField form={form} name="receipt" label={t('receiptContent')} hint={t('receiptContentHint')} multiline required />
        <button type="submit" class="secondary" formaction="/console/consent-receipts/withdrawal/check">
          {t('checkReceipt')}
        </button>
        <ChoiceGroup form={form} name="requestedBy" legend={t('requestedBy')} options={['subject', 'guardian', 'caseworker'].map((v) => [v, label(lang, 'requestedBy', v)])} />
        <SelectField form={form} name="method" label={t('method')} options={CONSENT_METHODS.map((v) => [v, label(lang, 'method', v)])} />
        <TextField form={form} name="reason" label={t('reason')} multiline required />
        <p class="hint">{t('withdrawFromReceiptExplain')}</p>
        <button type="submit" class="danger">
          {t('recordWithdrawal')}
        </button>
      </PostForm>
    </>,
    status,
  );
}

async function withdrawnPage(c: ConsoleContext, done: ReceiptWithdrawal) {
  const t = c.get('t');
  const lang = c.get('lang');
  const agencyName = await agencyNamer(c);
  return render(
    c,
    t('withdrawFromReceipt'),
    <>
      <Notice kind="good">{t('withdrawalRecorded')}</Notice>
      <div class="card">
        <dl class="facts">
          <dt>{t('consentRecord')}</dt>
          <dd>
            <code>{done.consentId}</code>
          </dd>
          <dt>{t('status')}</dt>
          <dd id="withdrawal-status">{label(lang, 'consentStatus', done.status)}</dd>
          <dt>{t('owningAgency')}</dt>
          <dd>{agencyName(done.owningAgency)}</dd>
          <dt>{t('withdrawalRecordedBy')}</dt>
          <dd>{agencyName(done.recordedByAgency)}</dd>
          <dt>{t('withdrawn')}</dt>
          <dd>{dateTime(done.withdrawnAt, lang)}</dd>
        </dl>
        <p>{t('withdrawalWhatNext')}</p>
      </div>
      {done.referralIds.length > 0 ? (
        <ul class="actions">
          {done.referralIds.map((id) => (
            <li>
              <a href={`/console/referrals/${id}`}>
                {t('referral')} {id.slice(0, 8)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </>,
  );
}
