/** @jsxImportSource hono/jsx */
import { BreakGlassRequest, PonteError, PROVINCES, RegisterSubject, type Language } from '@ponte/contracts';
import { getSubject, listSubjectConsents, listSubjects, registerSubject, requestBreakGlass } from '@ponte/core';
import { z } from 'zod';
import { DataView } from '../data-view';
import { label, type T } from '../i18n';
import { ruleText } from '../rules';
import { agencyNamer, formField, submitForm, refused, render, verbContext, recordId, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { Checkbox, DataTable, dateTime, emptyForm, FormErrors, Notice, PostForm, RuleWords, SelectField, TextField, type FormState } from '../ui';
import { breakGlassFormToInput, newSubjectForm, subjectFormToInput } from '../forms/subject-form';
import { ConsentTable } from './consents';
import { DocumentNotice, DocumentTable, DocumentUploadForm, subjectDocuments } from './documents';

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

export function registerSubjectPages(router: ConsoleRouter, _deps: ConsoleDeps) {
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
      input: breakGlassFormToInput,
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

  router.get('/subjects/new', (c) => subjectForm(c, emptyForm(newSubjectForm())));
  router.post('/subjects/new', (c) =>
    submitForm(c, {
      schema: RegisterSubject,
      input: subjectFormToInput,
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
      // An erased subject is its tombstone.
      if (error instanceof PonteError && error.code === 'gone') return c.redirect(`/console/subjects/${id}/erasure`, 303);
      if (!(error instanceof PonteError && error.code === 'forbidden' && typeof error.extensions?.rule === 'string' && error.extensions.rule.startsWith('consent.'))) throw error;
      refusedRule = error.extensions.rule as string;
    }
    // Emergency (break-glass) access reads the person's data only: the consents and the case's
    // steps stay with the people who work on it.
    const consents = await listSubjectConsents({ ctx, input: { subjectId: id } }).catch((error) =>
      error instanceof PonteError && error.code === 'forbidden' && subject ? undefined : Promise.reject(error),
    );
    const documents = await subjectDocuments(c, id);
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
            <a class="button secondary" href={`/console/subjects/${id}/transfer`}>
              {t('transferCase')}
            </a>
            <a class="button secondary" href={`/console/subjects/${id}/erasure`}>
              {t('erasureAndHolds')}
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
        {documents || consents ? (
          <section aria-labelledby="documents-title" id="documents">
            <h2 id="documents-title">{t('documents')}</h2>
            <DocumentNotice result={c.req.query('document')} t={t} />
            {documents ? <DocumentTable documents={documents} href={(d) => `/console/subjects/${id}/documents/${d.id}`} t={t} lang={lang} /> : null}
            {consents ? <DocumentUploadForm subjectId={id} csrf={c.get('csrf')} t={t} lang={lang} /> : null}
          </section>
        ) : null}
        {consents ? (
          <>
            <h2>{t('consents')}</h2>
            {consents.items.length === 0 ? <p>{t('noConsents')}</p> : <ConsentTable consents={consents.items} t={t} lang={lang} agencyName={await agencyNamer(c)} />}
          </>
        ) : null}
      </>,
    );
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
