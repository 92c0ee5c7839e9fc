/** @jsxImportSource hono/jsx */
import {
  CONSENT_METHODS,
  DATA_CATEGORIES,
  LEGAL_BASES,
  PROVINCES,
  PURPOSES,
  PonteError,
  RecordConsent,
  BreakGlassRequest,
  RegisterSubject,
  WithdrawConsent,
  type Consent,
  type Language,
} from '@ponte/contracts';
import { getConsent, getSubject, listAgencies, listSubjectConsents, listSubjects, recordConsent, registerSubject, requestBreakGlass, signReceiptReference, withdrawConsent } from '@ponte/core';
import { z } from 'zod';
import { raw } from 'hono/html';
import QRCode from 'qrcode';
import { DataView } from '../data-view';
import { label, labelOptions, languageName, type T } from '../i18n';
import { ruleText } from '../rules';
import {
  agencyNamer,
  agencyOptions,
  checked,
  submitForm,
  formRefusal,
  list,
  readForm,
  refused,
  render,
  text,
  timestamp,
  verbContext,
  recordId,
  zodMessages,
  type ConsoleContext,
  type ConsoleDeps,
  type ConsoleRouter,
} from '../kit';
import { Checkbox, ChoiceGroup, DataTable, dateTime, emptyForm, FormErrors, Notice, PostForm, RuleWords, SelectField, TextField, type FormState } from '../ui';

/** What the break-glass form asks: the subject's reference and why. */
const BreakGlassByReference = z.strictObject({ reference: z.string().regex(/^[A-Z0-9-]{6,40}$/), justification: BreakGlassRequest.shape.justification });

async function breakGlassPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  return render(
    c,
    t('breakGlass'),
    <>
      <p>{t('breakGlassIntro')}</p>
      <FormErrors form={form} t={t} labels={{ reference: t('reference'), justification: t('justification') }} />
      <PostForm action="/console/break-glass" csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="reference" label={t('reference')} required />
        <TextField form={form} name="justification" label={t('justification')} multiline required />
        <button type="submit" class="danger">
          {t('breakGlass')}
        </button>
      </PostForm>
    </>,
    status,
  );
}

/** The person's name when the reader may see their identity. */
const nameOf = (data: Record<string, unknown>) => {
  const identity = data.identity as { givenName: string; familyName: string } | undefined;
  return identity ? `${identity.givenName} ${identity.familyName}` : undefined;
};

/** Error paths with list indexes (`identity.languages.0`) belong to the form field of the list. */
const formField = (field: string) => field.replace(/\.\d+(?=\.|$)/g, '');

/** A missing group (a guardian, a witness, a determination) is reported at its first field. */
const GROUP_FIELDS: Record<string, string> = { guardian: 'guardian.name', witness: 'witness.name', bestInterestsDetermination: 'bestInterestsDetermination.reference' };
const consentField = (field: string) => GROUP_FIELDS[formField(field)] ?? formField(field);

export function registerSubjectPages(router: ConsoleRouter, { sessions }: ConsoleDeps) {
  router.get('/subjects', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const cursor = c.req.query('cursor');
    const page = await listSubjects({ ctx: verbContext(c), input: { limit: 50, cursor: cursor && cursor.length <= 200 ? cursor : undefined } });
    return render(
      c,
      t('mySubjects'),
      <>
        <p class="muted">{t('mySubjectsIntro')}</p>
        <p>
          <a class="button" href="/console/subjects/new">
            {t('registerSubject')}
          </a>
        </p>
        {page.items.length === 0 ? (
          <p>{t('noSubjects')}</p>
        ) : (
          <DataTable id="subjects" caption={t('mySubjects')} columns={[t('reference'), t('givenName'), t('registeredOn')]}>
            {page.items.map((s) => (
              <tr>
                <td>
                  <a href={`/console/subjects/${s.id}`}>{s.reference}</a>
                </td>
                <td>{nameOf(s.data) ?? <span class="muted">{t('withheld')}</span>}</td>
                <td>{dateTime(s.createdAt, lang)}</td>
              </tr>
            ))}
          
          </DataTable>
        )}
        {page.nextCursor ? (
          <p>
            <a href={`/console/subjects?cursor=${encodeURIComponent(page.nextCursor)}`}>{t('nextPage')}</a>
          </p>
        ) : null}
      </>,
    );
  });

  // Emergency access outside need-to-know: the subject named by the reference on its case file,
  // with a written justification; granted for a limited time and flagged for review.
  router.get('/break-glass', (c) => breakGlassPage(c, emptyForm()));
  router.post('/break-glass', (c) =>
    submitForm(c, {
      schema: BreakGlassByReference,
      input: (values) => ({ reference: (text(values, 'reference') ?? '').toUpperCase(), justification: text(values, 'justification') ?? '' }),
      run: async (data) => {
        try {
          const grant = await requestBreakGlass({ ctx: verbContext(c), input: data });
          return c.redirect(`/console/subjects/${grant.subjectId}?done=break-glass`, 303);
        } catch (error) {
          if (!(error instanceof PonteError && (error.code === 'not_found' || error.code === 'forbidden'))) throw error;
          const t = c.get('t');
          const rule = typeof error.extensions?.rule === 'string' ? error.extensions.rule : undefined;
          const errors: Record<string, string> = error.code === 'not_found' ? { reference: t('noSuchReference') } : { _form: rule ? ruleText(c.get('lang'), rule) : t('notAllowed') };
          return breakGlassPage(c, refused(emptyForm(data), errors), 422);
        }
      },
      page: (form, status) => breakGlassPage(c, form, status),
    }),
  );

  router.get('/subjects/new', (c) => subjectForm(c, emptyForm({ 'location.current.country': 'MOZ' })));
  router.post('/subjects/new', (c) =>
    submitForm(c, {
      schema: RegisterSubject,
      input: (values) => {
        const age = text(values, 'identity.estimatedAge');
        const protection = checked(values, 'protection.unaccompaniedMinor') || checked(values, 'protection.separatedChild');
        const province = text(values, 'location.current.province');
        return {
          identity: {
            givenName: text(values, 'identity.givenName') ?? '',
            familyName: text(values, 'identity.familyName') ?? '',
            dateOfBirth: text(values, 'identity.dateOfBirth'),
            estimatedAge: age === undefined ? undefined : /^\d+$/.test(age) ? Number(age) : age,
            sex: text(values, 'identity.sex') ?? '',
            nationality: text(values, 'identity.nationality')?.toUpperCase(),
            languages: (text(values, 'identity.languages') ?? '').split(/[\s,]+/).filter(Boolean),
          },
          location: { current: { country: (text(values, 'location.current.country') ?? '').toUpperCase(), ...(province ? { province } : {}) } },
          ...(protection
            ? { protection: { traffickingIndicators: [], vulnerabilities: [], unaccompaniedMinor: checked(values, 'protection.unaccompaniedMinor'), separatedChild: checked(values, 'protection.separatedChild') } }
            : {}),
        };
      },
      fieldName: formField,
      page: (form, status) => subjectForm(c, form, status),
      run: async (input) => {
        const subject = await registerSubject({ ctx: verbContext(c), input });
        return c.redirect(`/console/subjects/${subject.id}`, 303);
      },
    }),
  );

  router.get('/subjects/:id', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const id = recordId(c);
    const ctx = verbContext(c);
    // With nothing readable now (no consent yet, or withdrawn) the page still offers to record one.
    let subject: Awaited<ReturnType<typeof getSubject>> | undefined;
    let refusedRule: string | undefined;
    try {
      subject = await getSubject({ ctx, input: { id } });
    } catch (error) {
      if (!(error instanceof PonteError && error.code === 'forbidden' && typeof error.extensions?.rule === 'string' && error.extensions.rule.startsWith('consent.'))) throw error;
      refusedRule = error.extensions.rule as string;
    }
    // Emergency (break-glass) access reads the person's data only: the consents and the case's
    // steps stay with the people who work on it.
    const consents = await listSubjectConsents({ ctx, input: { subjectId: id } }).catch((error) =>
      error instanceof PonteError && error.code === 'forbidden' && subject ? undefined : Promise.reject(error),
    );
    const done = c.req.query('done');
    const reference = subject?.reference ?? consents?.items[0]?.subjectReference ?? id.slice(0, 8);
    return render(
      c,
      `${t('subject')} ${reference}`,
      <>
        {done === 'withdrawn' ? <Notice kind="good">{t('consentWithdrawn')}</Notice> : null}
        {done === 'break-glass' ? <Notice kind="good">{t('breakGlassGranted')}</Notice> : null}
        {consents ? (
          <div class="actions no-print">
            <a class="button" href={`/console/subjects/${id}/consents/new`}>
              {t('recordConsent')}
            </a>
            <a class="button secondary" href={`/console/referrals/new?subject=${id}`}>
              {t('newReferral')}
            </a>
          </div>
        ) : null}
        <h2>{t('personalData')}</h2>
        {!subject || subject.access.readable.length === 0 ? (
          <p class="muted">
            {t('noDataNow')} {refusedRule ? <>({<RuleWords rule={refusedRule} lang={lang} />})</> : null}
          </p>
        ) : null}
        {subject?.access.readable.map((category) => (
          <section class="card" aria-labelledby={`cat-${category}`}>
            <h3 id={`cat-${category}`}>{label(lang, 'category', category)}</h3>
            <DataView value={(subject.data as Record<string, unknown>)[category]} lang={lang} />
          </section>
        ))}
        {subject ? <WithheldList withheld={subject.access.withheld} t={t} lang={lang} /> : null}
        {consents ? (
          <>
            <h2>{t('consents')}</h2>
            {consents.items.length === 0 ? <p>{t('noConsents')}</p> : <ConsentTable consents={consents.items} t={t} lang={lang} agencyName={await agencyNamer(c)} />}
          </>
        ) : null}
      </>,
    );
  });

  router.get('/subjects/:id/consents/new', async (c) => {
    recordId(c);
    return consentForm(c, emptyForm({ language: c.get('lang'), legalBasis: 'consent', method: 'written' }));
  });
  router.post('/subjects/:id/consents/new', async (c) => {
    const subjectId = recordId(c);
    const values = await readForm(c);
    const form = emptyForm(values);
    const lang = c.get('lang');
    const grantedBy = text(values, 'grantedBy');
    const method = text(values, 'method');
    // Only the fields of the chosen path are sent: what was typed on another path stays on the form.
    const parsed = RecordConsent.safeParse({
      grantedBy: grantedBy ?? '',
      ...(grantedBy === 'guardian' && (text(values, 'guardian.name') || text(values, 'guardian.relationship'))
        ? { guardian: { name: text(values, 'guardian.name') ?? '', relationship: text(values, 'guardian.relationship') ?? '' } }
        : {}),
      ...(grantedBy === 'guardian' && text(values, 'guardianReason') ? { guardianReason: text(values, 'guardianReason') } : {}),
      ...(grantedBy === 'best_interests_determination' && (text(values, 'bestInterestsDetermination.reference') || text(values, 'bestInterestsDetermination.decidedOn'))
        ? { bestInterestsDetermination: { reference: text(values, 'bestInterestsDetermination.reference') ?? '', decidedOn: text(values, 'bestInterestsDetermination.decidedOn') ?? '' } }
        : {}),
      ...(text(values, 'childAssent') ? { childAssent: text(values, 'childAssent') } : {}),
      method: method ?? '',
      ...(method === 'verbal_with_witness' && (text(values, 'witness.name') || text(values, 'witness.role'))
        ? { witness: { name: text(values, 'witness.name') ?? '', role: text(values, 'witness.role') ?? '' } }
        : {}),
      language: text(values, 'language') ?? '',
      interpreterUsed: checked(values, 'interpreterUsed'),
      purposes: list(values, 'purposes'),
      recipients: list(values, 'recipients'),
      categories: list(values, 'categories'),
      legalBasis: text(values, 'legalBasis') ?? '',
      ...(text(values, 'validFrom') ? { validFrom: timestamp(text(values, 'validFrom')) } : {}),
      validUntil: timestamp(text(values, 'validUntil'), 'end') ?? '',
    });
    if (!parsed.success) return consentForm(c, refused(form, zodMessages(parsed.error, lang, consentField)), 422);
    try {
      const { consent, receipt } = await recordConsent({ ctx: verbContext(c), input: { subjectId, consent: parsed.data } });
      await sessions.keepReceipt(c.get('session')!, consent.id, receipt);
      return c.redirect(`/console/consents/${consent.id}/receipt`, 303);
    } catch (error) {
      return consentForm(c, refused(form, formRefusal(error, lang, consentField)), 422);
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
    return withdrawForm(c, consent, emptyForm({ requestedBy: 'subject', method: 'written' }));
  });
  router.post('/consents/:id/withdraw', (c) => {
    const id = recordId(c);
    const ctx = verbContext(c);
    return submitForm(c, {
      schema: WithdrawConsent,
      input: (values) => ({ requestedBy: text(values, 'requestedBy') ?? '', method: text(values, 'method') ?? '', reason: text(values, 'reason') ?? '' }),
      page: async (form, status) => withdrawForm(c, await getConsent({ ctx, input: { consentId: id } }), form, status),
      run: async (withdrawal) => {
        const { consent } = await withdrawConsent({ ctx, input: { consentId: id, withdrawal } });
        return c.redirect(`/console/subjects/${consent.subjectId}?done=withdrawn`, 303);
      },
    });
  });
}

function subjectForm(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    t('registerSubject'),
    <>
      <FormErrors
        form={form}
        t={t}
        labels={{
          'identity.givenName': t('givenName'),
          'identity.familyName': t('familyName'),
          'identity.dateOfBirth': t('dateOfBirth'),
          'identity.estimatedAge': t('estimatedAge'),
          'identity.sex': t('sex'),
          'identity.languages': t('languages'),
          'identity.nationality': t('nationality'),
          'location.current.country': t('country'),
          'location.current.province': t('currentProvince'),
        }}
      />
      <PostForm action="/console/subjects/new" csrf={c.get('csrf')} class="stack card" novalidate>
        <TextField form={form} name="identity.givenName" label={t('givenName')} required />
        <TextField form={form} name="identity.familyName" label={t('familyName')} required />
        <TextField form={form} name="identity.dateOfBirth" label={t('dateOfBirth')} type="date" />
        <TextField form={form} name="identity.estimatedAge" label={t('estimatedAge')} type="number" />
        <SelectField form={form} name="identity.sex" label={t('sex')} empty={t('choose')} options={['female', 'male', 'intersex', 'unknown'].map((s) => [s, label(lang, 'sex', s)])} />
        <TextField form={form} name="identity.languages" label={t('languages')} required />
        <TextField form={form} name="identity.nationality" label={t('nationality')} />
        <TextField form={form} name="location.current.country" label={t('country')} required />
        <SelectField form={form} name="location.current.province" label={t('currentProvince')} empty={t('choose')} options={Object.entries(PROVINCES)} />
        <Checkbox form={form} name="protection.unaccompaniedMinor" label={t('unaccompaniedMinor')} />
        <Checkbox form={form} name="protection.separatedChild" label={t('separatedChild')} />
        <button type="submit">{t('registerSubject')}</button>
      </PostForm>
    </>,
    status,
  );
}

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
        </>
      ) : null}
    </dl>
  );
}

function ConsentTable({ consents, t, lang, agencyName }: { consents: Consent[]; t: T; lang: Language; agencyName: (slug: string) => string }) {
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

export function WithheldList({ withheld, t, lang }: { withheld: Array<{ category: string; rule: string }>; t: T; lang: Language }) {
  if (withheld.length === 0) return null;
  return (
    <details class="card">
      <summary>
        {t('withheld')} ({withheld.length})
      </summary>
      <p>{t('withheldIntro')}</p>
      <ul>
        {withheld.map((w) => (
          <li>
            {label(lang, 'category', w.category)}: <RuleWords rule={w.rule} lang={lang} />
          </li>
        ))}
      </ul>
    </details>
  );
}
