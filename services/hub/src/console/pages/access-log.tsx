/** @jsxImportSource hono/jsx */
import { AccessEventQuery, DATA_CATEGORIES, PonteError, ReviewAccess, Uuid, type Language } from '@ponte/contracts';
import { countAccessEventsPerDay, listAccessEvents, listAccessFlags, reviewAccess, subjectAccessReport } from '@ponte/core';
import { label, labelOptions, t9n, type T } from '../i18n';
import { agenciesOf, agencyNamer, agencyOptions, formRefusal, readForm, refused, render, text, verbContext, zodMessages, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { BarChart, chartSeries, FigureTable } from '../access-chart';
import { accessLogFilters, accessLogFiltersToQuery, reviewFormToInput } from '../forms/access-review-form';
import { DataTable, dateTime, emptyForm, FormErrors, Hidden, Notice, PostForm, RuleWords, SelectField, TextField, type FormState } from '../ui';

const RESOURCES = ['Subject', 'Consent', 'AccessEvent', 'Referral', 'ReferredSubject', 'Event', 'Webhook'];

/** Where a review form may send the officer back to: a page of the log, with its filters. */
const safeBack = (back: string | undefined) => (back && /^\/console\/access-log(\/flags)?(\?[A-Za-z0-9=&%._:+-]*)?$/.test(back) ? back : '/console/access-log');

export function registerAccessLogPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/access-log', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const ctx = verbContext(c);
    const values = accessLogFilters((name) => c.req.query(name));
    const form = emptyForm(values);
    const parsed = AccessEventQuery.safeParse(accessLogFiltersToQuery(values, c.req.query('cursor')));
    const agencies = await agenciesOf(c);
    const agencyName = await agencyNamer(c);
    const page = parsed.success ? await listAccessEvents({ ctx, input: parsed.data }) : undefined;
    const shown = refused(form, parsed.success ? {} : zodMessages(parsed.error, lang));
    const here = `/console/access-log?${new URLSearchParams(values).toString()}`;
    const done = c.req.query('done');
    return render(
      c,
      t('accessLog'),
      <>
        <p class="muted">{t('accessLogIntro')}</p>
        {done === 'reviewed' ? <Notice kind="good">{t('reviewed')}</Notice> : null}
        <FormErrors form={shown} t={t} />
        <form method="get" action="/console/access-log" class="card stack" role="search" aria-label={t('filter')} novalidate>
          <TextField form={shown} name="subjectId" label={t('subjectId')} />
          <SelectField form={shown} name="agency" label={t('actingAgency')} empty={t('any')} options={agencyOptions(agencies, lang)} />
          <SelectField form={shown} name="resource" label={t('resource')} empty={t('any')} options={labelOptions(lang, 'resource', RESOURCES)} />
          <SelectField form={shown} name="decision" label={t('decision')} empty={t('any')} options={labelOptions(lang, 'decision', ['allow', 'deny'])} />
          <TextField form={shown} name="from" label={t('fromTime')} type="datetime-local" />
          <TextField form={shown} name="to" label={t('toTime')} type="datetime-local" />
          <button type="submit">{t('filter')}</button>
        </form>
        {page ? (
          page.items.length === 0 ? (
            <p>{t('noEvents')}</p>
          ) : (
            <DataTable id="access-events" caption={t('accessLog')} columns={[t('when'), t('who'), t('resource'), t('fields'), t('decision'), t('rule'), t('review')]}>
              {page.items.map((event) => (
                <tr>
                  <td>{dateTime(event.occurredAt, lang)}</td>
                  <td>
                    <Actor name={event.actor.name} kind={event.actor.kind} id={event.actor.id} t={t} /> · {agencyName(event.actor.agencyId)}
                  </td>
                  <td>
                    {label(lang, 'resource', event.resource)} · {label(lang, 'accessAction', event.action)}
                    {event.subjectId && event.owningAgencyId === ctx.principal.agencyId ? (
                      <>
                        {' '}
                        <a href={`/console/access-log/report?subjectId=${event.subjectId}`}>
                          {t('reportFor')}
                          <Hidden>{` (${dateTime(event.occurredAt, lang)})`}</Hidden>
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td>{event.fields.map((f) => fieldName(lang, f)).join(', ')}</td>
                  <td>
                    <span class={`tag ${event.decision}`}>{label(lang, 'decision', event.decision)}</span>
                  </td>
                  <td>
                    <RuleWords rule={event.rule} lang={lang} /> <code class="muted">{event.rule}</code>
                  </td>
                  <td>
                    {event.logIndex === null ? (
                      <span class="muted">{t('notSealedYet')}</span>
                    ) : (
                      <a href={`/console/access-log/review?kind=event&id=${event.id}&back=${encodeURIComponent(here)}`}>
                        {t('review')}
                        <Hidden>{` ${dateTime(event.occurredAt, lang)}, ${label(lang, 'resource', event.resource)} · ${label(lang, 'accessAction', event.action)}`}</Hidden>
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            
            </DataTable>
          )
        ) : null}
        {page?.nextCursor ? (
          <p>
            <a href={`${here}&cursor=${encodeURIComponent(page.nextCursor)}`}>{t('nextPage')}</a>
          </p>
        ) : null}
      </>,
      parsed.success ? 200 : 422,
    );
  });

  router.get('/access-log/review', (c) => {
    const kind = c.req.query('kind') === 'flag' ? 'flag' : 'event';
    return reviewPage(c, emptyForm({ targetKind: kind, targetId: c.req.query('id') ?? '', back: safeBack(c.req.query('back')) }));
  });
  router.post('/access-log/review', async (c) => {
    const values = await readForm(c);
    const form = emptyForm(values);
    const lang = c.get('lang');
    const parsed = ReviewAccess.safeParse(reviewFormToInput(values));
    if (!parsed.success) return reviewPage(c, refused(form, zodMessages(parsed.error, lang)), 422);
    try {
      await reviewAccess({ ctx: verbContext(c), input: parsed.data });
    } catch (error) {
      if (error instanceof PonteError && error.code === 'not_found') return reviewPage(c, refused(form, { _form: error.detail?.[lang] ?? t9n(lang, 'notFoundText') }), 404);
      return reviewPage(c, refused(form, formRefusal(error, lang)), 422);
    }
    const back = safeBack(text(values, 'back'));
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=reviewed`, 303);
  });

  router.get('/access-log/flags', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const flags = await listAccessFlags({ ctx: verbContext(c), input: {} });
    const agencyName = await agencyNamer(c);
    const done = c.req.query('done');
    return render(
      c,
      t('flags'),
      <>
        {done === 'reviewed' ? <Notice kind="good">{t('reviewed')}</Notice> : null}
        <p class="muted">
          {t('period')}: {dateTime(flags.from, lang)} – {dateTime(flags.to, lang)}
        </p>
        {flags.items.length === 0 ? (
          <p>{t('noFlags')}</p>
        ) : (
          <DataTable id="flags" caption={t('flags')} columns={[t('flagKind'), t('who'), t('period'), t('events'), t('reviews'), t('review')]}>
            {flags.items.map((flag) => (
              <tr>
                <td>{label(lang, 'flagKind', flag.kind)}</td>
                <td>
                  {/* An unattested purge is the agency's to act on, not a person's. */}
                  {flag.kind === 'purge_unattested' ? (
                    agencyName(flag.actorAgencyId)
                  ) : (
                    <>
                      <Actor name={flag.actorName} kind="user" id={flag.actorId} t={t} /> · {agencyName(flag.actorAgencyId)}
                    </>
                  )}
                </td>
                <td>
                  {dateTime(flag.from, lang)} – {dateTime(flag.to, lang)}
                </td>
                <td>{flag.eventIds.length}</td>
                <td>{flag.reviews.length === 0 ? t('notReviewed') : flag.reviews.map((r) => `${label(lang, 'reviewStatus', r.status)} (${dateTime(r.at, lang)})`).join('; ')}</td>
                <td>
                  <a href={`/console/access-log/review?kind=flag&id=${flag.id}&back=${encodeURIComponent('/console/access-log/flags')}`}>
                    {t('review')}
                    <Hidden>{` ${label(lang, 'flagKind', flag.kind)}, ${dateTime(flag.from, lang)}`}</Hidden>
                  </a>
                </td>
              </tr>
            ))}
          
          </DataTable>
        )}
      </>,
    );
  });

  router.get('/access-log/chart', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    // Counted by the database per day, acting agency and decision, with the log page's visibility: one query, one access event.
    const { days, counts } = await countAccessEventsPerDay({ ctx: verbContext(c), input: { days: 14 } });
    const agencyName = await agencyNamer(c);
    const { byAgency, byDecision } = chartSeries(counts);
    return render(
      c,
      t('chart'),
      <>
        <p class="muted">{t('chartIntro')}</p>
        <section class="card chart" aria-labelledby="by-agency">
          <h2 id="by-agency">{t('chartByAgency')}</h2>
          <BarChart days={days} series={byAgency} title={t('chartByAgency')} lang={lang} name={agencyName} />
          <FigureTable id="figures-by-agency" title={t('chartByAgency')} days={days} series={byAgency} t={t} name={agencyName} />
        </section>
        <section class="card chart" aria-labelledby="by-decision">
          <h2 id="by-decision">{t('chartByDecision')}</h2>
          <BarChart days={days} series={byDecision} title={t('chartByDecision')} lang={lang} colours={{ allow: '#1e6b36', deny: '#b3261e' }} name={(s) => label(lang, 'decision', s)} />
          <FigureTable id="figures-by-decision" title={t('chartByDecision')} days={days} series={byDecision} t={t} name={(s) => label(lang, 'decision', s)} />
        </section>
      </>,
    );
  });

  router.get('/access-log/report', async (c) => {
    const lang = c.get('lang');
    const subjectId = c.req.query('subjectId')?.trim() ?? '';
    const form = emptyForm({ subjectId });
    if (!subjectId) return reportPage(c, form);
    if (!Uuid.safeParse(subjectId).success) return reportPage(c, refused(form, { subjectId: t9n(lang, 'notARecordId') }), undefined, 422);
    const report = await subjectAccessReport({ ctx: verbContext(c), input: { subjectId, language: lang } });
    return reportPage(c, form, report);
  });
}

function reviewPage(c: ConsoleContext, form: FormState, status: 200 | 404 | 422 = 200) {
  const t = c.get('t');
  const str = (name: string) => String(form.values[name] ?? '');
  return render(
    c,
    t('review'),
    <>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/access-log/review" csrf={c.get('csrf')} class="card stack" novalidate>
        <input type="hidden" name="targetKind" value={str('targetKind')} />
        <input type="hidden" name="targetId" value={str('targetId')} />
        <input type="hidden" name="back" value={safeBack(str('back'))} />
        <p>
          <code>{str('targetId')}</code>
        </p>
        <TextField form={form} name="note" label={t('reviewNote')} multiline required />
        <div class="actions">
          <button type="submit" name="status" value="reviewed">
            {t('markReviewed')}
          </button>
          <button type="submit" name="status" value="escalated" class="danger">
            {t('escalate')}
          </button>
        </div>
      </PostForm>
      <p>
        <a href={safeBack(str('back'))}>{t('back')}</a>
      </p>
    </>,
    status,
  );
}

function reportPage(c: ConsoleContext, form: FormState, report?: Awaited<ReturnType<typeof subjectAccessReport>>, status: 200 | 422 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    t('bySubject'),
    <>
      <p class="muted">{t('reportIntro')}</p>
      <FormErrors form={form} t={t} />
      <form method="get" action="/console/access-log/report" class="card stack no-print" novalidate>
        <TextField form={form} name="subjectId" label={t('subjectId')} required />
        <button type="submit">{t('produce')}</button>
      </form>
      {report ? (
        <section class="card" id="subject-report">
          <h2>
            {t('reference')}: {report.subjectReference}
          </h2>
          <p class="muted">{dateTime(report.producedAt, lang)}</p>
          <DataTable id="report-accesses" caption={t('bySubject')} columns={[t('when'), t('agency'), t('resource'), t('categoriesRead'), t('purpose'), t('legalBasis'), t('decision')]}>
            {report.accesses.map((a) => (
              <tr>
                <td>{dateTime(a.at, lang)}</td>
                <td>{a.agency.name}</td>
                <td>
                  {label(lang, 'resource', a.resource)} · {label(lang, 'accessAction', a.action)}
                </td>
                <td>{a.categories.map((x) => fieldName(lang, x)).join(', ')}</td>
                <td>{a.purpose ? label(lang, 'purpose', a.purpose) : <RuleWords rule={a.rule} lang={lang} />}</td>
                <td>{a.legalBasis ? label(lang, 'legalBasis', a.legalBasis) : '—'}</td>
                <td>{label(lang, 'decision', a.decision)}</td>
              </tr>
            ))}
          
          </DataTable>
        </section>
      ) : null}
    </>,
    status,
  );
}

/** Who acted: their name when they are of the reader's agency, else what they were (the id rides along for escalation). */
const Actor = ({ name, kind, id, t }: { name: string | null; kind: string; id: string; t: T }) => <span data-actor={id}>{name ?? (kind === 'client' ? t('clientActor') : kind === 'system' ? t('systemActor') : t('userActor'))}</span>;

/** A field an access event names: a category of personal data, or what else was read. */
const fieldName = (lang: Language, field: string) => ((DATA_CATEGORIES as readonly string[]).includes(field) ? label(lang, 'category', field) : label(lang, 'accessField', field));
