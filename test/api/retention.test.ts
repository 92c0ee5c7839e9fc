import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PonteClient } from '@ponte/client';
import { sealLog } from '@ponte/audit';
import { calendarDate } from '@ponte/contracts';
import { retentionEraser, runRetention, startRetentionLoop } from '@ponte/core';
import { createLogger } from '@ponte/hub/logger';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';
import { verifyThroughApi } from '../support/verification';

/*
 * Retention schedules (issue 22, item 4) through the typed SDK, on both engines: IOM's privacy
 * officer sets a schedule within the legal minimum the hub operator set (below it: 422 naming the
 * field and the check, nothing changed); closed cases become due as the hub's clock moves; the
 * forecast lists a week ahead what the daily job will do, a subject under a legal hold marked
 * held; the job (as the worker runs it) anonymises and erases what is due through eraseSubject,
 * as IOM's system actor in the access log, skips the held subject and reports each run; a second
 * run the same day does nothing; other roles and agencies are refused.
 *
 * The hub's clock is the test's: moving it forward is how a retention period ends.
 */
const DAY = 86_400_000;
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any, headers: result.response.headers });
const ref = (id: string) => ({ params: { path: { id } } });

describe.each(BOTH_ENGINES)('retention schedules on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);
  const c: Record<string, PonteClient> = {};
  let operator: string;
  let iomId: string;
  const erase = () => retentionEraser({ tokens: hub.tokens, logger: createLogger('silent'), settings: { breakGlassMinutes: 60, publicUrl: ISSUER } });
  const run = () => runRetention({ db: hub.database.db, erase: erase(), now: now() });
  const count = async (table: 'retention_schedules' | 'retention_runs') => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(hub.database.db)).rows[0]!.n;

  let people = 0;
  async function subject() {
    const s = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: { identity: { givenName: `Retained ${++people}`, familyName: 'Mabunda', dateOfBirth: '1991-03-02', sex: 'female', languages: ['pt'] }, contact: { phone: '+258845550199', safeToContact: true } },
      }),
    );
    return s.id;
  }
  async function referred(subjectId: string) {
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subjectId),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity', 'contact'], legalBasis: 'consent', validUntil: new Date(Date.now() + 400 * DAY).toISOString() },
      }),
    );
    return unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'caminho-seguro', subjectId, consentId: consent.consent.id, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity', 'contact'] },
      }),
    ).id;
  }

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000, now });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['iomAdmin', 'iom', 'admin'],
      ['iomSupervisor', 'iom', 'supervisor'],
      ['iomFocal', 'iom', 'focal-point'],
      ['pgrPrivacy', 'pgr', 'privacy'],
      ['pgrAdmin', 'pgr', 'admin'],
    ] as const)
      c[name] = hub.client(agency, user);
    operator = await hub.login(undefined, 'operator');
    iomId = await agencyIdOf(hub.database.db, 'iom');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('the hub operator sets IOM’s legal minimum; IOM’s privacy officer reads it on the empty schedule', async () => {
    const set = await hub.call('PATCH', '/v1/agencies/iom', { token: operator, json: { retentionMinimumDays: 30 } });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { retentionMinimumDays: number }).retentionMinimumDays).toBe(30);
    const schedule = answer(await c.iomPrivacy!.api.GET('/v1/retention-schedule'));
    expect(schedule.status).toBe(200);
    expect(schedule.body).toEqual({ legalMinimumDays: 30, rules: [], version: 0, updatedAt: null });
    expect(schedule.headers.get('etag')).toBe('"0"');
  });

  it('refuses a period below the legal minimum (422 naming the field and the check), two rules for one service, a missing or stale If-Match: nothing changes', async () => {
    const before = await count('retention_schedules');
    const below = answer(
      await c.iomPrivacy!.api.PUT('/v1/retention-schedule', {
        body: { rules: [{ service: null, periodDays: 60, action: 'erase' }, { service: 'shelter', periodDays: 29, action: 'erase' }] },
        headers: { 'if-match': '"0"' },
      }),
    );
    expect(below.status).toBe(422);
    expect(below.body).toMatchObject({ code: 'check_failed', rule: 'retention.below_legal_minimum' });
    expect(below.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'rules.1.periodDays', check: 'legal_minimum' })]);
    const twice = answer(
      await c.iomPrivacy!.api.PUT('/v1/retention-schedule', {
        body: { rules: [{ service: 'shelter', periodDays: 60, action: 'erase' }, { service: 'shelter', periodDays: 90, action: 'anonymise' }] },
        headers: { 'if-match': '"0"' },
      }),
    );
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0]).toMatchObject({ field: 'rules', check: 'unique' });
    const unconditional = await hub.call('PUT', '/v1/retention-schedule', { token: await hub.tokenFor('iom', 'privacy'), json: { rules: [] } });
    expect(unconditional.status).toBe(428);
    const stale = answer(await c.iomPrivacy!.api.PUT('/v1/retention-schedule', { body: { rules: [] }, headers: { 'if-match': '"3"' } }));
    expect(stale.status).toBe(412);
    expect(await count('retention_schedules')).toBe(before);
    expect(answer(await c.iomPrivacy!.api.GET('/v1/retention-schedule')).body).toMatchObject({ rules: [], version: 0 });
  });

  it('only the privacy officer sets the schedule; the administrator reads it; other roles, the operator and other agencies are refused', async () => {
    const body = { rules: [{ service: null, periodDays: 60, action: 'erase' as const }] };
    const admin = answer(await c.iomAdmin!.api.PUT('/v1/retention-schedule', { body, headers: { 'if-match': '*' } }));
    expect(admin.status).toBe(403);
    expect(admin.body.rule).toBe('Retention.update');
    for (const who of ['iom', 'iomSupervisor', 'iomFocal']) {
      const refused = answer(await c[who]!.api.PUT('/v1/retention-schedule', { body, headers: { 'if-match': '*' } }));
      expect(refused.status, who).toBe(403);
      expect(refused.body.rule, who).toBe('Retention.list');
      expect(answer(await c[who]!.api.GET('/v1/retention-schedule')).status, who).toBe(403);
      expect(answer(await c[who]!.api.GET('/v1/retention/forecast')).status, who).toBe(403);
      expect(answer(await c[who]!.api.GET('/v1/retention/runs')).status, who).toBe(403);
    }
    expect((await hub.call('GET', '/v1/retention-schedule', { token: operator })).status).toBe(403);
    expect((await hub.call('PUT', '/v1/retention-schedule', { token: operator, json: body, headers: { 'if-match': '*' } })).status).toBe(403);
    expect(await count('retention_schedules')).toBe(0);

    const set = answer(
      await c.iomPrivacy!.api.PUT('/v1/retention-schedule', {
        body: { rules: [{ service: null, periodDays: 60, action: 'erase' }, { service: 'reintegration_economic', periodDays: 40, action: 'anonymise' }] },
        headers: { 'if-match': '"0"' },
      }),
    );
    expect(set.status).toBe(200);
    expect(set.headers.get('etag')).toBe('"1"');
    expect(set.body).toMatchObject({ legalMinimumDays: 30, version: 1 });
    expect(answer(await c.iomAdmin!.api.GET('/v1/retention-schedule')).body.rules).toEqual(set.body.rules);
    // PGR's own schedule is its own: IOM's is not in it. A prosecutor keeps its files ten years (the demo's minimum).
    expect(answer(await c.pgrPrivacy!.api.GET('/v1/retention-schedule')).body).toMatchObject({ legalMinimumDays: 3650, rules: [], version: 0 });
    const short = answer(await c.pgrPrivacy!.api.PUT('/v1/retention-schedule', { body: { rules: [{ service: null, periodDays: 1825, action: 'erase' }] }, headers: { 'if-match': '"0"' } }));
    expect(short.status).toBe(422);
    expect(short.body.errors[0]).toMatchObject({ field: 'rules.0.periodDays', check: 'legal_minimum' });
  });

  let referredOnce: string;
  let neverReferred: string;
  let stillOpen: string;
  let heldOne: string;

  it('lists a week ahead what the job will do: the closed cases due, the held one marked; an open case never', async () => {
    referredOnce = await subject();
    const referral = await referred(referredOnce);
    expect(answer(await c.iom!.api.POST('/v1/referrals/{id}/withdraw', { ...ref(referral), body: { reason: 'The person went home' } })).status).toBe(200);
    neverReferred = await subject();
    stillOpen = await subject();
    await referred(stillOpen);
    heldOne = await subject();
    // A court order: IOM's privacy officer places a legal hold on the subject (the erasure branch's route).
    expect(answer(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/legal-holds', { ...ref(heldOne), body: { reason: 'Court order 12/2026' } })).status).toBe(201);

    expect(answer(await c.iomPrivacy!.api.GET('/v1/retention/forecast')).body.items).toEqual([]);
    ahead = 35 * DAY;
    const week = answer(await c.iomPrivacy!.api.GET('/v1/retention/forecast'));
    expect(week.status).toBe(200);
    expect(week.body.days).toBe(7);
    expect(week.body.items).toEqual([expect.objectContaining({ subjectId: referredOnce, service: 'reintegration_economic', periodDays: 40, action: 'anonymise', held: false })]);
    const item = week.body.items[0];
    expect(Date.parse(item.dueAt) - Date.parse(item.closedSince)).toBe(40 * DAY);
    expect(Date.parse(item.dueAt)).toBeGreaterThan(now().getTime());
    expect(Date.parse(item.dueAt)).toBeLessThanOrEqual(now().getTime() + 7 * DAY);
    // No personal data: ids, the case reference, the rule.
    expect(JSON.stringify(week.body)).not.toContain('Retained');
    expect(JSON.stringify(week.body)).not.toContain('Mabunda');

    const month = answer(await c.iomAdmin!.api.GET('/v1/retention/forecast', { params: { query: { days: 30 } } }));
    const listed = Object.fromEntries(month.body.items.map((i: { subjectId: string; held: boolean; action: string }) => [i.subjectId, [i.action, i.held]]));
    expect(listed).toEqual({ [referredOnce]: ['anonymise', false], [neverReferred]: ['erase', false], [heldOne]: ['erase', true] });
    expect(answer(await c.iomPrivacy!.api.GET('/v1/retention/forecast', { params: { query: { days: 91 } } })).status).toBe(400);
  });

  it('the job does nothing before a case is due, then anonymises it when it is; a second run that day does nothing', async () => {
    const early = await run();
    expect(early.map((r) => [r.agency_id, r.erased, r.anonymised, r.held, r.failed])).toEqual([[iomId, 0, 0, 0, 0]]);
    ahead = 41 * DAY;
    const [due] = await run();
    expect(due).toMatchObject({ agency_id: iomId, status: 'finished', anonymised: 1, erased: 0, held: 0, failed: 0 });
    expect(due!.subjects).toEqual([expect.objectContaining({ subjectId: referredOnce, outcome: 'anonymised', service: 'reintegration_economic' })]);
    expect(await run()).toEqual([]);
    expect(await count('retention_runs')).toBe(2);

    const [row] = (await sql<{ erased_at: Date | null; erasure_reason: string; erasure_mode: string; identity: unknown }>`select erased_at, erasure_reason, erasure_mode, identity from subjects where id = ${referredOnce}`.execute(hub.database.db)).rows;
    expect(row).toMatchObject({ erasure_reason: 'retention', erasure_mode: 'anonymise', identity: null });
    expect(row!.erased_at).not.toBeNull();
    // The access log keeps the erasure as IOM's retention job, the run's id its actor.
    const events = (await sql<{ actor_kind: string; actor_id: string; action: string; rule: string; agency_id: string }>`select actor_kind, actor_id, action, rule, agency_id from access_events where subject_id = ${referredOnce} and action = 'erase'`.execute(hub.database.db)).rows;
    expect(events).toEqual([{ actor_kind: 'system', actor_id: due!.id, action: 'erase', rule: 'retention.due', agency_id: iomId }]);

    const runs = answer(await c.iomPrivacy!.api.GET('/v1/retention/runs'));
    expect(runs.status).toBe(200);
    expect(runs.body.items.map((r: { id: string }) => r.id)).toEqual([due!.id, early[0]!.id]);
    const report = answer(await c.iomAdmin!.api.GET('/v1/retention/runs/{id}', ref(due!.id)));
    expect(report.body).toMatchObject({ id: due!.id, status: 'finished', anonymised: 1, erased: 0, held: 0, failed: 0, subjects: [{ subjectId: referredOnce, outcome: 'anonymised' }] });
    // Another agency's run is not PGR's to know.
    expect(answer(await c.pgrPrivacy!.api.GET('/v1/retention/runs/{id}', ref(due!.id))).status).toBe(404);
    expect(answer(await c.pgrAdmin!.api.GET('/v1/retention/runs')).body.items).toEqual([]);
  });

  it('erases the default rule’s case when due, skips the subject under a legal hold and reports it as held; an open case stays', async () => {
    ahead = 61 * DAY;
    const [day] = await run();
    expect(day).toMatchObject({ erased: 1, anonymised: 0, held: 1, failed: 0 });
    expect(Object.fromEntries(day!.subjects.map((s) => [s.subjectId, s.outcome]))).toEqual({ [neverReferred]: 'erased', [heldOne]: 'held' });
    const states = (await sql<{ id: string; erased_at: Date | null; erasure_mode: string | null }>`select id, erased_at, erasure_mode from subjects where id in (${neverReferred}, ${heldOne}, ${stillOpen})`.execute(hub.database.db)).rows;
    expect(Object.fromEntries(states.map((s) => [s.id, s.erasure_mode]))).toEqual({ [neverReferred]: 'erase', [heldOne]: null, [stillOpen]: null });
    // The held subject is due still: the forecast says so, and that it is held.
    const forecast = answer(await c.iomPrivacy!.api.GET('/v1/retention/forecast'));
    expect(forecast.body.items.map((i: { subjectId: string; held: boolean }) => [i.subjectId, i.held])).toEqual([[heldOne, true]]);
  });

  it('several workers at once make one run per agency and day', async () => {
    ahead = 62 * DAY;
    const runs = (await Promise.all([run(), run(), run()])).flat();
    expect(runs.map((r) => r.agency_id)).toEqual([iomId]);
    expect(await count('retention_runs')).toBe(4);
  });

  it('the daily loop runs from its time of day (Maputo) and not before', async () => {
    const at = (iso: string) => () => new Date(iso);
    const loop = (now: () => Date, runAt: string) => startRetentionLoop({ db: hub.database.db, erase: erase(), runAt, checkEveryMs: 60_000, logger: createLogger('silent'), now });
    const before = await count('retention_runs');
    // 08:00 in Maputo is 06:00 UTC: a 09:00 run waits; a 07:30 one runs, once.
    await loop(at('2027-03-10T06:00:00Z'), '09:00').stop();
    expect(await count('retention_runs')).toBe(before);
    await loop(at('2027-03-10T06:00:00Z'), '07:30').stop();
    await loop(at('2027-03-10T06:30:00Z'), '07:30').stop();
    expect(await count('retention_runs')).toBe(before + 1);
    const { rows } = await sql<{ run_day: string }>`select run_day::text from retention_runs order by started_at desc limit 1`.execute(hub.database.db);
    expect(rows[0]!.run_day).toBe('2027-03-10');
  });

  it('reports a subject whose erasure failed as failed, with the reason’s code, and erases it the next day', async () => {
    const failing = await subject();
    ahead = 130 * DAY;
    const broken = await runRetention({ db: hub.database.db, erase: async () => Promise.reject(new Error('the database went away')), now: now() });
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ failed: 1, held: 1, erased: 0 });
    expect(broken[0]!.subjects.find((s) => s.subjectId === failing)).toMatchObject({ outcome: 'failed', reason: 'internal_error' });
    ahead = 131 * DAY;
    const [next] = await run();
    expect(Object.fromEntries(next!.subjects.map((s) => [s.subjectId, s.outcome]))).toEqual({ [failing]: 'erased', [heldOne]: 'held' });
  });

  it('takes over a run whose worker died once its lease is over, and not before', async () => {
    ahead = 140 * DAY;
    const day = calendarDate(now());
    const lease = async (until: Date) =>
      sql`insert into retention_runs (agency_id, run_day, started_at, lease_until) values (${iomId}, ${day}, ${now()}, ${until})
          on conflict (agency_id, run_day) do update set lease_until = excluded.lease_until`.execute(hub.database.db);
    await lease(new Date(now().getTime() + 60_000));
    expect(await run()).toEqual([]);
    await lease(new Date(now().getTime() - 60_000));
    const [taken] = await run();
    expect(taken).toMatchObject({ agency_id: iomId, run_day: day, status: 'finished', held: 1 });
  });

  it('leaves the access log verifiable after the job’s erasures, its events sealed with the system actor', async () => {
    await sealLog({ db: hub.database.db, tokens: hub.tokens, now });
    expect((await verifyThroughApi(hub, await hub.tokenFor('iom', 'privacy'), {})).verification?.report?.ok).toBe(true);
    const sealed = (await sql<{ n: number }>`select count(*)::int as n from access_events e join log_leaves l on l.event_id = e.id where e.actor_kind = 'system'`.execute(hub.database.db)).rows[0]!.n;
    expect(sealed).toBeGreaterThanOrEqual(3);
    // Exported as FHIR, the retention job's events name the run that acted.
    const ndjson = await (await hub.call('GET', '/v1/access-events/export?format=ndjson&from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z', { token: await hub.tokenFor('iom', 'privacy') })).text();
    const byJob = ndjson.split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((e) => e.agent[0].who.identifier.system === `${ISSUER}/fhir/sid/retention-run`);
    expect(byJob.length).toBeGreaterThanOrEqual(3);
  });
});
