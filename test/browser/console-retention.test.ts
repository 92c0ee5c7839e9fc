import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionEraser, runRetention } from '@ponte/core';
import { createLogger } from '@ponte/hub/logger';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';
import { consoleClient } from './console-client';

/**
 * The agency's retention page (issue 22, item 4), in Portuguese: IOM's privacy officer sees the
 * legal minimum the hub operator set, is refused a period below it on the form (nothing stored),
 * saves a schedule; the administrator reads it without a save button; a caseworker is refused;
 * once the nightly job has run, its report opens from the page. The hub operator sets an agency's
 * legal minimum from the agencies page.
 */
let hub: TestHub;
let ahead = 0;
const now = () => new Date(Date.now() + ahead);
beforeAll(async () => {
  hub = await createTestHub({ now });
  const operator = await hub.login(undefined, 'operator');
  expect((await hub.call('PATCH', '/v1/agencies/iom', { token: operator, json: { retentionMinimumDays: 30 } })).status).toBe(200);
});
afterAll(async () => hub?.close());

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const schedules = async () => (await sql<{ n: number }>`select count(*)::int as n from retention_schedules`.execute(hub.database.db)).rows[0]!.n;

describe('the retention page', () => {
  it('is set by the privacy officer within the legal minimum, read by the administrator, refused to a caseworker; the run’s report opens from it', async () => {
    const privacy = await consoleClient(hub, 'iom', 'privacy', 'pt');
    const home = await privacy.get('/console');
    expect(home.html).toContain('href="/console/retention"');
    const page = await privacy.get('/console/retention');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Prazos de conservação');
    expect(page.html).toMatch(/Mínimo legal da sua agência \(fixado pelo operador do hub\): 30 dias/);
    expect(page.html).toContain('Ainda nenhuma execução.');

    const refused = await privacy.post('/console/retention', { version: versionIn(page.html), 'period.default': '10', 'action.default': 'erase' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('pelo menos 30 dias, o mínimo legal da agência');
    expect(await schedules()).toBe(0);

    const saved = await privacy.post('/console/retention', { version: versionIn(page.html), 'period.default': '60', 'action.default': 'erase', 'period.shelter': '40', 'action.shelter': 'anonymise' });
    expect(saved.status).toBe(303);
    const after = await privacy.get(saved.location!);
    expect(after.html).toContain('Guardado.');
    expect(after.html).toMatch(/name="period\.shelter"[^>]*value="40"/);
    expect(versionIn(after.html)).toBe('1');
    // A second save from the page read before is out of date: shown as it is now, nothing changed.
    const stale = await privacy.post('/console/retention', { version: versionIn(page.html), 'period.default': '90', 'action.default': 'erase' });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('Os prazos foram alterados enquanto os editava');

    const admin = await consoleClient(hub, 'iom', 'admin', 'pt');
    const read = await admin.get('/console/retention');
    expect(read.status).toBe(200);
    expect(read.html).toContain('Só o/a responsável pela privacidade da sua agência pode alterar os prazos.');
    expect(read.html).not.toContain('Guardar os prazos');
    expect((await admin.post('/console/retention', { version: '1', 'period.default': '90', 'action.default': 'erase' })).status).toBe(403);

    const caseworker = await consoleClient(hub, 'iom', 'caseworker', 'pt');
    expect((await caseworker.get('/console')).html).not.toContain('href="/console/retention"');
    expect((await caseworker.get('/console/retention')).status).toBe(403);

    const [run] = await runRetention({ db: hub.database.db, erase: retentionEraser({ tokens: hub.tokens, logger: createLogger('silent'), settings: { breakGlassMinutes: 60, publicUrl: ISSUER } }), now: now() });
    const withRun = await privacy.get('/console/retention');
    expect(withRun.html).toContain(`href="/console/retention/runs/${run!.id}"`);
    const report = await privacy.get(`/console/retention/runs/${run!.id}`);
    expect(report.status).toBe(200);
    expect(report.html).toContain('Execução de conservação');
  });

  it('the hub operator sets an agency’s legal minimum from the agencies page; a value that is no number of days is refused', async () => {
    const operator = await consoleClient(hub, undefined, 'operator', 'pt');
    const list = await operator.get('/console/operator/agencies');
    expect(list.html).toContain('href="/console/operator/agencies/pgr/retention-minimum"');
    const form = await operator.get('/console/operator/agencies/pgr/retention-minimum');
    expect(form.html).toContain('Conservação mínima legal, em dias');
    expect(form.html).toMatch(/name="retentionMinimumDays"[^>]*value="3650"/);
    expect((await operator.post('/console/operator/agencies/pgr/retention-minimum', { retentionMinimumDays: '-5' })).status).toBe(422);
    expect((await operator.post('/console/operator/agencies/pgr/retention-minimum', { retentionMinimumDays: '4000' })).status).toBe(303);
    const pgr = await hub.call('GET', '/v1/agencies/pgr', { token: await hub.tokenFor('pgr', 'privacy') });
    expect(((await pgr.json()) as { retentionMinimumDays: number }).retentionMinimumDays).toBe(4000);
  });
});
