/** @jsxImportSource hono/jsx */
import { EraseSubject, ERASURE_MODES, ERASURE_REASONS, PlaceLegalHold, PonteError, PurgeAttestation, ReleaseLegalHold, type Language, type LegalHold, type PurgeRequest } from '@ponte/contracts';
import { attestPurge, eraseSubject, getSubjectErasure, listLegalHolds, listPurgeRequests, placeLegalHold, releaseLegalHold } from '@ponte/core';
import { label, type T } from '../i18n';
import { agencyNamer, checked, recordId, render, submitForm, text, verbContext, type ConsoleContext, type ConsoleDeps, type ConsoleRouter, type FormValues } from '../kit';
import { ruleText } from '../rules';
import { Checkbox, DataTable, dateTime, emptyForm, FormErrors, Notice, PostForm, SelectField, TextField, type FormState } from '../ui';

/*
 * Erasure with proof (issue 22, item 3) in the console: on a subject, its legal holds (placed and
 * released with a reason) and the erasure form (reason, mode, a confirmation); once erased, its
 * tombstone: the erasure and, per recipient, the purge asked, its deadline and its attestation.
 * On the receiving side, the purges asked of the agency awaiting attestation, and the attestation
 * form of each. The policy decides every step; a refusal shows on the page, in its language.
 */

const refusalText = (error: unknown, lang: Language): string | undefined => {
  if (!(error instanceof PonteError) || !['conflict', 'forbidden', 'precondition_failed'].includes(error.code)) return undefined;
  const rule = typeof error.extensions?.rule === 'string' ? error.extensions.rule : undefined;
  return rule ? ruleText(lang, rule) : (error.detail?.[lang] ?? error.message);
};

/** The erasure's reason is `erasureReason` on the page (the legal hold's form beside it has its own `reason`). */
const eraseFormToInput = (values: FormValues) => ({ reason: text(values, 'erasureReason'), mode: text(values, 'mode') ?? 'erase', confirm: checked(values, 'confirm') });
const reasonFormToInput = (values: FormValues) => ({ reason: text(values, 'reason') });
/** A `datetime-local` value is the hub's local time (Maputo, UTC+2, no daylight saving). */
const fromLocal = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+02:00` : value);
const attestationFormToInput = (values: FormValues) => ({
  purgedBy: text(values, 'purgedBy'),
  purgedAt: fromLocal(text(values, 'purgedAt')),
  method: text(values, 'method'),
  systems: (text(values, 'systems') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  statement: text(values, 'statement'),
});

export function registerErasurePages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/subjects/:id/erasure', (c) => erasurePage(c, recordId(c)));

  router.post('/subjects/:id/erasure', (c) => {
    const id = recordId(c);
    return submitForm(c, {
      schema: EraseSubject,
      input: eraseFormToInput,
      fieldName: (field) => (field === 'reason' ? 'erasureReason' : field),
      page: (form, status) => erasurePage(c, id, { erase: form }, status),
      run: async (input) => {
        try {
          await eraseSubject({ ctx: verbContext(c), input: { subjectId: id, reason: input.reason, mode: input.mode } });
        } catch (error) {
          const refusal = refusalText(error, c.get('lang'));
          if (!refusal) throw error;
          return erasurePage(c, id, { erase: { values: {}, errors: { _form: refusal } } }, 409);
        }
        return c.redirect(`/console/subjects/${id}/erasure?done=erased`, 303);
      },
    });
  });

  router.post('/subjects/:id/legal-holds', (c) => {
    const id = recordId(c);
    return submitForm(c, {
      schema: PlaceLegalHold,
      input: reasonFormToInput,
      page: (form, status) => erasurePage(c, id, { hold: form }, status),
      run: async (input) => {
        try {
          await placeLegalHold({ ctx: verbContext(c), input: { subjectId: id, reason: input.reason } });
        } catch (error) {
          const refusal = refusalText(error, c.get('lang'));
          if (!refusal) throw error;
          return erasurePage(c, id, { hold: { values: {}, errors: { _form: refusal } } }, 409);
        }
        return c.redirect(`/console/subjects/${id}/erasure?done=held`, 303);
      },
    });
  });

  router.post('/subjects/:id/legal-holds/:holdId/release', (c) => {
    const id = recordId(c);
    const holdId = recordId(c, 'holdId');
    return submitForm(c, {
      schema: ReleaseLegalHold,
      input: reasonFormToInput,
      page: (form, status) => erasurePage(c, id, { release: form }, status),
      run: async (input) => {
        try {
          await releaseLegalHold({ ctx: verbContext(c), input: { subjectId: id, holdId, reason: input.reason } });
        } catch (error) {
          const refusal = refusalText(error, c.get('lang'));
          if (!refusal) throw error;
          return erasurePage(c, id, { release: { values: {}, errors: { _form: refusal } } }, 409);
        }
        return c.redirect(`/console/subjects/${id}/erasure?done=released`, 303);
      },
    });
  });

  router.get('/purge-requests', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const all = c.req.query('status') === 'all';
    const list = await listPurgeRequests({ ctx: verbContext(c), input: { pending: !all, limit: 200 } });
    const agencyName = await agencyNamer(c);
    return render(
      c,
      t('purgeRequests'),
      <>
        {c.req.query('done') === 'attested' ? <Notice kind="good">{t('purgeAttested')}</Notice> : null}
        <p class="muted">{t('purgeRequestsIntro')}</p>
        <p>
          <a href={all ? '/console/purge-requests' : '/console/purge-requests?status=all'}>{all ? t('purgePendingOnly') : t('purgeAll')}</a>
        </p>
        {list.items.length === 0 ? <p>{t('noPurgeRequests')}</p> : <PurgeTable id="purge-requests" requests={list.items} t={t} lang={lang} agencyName={agencyName} attest />}
      </>,
    );
  });

  // The form starts at now, in the hub's local time (Maputo, UTC+2).
  // Offered only for a purge asked of the caller's agency and not yet attested, to who may attest it (else 403, or 404).
  router.get('/referrals/:id/purge-attestation', async (c) => {
    const referralId = recordId(c);
    const pending = await listPurgeRequests({ ctx: verbContext(c), input: { pending: true, limit: 10_000 } });
    if (!pending.items.some((r) => r.referralId === referralId))
      throw new PonteError('not_found', { en: 'No purge awaits your attestation on this referral', pt: 'Nenhuma eliminação aguarda a sua atestação neste encaminhamento' }, undefined, { rule: 'purge.not_requested' });
    return attestationPage(c, referralId, emptyForm({ purgedAt: new Date(verbContext(c).now().getTime() + 2 * 3_600_000).toISOString().slice(0, 16) }));
  });
  router.post('/referrals/:id/purge-attestation', (c) => {
    const referralId = recordId(c);
    return submitForm(c, {
      schema: PurgeAttestation,
      input: attestationFormToInput,
      page: (form, status) => attestationPage(c, referralId, form, status),
      run: async (attestation) => {
        try {
          await attestPurge({ ctx: verbContext(c), input: { referralId, attestation } });
        } catch (error) {
          const refusal = refusalText(error, c.get('lang'));
          if (!refusal) throw error;
          return attestationPage(c, referralId, { values: {}, errors: { _form: refusal } }, 409);
        }
        return c.redirect('/console/purge-requests?done=attested', 303);
      },
    });
  });
}

async function erasurePage(c: ConsoleContext, subjectId: string, forms: { erase?: FormState; hold?: FormState; release?: FormState } = {}, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const done = c.req.query('done');
  const notices = (
    <>
      {done === 'erased' ? <Notice kind="good">{t('subjectErased')}</Notice> : null}
      {done === 'held' ? <Notice kind="good">{t('legalHoldPlaced')}</Notice> : null}
      {done === 'released' ? <Notice kind="good">{t('legalHoldReleased')}</Notice> : null}
    </>
  );
  // Erased: the tombstone. Otherwise: the holds, and the erasure form.
  const tombstone = await getSubjectErasure({ ctx, input: { id: subjectId } }).catch((error) => (error instanceof PonteError && error.code === 'not_found' && error.extensions?.rule === 'subject.erased' ? undefined : Promise.reject(error)));
  if (tombstone) {
    const agencyName = await agencyNamer(c);
    return render(
      c,
      `${t('tombstone')} ${tombstone.reference}`,
      <>
        {notices}
        <section class="card" id="tombstone">
          <p>{t('tombstoneIntro')}</p>
          <dl>
            <dt>{t('erasedAt')}</dt>
            <dd>{dateTime(tombstone.erasedAt, lang)}</dd>
            <dt>{t('erasureReason')}</dt>
            <dd>{label(lang, 'erasureReason', tombstone.reason)}</dd>
            <dt>{t('erasureMode')}</dt>
            <dd>{label(lang, 'erasureMode', tombstone.mode)}</dd>
            {tombstone.attributes ? (
              <>
                <dt>{t('keptAttributes')}</dt>
                <dd>
                  {tombstone.attributes.ageBand} · {label(lang, 'sex', tombstone.attributes.sex)} · {tombstone.attributes.province ?? '—'}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <h2>{t('purgeRequests')}</h2>
        {tombstone.purgeRequests.length === 0 ? <p>{t('noPurgeRequests')}</p> : <PurgeTable id="tombstone-purges" requests={tombstone.purgeRequests} t={t} lang={lang} agencyName={agencyName} />}
      </>,
      status,
    );
  }
  const holds = (await listLegalHolds({ ctx, input: { subjectId } })).items;
  const active = holds.find((h) => h.active);
  return render(
    c,
    t('erasureAndHolds'),
    <>
      {notices}
      <p>
        <a href={`/console/subjects/${subjectId}`}>{t('backToSubject')}</a>
      </p>
      <h2>{t('legalHolds')}</h2>
      <p class="muted">{t('legalHoldsIntro')}</p>
      {holds.length === 0 ? <p>{t('noLegalHolds')}</p> : <HoldTable holds={holds} t={t} lang={lang} />}
      {active ? (
        <>
          <FormErrors form={forms.release ?? emptyForm()} t={t} labels={{ reason: t('reason') }} />
          <PostForm action={`/console/subjects/${subjectId}/legal-holds/${active.id}/release`} csrf={c.get('csrf')} class="card stack" novalidate>
            <TextField form={forms.release ?? emptyForm()} name="reason" label={t('releaseReason')} hint={t('noPersonalDataHint')} required />
            <button type="submit" class="secondary">
              {t('releaseLegalHold')}
            </button>
          </PostForm>
        </>
      ) : (
        <>
          <FormErrors form={forms.hold ?? emptyForm()} t={t} labels={{ reason: t('reason') }} />
          <PostForm action={`/console/subjects/${subjectId}/legal-holds`} csrf={c.get('csrf')} class="card stack" novalidate>
            <TextField form={forms.hold ?? emptyForm()} name="reason" label={t('holdReason')} hint={t('noPersonalDataHint')} required />
            <button type="submit">{t('placeLegalHold')}</button>
          </PostForm>
        </>
      )}
      <h2>{t('eraseSubject')}</h2>
      <p>{t('eraseIntro')}</p>
      <FormErrors form={forms.erase ?? emptyForm()} t={t} labels={{ erasureReason: t('erasureReason'), mode: t('erasureMode'), confirm: t('eraseConfirm') }} />
      <PostForm action={`/console/subjects/${subjectId}/erasure`} csrf={c.get('csrf')} class="card stack" novalidate>
        <SelectField form={forms.erase ?? emptyForm()} name="erasureReason" label={t('erasureReason')} empty={t('choose')} options={ERASURE_REASONS.map((r): [string, string] => [r, label(lang, 'erasureReason', r)])} required />
        <SelectField form={forms.erase ?? emptyForm({ mode: 'erase' })} name="mode" label={t('erasureMode')} options={ERASURE_MODES.map((m): [string, string] => [m, label(lang, 'erasureMode', m)])} />
        <Checkbox form={forms.erase ?? emptyForm()} name="confirm" label={t('eraseConfirm')} />
        <button type="submit" class="danger">
          {t('eraseSubject')}
        </button>
      </PostForm>
    </>,
    status,
  );
}

async function attestationPage(c: ConsoleContext, referralId: string, form: FormState, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  return render(
    c,
    t('attestPurge'),
    <>
      <p>{t('attestIntro')}</p>
      <FormErrors form={form} t={t} labels={{ purgedBy: t('purgedBy'), purgedAt: t('purgedAt'), method: t('purgeMethod'), systems: t('purgeSystems'), statement: t('purgeStatement') }} />
      <PostForm action={`/console/referrals/${referralId}/purge-attestation`} csrf={c.get('csrf')} class="card stack" novalidate>
        <TextField form={form} name="purgedBy" label={t('purgedBy')} required />
        <TextField form={form} name="purgedAt" label={t('purgedAt')} type="datetime-local" required />
        <TextField form={form} name="method" label={t('purgeMethod')} required />
        <TextField form={form} name="systems" label={t('purgeSystems')} hint={t('purgeSystemsHint')} required />
        <TextField form={form} name="statement" label={t('purgeStatement')} hint={t('noPersonalDataHint')} multiline required />
        <button type="submit">{t('attestPurge')}</button>
      </PostForm>
    </>,
    status,
  );
}

function HoldTable({ holds, t, lang }: { holds: LegalHold[]; t: T; lang: Language }) {
  return (
    <DataTable id="legal-holds" caption={t('legalHolds')} columns={[t('holdReason'), t('placedAt'), t('releasedAt'), t('releaseReason')]}>
      {holds.map((h) => (
        <tr>
          <td>{h.reason}</td>
          <td>{dateTime(h.placedAt, lang)}</td>
          <td>{h.releasedAt ? dateTime(h.releasedAt, lang) : <strong>{t('holdActive')}</strong>}</td>
          <td>{h.releaseReason ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Purge requests and their attestations: the receiving side's (with the way to attest) or the owner's (who attested and when). */
export function PurgeTable({ id, requests, t, lang, agencyName, attest }: { id: string; requests: PurgeRequest[]; t: T; lang: Language; agencyName: (slug: string) => string; attest?: boolean }) {
  return (
    <DataTable id={id} caption={t('purgeRequests')} columns={[attest ? t('owner') : t('recipient'), t('categories'), t('requestedAt'), t('purgeDue'), t('purgeAttestation')]}>
      {requests.map((r) => (
        <tr>
          <td>{agencyName(attest ? r.owner : r.recipient)}</td>
          <td>{r.categories.map((x) => label(lang, 'category', x)).join(', ')}</td>
          <td>{dateTime(r.requestedAt, lang)}</td>
          <td>
            {dateTime(r.dueAt, lang)} {r.overdue ? <strong>{t('purgeOverdue')}</strong> : null}
          </td>
          <td>
            {r.attestation ? (
              <>
                {t('purgeAttestedOn')} {dateTime(r.attestation.attestedAt, lang)}: {r.attestation.purgedBy} — {r.attestation.method}
                <details>
                  <summary>{t('purgeReceipt')}</summary>
                  <code class="receipt">{r.attestation.receipt}</code>
                </details>
              </>
            ) : attest ? (
              <a class="button" href={`/console/referrals/${r.referralId}/purge-attestation`}>
                {t('attestPurge')}
              </a>
            ) : (
              <span class="muted">{t('notAttested')}</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
