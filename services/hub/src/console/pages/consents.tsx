/** @jsxImportSource hono/jsx */
import { CONSENT_METHODS, DATA_CATEGORIES, LEGAL_BASES, PURPOSES, RecordConsent, WithdrawConsent, type Consent, type Language } from '@ponte/contracts';
import { getConsent, listAgencies, recordConsent, signReceiptReference, withdrawConsent } from '@ponte/core';
import { raw } from 'hono/html';
import QRCode from 'qrcode';
import { label, labelOptions, languageName, type T } from '../i18n';
import { consentFormField, consentFormToInput, newConsentForm, newWithdrawalForm, withdrawalFormToInput } from '../forms/consent-form';
import { agencyNamer, agencyOptions, formRefusal, readForm, recordId, refused, render, submitForm, verbContext, zodMessages, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { Checkbox, ChoiceGroup, DataTable, dateTime, emptyForm, FormErrors, Notice, PostForm, SelectField, TextField, type FormState } from '../ui';

export function registerConsentPages(router: ConsoleRouter, { sessions }: ConsoleDeps) {
  router.get('/subjects/:id/consents/new', async (c) => {
    recordId(c);
    return consentForm(c, emptyForm(newConsentForm(c.get('lang'))));
  });
  router.post('/subjects/:id/consents/new', async (c) => {
    const subjectId = recordId(c);
    const values = await readForm(c);
    const form = emptyForm(values);
    const lang = c.get('lang');
    const parsed = RecordConsent.safeParse(consentFormToInput(values));
    if (!parsed.success) return consentForm(c, refused(form, zodMessages(parsed.error, lang, consentFormField)), 422);
    try {
      const { consent, receipt } = await recordConsent({ ctx: verbContext(c), input: { subjectId, consent: parsed.data } });
      await sessions.keepReceipt(c.get('session')!, consent.id, receipt);
      return c.redirect(`/console/consents/${consent.id}/receipt`, 303);
    } catch (error) {
      return consentForm(c, refused(form, formRefusal(error, lang, consentFormField)), 422);
    }
  });

  router.get('/consents/:id/receipt', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const id = recordId(c);
    const consent = await getConsent({ ctx: verbContext(c), input: { consentId: id } });
    const receipt = c.get('session')!.receipts[id];
    // The QR code holds a small signed reference to the receipt, so it fits whatever the consent holds.
    const reference = receipt ? await signReceiptReference(verbContext(c), receipt).catch(() => undefined) : undefined;
    const qr = reference ? await QRCode.toString(reference, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).catch(() => undefined) : undefined;
    return render(
      c,
      t('receipt'),
      <>
        <p>{t('receiptIntro')}</p>
        <div class="card">
          <ConsentFacts consent={consent} t={t} lang={lang} agencyName={await agencyNamer(c)} />
        </div>
        {receipt ? (
          <div class="card">
            {qr ? (
              <figure class="qr" role="img" aria-label={t('receiptQr')}>
                {raw(qr)}
                <figcaption>{t('receiptQr')}</figcaption>
              </figure>
            ) : (
              <Notice kind="bad">{t('receiptQrFailed')}</Notice>
            )}
            {reference ? (
              <>
                <p class="muted">{t('receiptQrText')}</p>
                <details open={qr ? undefined : true}>
                  <summary>{t('receiptReference')}</summary>
                  <p class="jws" id="receipt-reference">
                    {reference}
                  </p>
                </details>
              </>
            ) : null}
            <details>
              <summary>{t('signedReceipt')}</summary>
              <p class="jws" id="signed-receipt">
                {receipt}
              </p>
            </details>
          </div>
        ) : null}
        <p class="actions no-print">
          <button type="button" data-print hidden>
            {t('print')}
          </button>
          <a class="button secondary" href={`/console/subjects/${consent.subjectId}`}>
            {t('back')}
          </a>
        </p>
      </>,
    );
  });

  router.get('/consents/:id/withdraw', async (c) => {
    const id = recordId(c);
    const consent = await getConsent({ ctx: verbContext(c), input: { consentId: id } });
    return withdrawForm(c, consent, emptyForm(newWithdrawalForm()));
  });
  router.post('/consents/:id/withdraw', (c) => {
    const id = recordId(c);
    const ctx = verbContext(c);
    return submitForm(c, {
      schema: WithdrawConsent,
      input: withdrawalFormToInput,
      page: async (form, status) => withdrawForm(c, await getConsent({ ctx, input: { consentId: id } }), form, status),
      run: async (withdrawal) => {
        const { consent } = await withdrawConsent({ ctx, input: { consentId: id, withdrawal } });
        return c.redirect(`/console/subjects/${consent.subjectId}?done=withdrawn`, 303);
      },
    });
  });}

async function consentForm(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const subjectId = c.req.param('id')!;
  const agencies = await listAgencies({ ctx: verbContext(c), input: { limit: 200 } });
  const own = c.get('principal').agencySlug;
  return render(
    c,
    t('recordConsent'),
    <>
      <p>{t('consentIntro')}</p>
      <FormErrors
        form={form}
        t={t}
        labels={{
          grantedBy: t('grantedByChoice'),
          'guardian.name': t('guardianName'),
          'guardian.relationship': t('guardianRelationship'),
          guardianReason: t('guardianReason'),
          'bestInterestsDetermination.reference': t('bidReference'),
          'bestInterestsDetermination.decidedOn': t('bidDecidedOn'),
          childAssent: t('childAssent'),
          method: t('methodShort'),
          'witness.name': t('witnessName'),
          'witness.role': t('witnessRole'),
          language: t('consentLanguage'),
          purposes: t('purposes'),
          recipients: t('recipients'),
          categories: t('categories'),
          legalBasis: t('legalBasis'),
          validFrom: t('validFrom'),
          validUntil: t('validUntil'),
        }}
      />
      <PostForm action={`/console/subjects/${subjectId}/consents/new`} csrf={c.get('csrf')} class="stack" novalidate>
        <fieldset>
          <legend>{t('grantedBy')}</legend>
          <p class="hint">{t('minorNotice')}</p>
          <ChoiceGroup form={form} name="grantedBy" legend={t('grantedByChoice')} options={labelOptions(lang, 'grantedBy', ['subject', 'guardian', 'best_interests_determination'])} />
          <TextField form={form} when="grantedBy=guardian" name="guardian.name" label={t('guardianName')} />
          <TextField form={form} when="grantedBy=guardian" name="guardian.relationship" label={t('guardianRelationship')} />
          <TextField form={form} when="grantedBy=guardian" name="guardianReason" label={t('guardianReason')} multiline />
          <TextField form={form} when="grantedBy=best_interests_determination" name="bestInterestsDetermination.reference" label={t('bidReference')} />
          <TextField form={form} when="grantedBy=best_interests_determination" name="bestInterestsDetermination.decidedOn" label={t('bidDecidedOn')} type="date" />
          <ChoiceGroup form={form} name="childAssent" legend={t('childAssent')} options={labelOptions(lang, 'childAssent', ['given', 'refused', 'not_capable'])} />
        </fieldset>
        <fieldset>
          <legend>{t('method')}</legend>
          <SelectField form={form} name="method" label={t('methodShort')} options={labelOptions(lang, 'method', CONSENT_METHODS)} />
          <TextField form={form} when="method=verbal_with_witness" name="witness.name" label={t('witnessName')} />
          <TextField form={form} when="method=verbal_with_witness" name="witness.role" label={t('witnessRole')} />
          <TextField form={form} name="language" label={t('consentLanguage')} required />
          <Checkbox form={form} name="interpreterUsed" label={t('interpreterUsed')} />
        </fieldset>
        <ChoiceGroup form={form} name="purposes" legend={t('purposes')} multiple options={labelOptions(lang, 'purpose', PURPOSES)} />
        <ChoiceGroup
          form={form}
          name="recipients"
          legend={t('recipients')}
          multiple
          options={agencyOptions(agencies.items.filter((a) => a.slug !== own), lang)}
        />
        <ChoiceGroup form={form} name="categories" legend={t('categories')} multiple options={labelOptions(lang, 'category', DATA_CATEGORIES)} />
        <fieldset>
          <legend>{t('basisAndValidity')}</legend>
          <SelectField form={form} name="legalBasis" label={t('legalBasis')} options={labelOptions(lang, 'legalBasis', LEGAL_BASES)} />
          <TextField form={form} name="validFrom" label={t('validFrom')} type="date" />
          <TextField form={form} name="validUntil" label={t('validUntil')} type="date" required />
        </fieldset>
        <button type="submit">{t('recordConsent')}</button>
      </PostForm>
    </>,
    status,
  );
}

async function withdrawForm(c: ConsoleContext, consent: Consent, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    t('withdrawConsent'),
    <>
      <p>{t('withdrawIntro')}</p>
      <div class="card">
        <ConsentFacts consent={consent} t={t} lang={lang} agencyName={await agencyNamer(c)} />
      </div>
      <FormErrors form={form} t={t} labels={{ requestedBy: t('requestedBy'), method: t('method'), reason: t('reason') }} />
      <PostForm action={`/console/consents/${consent.id}/withdraw`} csrf={c.get('csrf')} class="stack card" novalidate>
        <ChoiceGroup form={form} name="requestedBy" legend={t('requestedBy')} options={['subject', 'guardian', 'caseworker'].map((v) => [v, label(lang, 'requestedBy', v)])} />
        <SelectField form={form} name="method" label={t('method')} options={CONSENT_METHODS.map((v) => [v, label(lang, 'method', v)])} />
        <TextField form={form} name="reason" label={t('reason')} multiline required />
        <button type="submit" class="danger">
          {t('withdrawConsent')}
        </button>
      </PostForm>
    </>,
    status,
  );
}

export function ConsentFacts({ consent, t, lang, agencyName }: { consent: Consent; t: T; lang: Language; agencyName: (slug: string) => string }) {
  return (
    <dl class="facts">
      <dt>{t('reference')}</dt>
      <dd>{consent.subjectReference}</dd>
      <dt>{t('status')}</dt>
      <dd>{label(lang, 'consentStatus', consent.status)}</dd>
      <dt>{t('grantedBy')}</dt>
      <dd>{label(lang, 'grantedBy', consent.grantedBy)}</dd>
      {consent.childAssent ? (
        <>
          <dt>{t('childAssent')}</dt>
          <dd>{label(lang, 'childAssent', consent.childAssent)}</dd>
        </>
      ) : null}
      <dt>{t('method')}</dt>
      <dd>{label(lang, 'method', consent.method)}</dd>
      <dt>{t('language')}</dt>
      <dd>
        {languageName(lang, consent.language)}
        {consent.interpreterUsed ? ` · ${t('interpreterUsed')}` : ''}
      </dd>
      <dt>{t('purposes')}</dt>
      <dd>{consent.purposes.map((p) => label(lang, 'purpose', p)).join(', ')}</dd>
      <dt>{t('recipients')}</dt>
      <dd>{consent.recipients.map(agencyName).join(', ') || t('none')}</dd>
      <dt>{t('categories')}</dt>
      <dd>{consent.categories.map((p) => label(lang, 'category', p)).join(', ')}</dd>
      <dt>{t('legalBasis')}</dt>
      <dd>{label(lang, 'legalBasis', consent.legalBasis)}</dd>
      <dt>{t('validFrom')}</dt>
      <dd>{dateTime(consent.validFrom, lang)}</dd>
      <dt>{t('validUntil')}</dt>
      <dd>{dateTime(consent.validUntil, lang)}</dd>
      <dt>{t('recordedAt')}</dt>
      <dd>{dateTime(consent.recordedAt, lang)}</dd>
      {consent.withdrawal ? (
        <>
          <dt>{t('withdrawn')}</dt>
          <dd>{dateTime(consent.withdrawal.withdrawnAt, lang)}</dd>
          {consent.withdrawal.recordedByAgency ? (
            <>
              <dt>{t('withdrawalRecordedBy')}</dt>
              <dd id="withdrawal-recorded-by">{agencyName(consent.withdrawal.recordedByAgency)}</dd>
            </>
          ) : null}
        </>
      ) : null}
    </dl>
  );
}

export function ConsentTable({ consents, t, lang, agencyName }: { consents: Consent[]; t: T; lang: Language; agencyName: (slug: string) => string }) {
  return (
    <DataTable id="consents" caption={t('consents')} columns={[t('status'), t('purposes'), t('recipients'), t('validUntil'), <><span class="muted">{t('action')}</span></>]}>
      {consents.map((consent) => (
        <tr>
          <td>{label(lang, 'consentStatus', consent.status)}</td>
          <td>{consent.purposes.map((p) => label(lang, 'purpose', p)).join(', ')}</td>
          <td>{consent.recipients.map(agencyName).join(', ')}</td>
          <td>{dateTime(consent.validUntil, lang)}</td>
          <td>
            {consent.status === 'active' ? (
              <a href={`/console/consents/${consent.id}/withdraw`}>{t('withdrawConsent')}</a>
            ) : null}
          </td>
        </tr>
      ))}
    
    </DataTable>
  );
}

