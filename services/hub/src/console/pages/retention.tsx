/** @jsxImportSource hono/jsx */
import { PonteError, ReplaceRetentionSchedule, RETENTION_ACTIONS, SERVICE_CODES, type RetentionRun, type RetentionSchedule } from '@ponte/contracts';
import { forecastRetention, getRetentionRun, getRetentionSchedule, listRetentionRuns, replaceRetentionSchedule } from '@ponte/core';
import { capabilitiesFor } from '@ponte/policy';
import { z } from 'zod';
import { label, labelOptions } from '../i18n';
import { formRefusal, principalOf, readForm, recordId, refused, render, Saved, text, verbContext, zodMessages, type ConsoleContext, type ConsoleDeps, type ConsoleRouter, type FormValues } from '../kit';
import { DataTable, dateTime, emptyForm, FormErrors, Notice, PostForm, SelectField, TextField, type FormState } from '../ui';

/*
 * Retention (issue 22, item 4) in the console: the agency's schedule (one line per service and a
 * default, a period in days and what then), which its privacy officer edits and its administrator
 * reads; what the nightly job will do in the next 7 days; and what it did, run by run. The verbs
 * decide who may; the pages show ids and case references only.
 */

/** The schedule's lines: the default first, then each service of the catalogue. */
const LINES = ['default', ...SERVICE_CODES] as const;
const ExpectedVersion = z.coerce.number().int().min(0).max(2_147_483_647);

/** The form's values of a schedule: `period.<line>` and `action.<line>`. */
export function scheduleFormOf(schedule: RetentionSchedule): FormValues {
  const values: FormValues = { version: String(schedule.version) };
  for (const rule of schedule.rules) {
    const line = rule.service ?? 'default';
    values[`period.${line}`] = String(rule.periodDays);
    values[`action.${line}`] = rule.action;
  }
  return values;
}

/** The schedule a form asks for: a rule for each line with a period (a period that is no number stays as typed, for the schema to refuse). */
export function scheduleFormToInput(values: FormValues): { rules: Array<{ service: string | null; periodDays: number | string; action: string }> } {
  const rules = LINES.flatMap((line) => {
    const period = (text(values, `period.${line}`) ?? '').trim();
    if (period === '') return [];
    return [{ service: line === 'default' ? null : line, periodDays: /^\d{1,6}$/.test(period) ? Number(period) : period, action: text(values, `action.${line}`) || 'erase' }];
  });
  return { rules };
}

export function registerRetentionPages(router: ConsoleRouter, _deps: ConsoleDeps) {
  router.get('/retention', (c) => retentionPage(c));
  router.post('/retention', async (c) => {
    const values = await readForm(c);
    const lang = c.get('lang');
    const input = scheduleFormToInput(values);
    // A field a refusal names (`rules.2.periodDays`) is the line of that rule.
    const fieldName = (field: string) => {
      const match = /^rules\.(\d+)\.(\w+)$/.exec(field);
      const rule = match ? input.rules[Number(match[1])] : undefined;
      return rule ? `${match![2] === 'action' ? 'action' : 'period'}.${rule.service ?? 'default'}` : field;
    };
    const again = (errors: Record<string, string>) => retentionPage(c, refused(emptyForm(values), errors), 422);
    const stale = () => retentionPage(c, undefined, 409, c.get('t')('retentionStale'));
    const version = ExpectedVersion.safeParse(text(values, 'version'));
    if (!version.success) return stale();
    const parsed = ReplaceRetentionSchedule.safeParse(input);
    if (!parsed.success) return again(zodMessages(parsed.error, lang, fieldName));
    try {
      await replaceRetentionSchedule({ ctx: verbContext(c), input: { schedule: parsed.data, expectedVersion: version.data } });
    } catch (error) {
      if (error instanceof PonteError && error.code === 'precondition_failed') return stale();
      return again(formRefusal(error, lang, fieldName));
    }
    return c.redirect('/console/retention?done=saved', 303);
  });
  router.get('/retention/runs/:id', async (c) => runPage(c, await getRetentionRun({ ctx: verbContext(c), input: { id: recordId(c) } })));
}

async function retentionPage(c: ConsoleContext, refusedForm?: FormState, status: 200 | 409 | 422 = 200, notice?: string) {
  const t = c.get('t');
  const lang = c.get('lang');
  const ctx = verbContext(c);
  const schedule = await getRetentionSchedule({ ctx });
  const [forecast, runs] = await Promise.all([forecastRetention({ ctx, input: { days: 7 } }), listRetentionRuns({ ctx, input: { limit: 30 } })]);
  const principal = principalOf(c);
  const mayEdit = capabilitiesFor(principal, { team: principal.team }).setRetention;
  const form = refusedForm ?? emptyForm(scheduleFormOf(schedule));
  const lineName = (line: string) => (line === 'default' ? t('retentionDefault') : label(lang, 'service', line));
  return render(
    c,
    t('retention'),
    <>
      <Saved c={c} t={t} />
      {notice ? <Notice kind="bad">{notice}</Notice> : null}
      <p>{t('retentionIntro')}</p>
      <h2>{t('retentionSchedule')}</h2>
      <p id="legal-minimum">
        {t('legalMinimum')}: {schedule.legalMinimumDays} {t('days')}
      </p>
      {mayEdit ? null : <Notice>{t('retentionReadOnly')}</Notice>}
      <FormErrors form={form} t={t} labels={Object.fromEntries(LINES.map((line) => [`period.${line}`, lineName(line)]))} />
      <PostForm action="/console/retention" csrf={c.get('csrf')} class="card stack" novalidate>
        <input type="hidden" name="version" value={String(form.values.version ?? schedule.version)} />
        <DataTable id="retention-schedule" caption={t('retentionSchedule')} columns={[t('service'), t('periodDays'), t('retentionAction')]}>
          {LINES.map((line) => (
            <tr>
              <th scope="row">{lineName(line)}</th>
              <td>
                <TextField form={form} name={`period.${line}`} label={`${t('periodDays')}: ${lineName(line)}`} type="number" />
              </td>
              <td>
                <SelectField form={form} name={`action.${line}`} label={`${t('retentionAction')}: ${lineName(line)}`} options={labelOptions(lang, 'retentionAction', RETENTION_ACTIONS)} />
              </td>
            </tr>
          ))}
        </DataTable>
        <p class="hint">{t('periodHint')}</p>
        {mayEdit ? <button type="submit">{t('saveSchedule')}</button> : null}
      </PostForm>

      <h2>{t('retentionForecast')}</h2>
      {forecast.items.length === 0 ? (
        <p>{t('noneDue')}</p>
      ) : (
        <DataTable id="retention-forecast" caption={t('retentionForecast')} columns={[t('caseReference'), t('dueAt'), t('closedSince'), t('service'), t('retentionAction')]}>
          {forecast.items.map((item) => (
            <tr>
              <td>{item.reference}</td>
              <td>{dateTime(item.dueAt, lang)}</td>
              <td>{dateTime(item.closedSince, lang)}</td>
              <td>{lineName(item.service ?? 'default')}</td>
              <td>{item.held ? t('legalHold') : label(lang, 'retentionAction', item.action)}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2>{t('retentionRuns')}</h2>
      {runs.items.length === 0 ? (
        <p>{t('noRuns')}</p>
      ) : (
        <DataTable id="retention-runs" caption={t('retentionRuns')} columns={[t('runDay'), t('erasedCount'), t('anonymisedCount'), t('heldCount'), t('failedCount'), '']}>
          {runs.items.map((run) => (
            <tr>
              <td>{run.runDay}</td>
              <td>{run.erased}</td>
              <td>{run.anonymised}</td>
              <td>{run.held}</td>
              <td>{run.failed}</td>
              <td>
                <a href={`/console/retention/runs/${run.id}`}>{t('open')}</a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>,
    status,
  );
}

function runPage(c: ConsoleContext, run: RetentionRun) {
  const t = c.get('t');
  const lang = c.get('lang');
  return render(
    c,
    `${t('retentionRun')} ${run.runDay}`,
    <>
      <p>
        {t('erasedCount')}: {run.erased} · {t('anonymisedCount')}: {run.anonymised} · {t('heldCount')}: {run.held} · {t('failedCount')}: {run.failed}
      </p>
      <DataTable id="retention-run" caption={t('retentionRun')} columns={[t('caseReference'), t('retentionOutcome'), t('dueAt'), t('service')]}>
        {run.subjects.map((s) => (
          <tr>
            <td>{s.reference}</td>
            <td>{label(lang, 'retentionOutcome', s.outcome)}</td>
            <td>{dateTime(s.dueAt, lang)}</td>
            <td>{s.service ? label(lang, 'service', s.service) : t('retentionDefault')}</td>
          </tr>
        ))}
      </DataTable>
      <p>
        <a href="/console/retention">{t('back')}</a>
      </p>
    </>,
  );
}
