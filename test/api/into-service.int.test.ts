import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyEmbedded, emptyPostgres, ponteCli as cli, totpNow, type EmptyEngine as Engine } from '../support/empty-hub';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';

/**
 * A hub put into service from an empty database, as an operator does it from the README: `ponte
 * init`, then the hub (which neither migrates nor seeds the demo), then everything through the API
 * over real HTTP: the operator sets a password, creates an agency and its administrator, who
 * activates, enrols a second factor and adds a caseworker, who records a consent. On PostgreSQL
 * and on embedded storage.
 */
describe.each([
  ['PostgreSQL', emptyPostgres],
  ['PGlite', emptyEmbedded],
] as const)('a hub put into service from an empty database (%s)', (_name, makeEngine) => {
  let engine: Engine;
  let hub: HubProcess;
  let bundle: string;

  beforeAll(async () => {
    engine = await makeEngine();
    bundle = await buildHub(`into-service-${_name.toLowerCase()}`);
  }, 120_000);
  afterAll(async () => {
    await hub?.kill();
    await engine?.dispose();
  });

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const token = async (account: { agency?: string; username: string; password: string; otp?: string }) => {
    const res = await call('POST', '/oauth/token', { grant_type: 'password', ...account });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.access_token as string;
  };

  it('init, operator, agency, administrator with a second factor, caseworker, consent', async () => {
    // `ponte init`: migrates, makes the first operator with a one-time code, nothing else.
    const init = await cli(['init', '--username', 'hubops', '--display-name', 'Network operator'], engine.env);
    expect(init.code, init.stderr).toBe(0);
    const operatorCode = init.stdout.trim();
    expect(operatorCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    // Again: refused, nothing changed.
    const again = await cli(['init'], engine.env);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already holds 1 hub operator\(s\) and 0 agency\(ies\).*nothing was changed/);
    expect(again.stdout).toBe('');

    // The hub neither migrates nor seeds the demo when deployed; embedded, it would seed by default, so the test says no.
    hub = new HubProcess(bundle, {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      // The hub seals its access log itself here, so the log with the accounts' events can be verified.
      PONTE_SEAL_INTERVAL_MS: '300',
      LOG_LEVEL: 'info',
      // Deployed (DATABASE_URL) the hub neither migrates nor seeds by default; embedded it would seed the demo.
      ...(engine.env.DATABASE_URL ? {} : { PONTE_SEED_DEMO: 'false' }),
      ...engine.env,
    });
    await hub.start();
    expect(hub.logs.join('')).not.toMatch(/demo network seeded/);
    const nobody = await call('POST', '/oauth/token', { grant_type: 'password', agency: 'iom', username: 'caseworker', password: 'ponte-demo-2026' });
    expect(nobody.status).toBe(400);

    // The operator sets a password with the code; a weak one is refused and changes nothing.
    const weak = await call('POST', '/account/activate', { username: 'hubops', code: operatorCode, newPassword: 'password1234' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', check: 'common' })]);
    expect((await call('POST', '/account/activate', { username: 'hubops', code: operatorCode, newPassword: 'correct horse battery staple' })).status).toBe(200);
    const reused = await call('POST', '/account/activate', { username: 'hubops', code: operatorCode, newPassword: 'another good passphrase' });
    expect(reused.status).toBe(400);
    expect(reused.body.errors).toEqual([expect.objectContaining({ field: 'code', check: 'invalid' })]);
    // Deployed (PostgreSQL), hub operators sign in with a second factor too; embedded, by default not.
    const operatorAccount = { username: 'hubops', password: 'correct horse battery staple' };
    let operator: string;
    if (engine.env.DATABASE_URL) {
      expect((await call('POST', '/oauth/token', { grant_type: 'password', ...operatorAccount })).body.errors).toEqual([expect.objectContaining({ field: 'otp', check: 'enrolment_required' })]);
      const started = await call('POST', '/account/second-factor', operatorAccount);
      const codes = await call('POST', '/account/second-factor/confirm', { username: 'hubops', ticket: started.body.ticket, otp: totpNow(started.body.secret) });
      expect(codes.status, JSON.stringify(codes.body)).toBe(200);
      operator = await token({ ...operatorAccount, otp: codes.body.recoveryCodes[0] });
    } else operator = await token(operatorAccount);

    // The operator creates an agency and its administrator, who gets a one-time code.
    const agency = await call('POST', '/v1/agencies', { slug: 'linha-fala', name: { en: 'Helpline (fictional)', pt: 'Linha (fictícia)' }, kind: 'civil_society', services: [{ service: 'psychosocial_support', province: 'MZ-S' }] }, operator);
    expect(agency.status, JSON.stringify(agency.body)).toBe(201);
    expect(agency.body.secondFactorRoles).toEqual(['agency_admin', 'privacy_officer']);
    const made = await call('POST', '/v1/agencies/linha-fala/administrators', { username: 'boss', displayName: 'Ana Administradora' }, operator);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.user).toMatchObject({ username: 'boss', roles: ['agency_admin'], status: 'pending', secondFactor: false });
    expect(made.body.activationUrl).toMatch(/\/console\/activate$/);
    // Only the first: once the agency has an administrator, the operator adds no other.
    const second = await call('POST', '/v1/agencies/linha-fala/administrators', { username: 'operator-friend', displayName: 'Friend' }, operator);
    expect(second.status).toBe(409);

    // The administrator activates, but may not get a token before enrolling the second factor the agency requires.
    const admin = { agency: 'linha-fala', username: 'boss', password: 'a passphrase of her own' };
    expect((await call('POST', '/account/activate', { agency: 'linha-fala', username: 'boss', code: made.body.oneTimeCode, newPassword: admin.password })).status).toBe(200);
    const beforeEnrolment = await call('POST', '/oauth/token', { grant_type: 'password', ...admin });
    expect(beforeEnrolment.status).toBe(400);
    expect(beforeEnrolment.body).toMatchObject({ error: 'invalid_grant', errors: [expect.objectContaining({ field: 'otp', check: 'enrolment_required' })] });
    const enrolment = await call('POST', '/account/second-factor', admin);
    expect(enrolment.status, JSON.stringify(enrolment.body)).toBe(200);
    expect(enrolment.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Ponte:linha-fala%3Aboss\?/);
    const wrong = await call('POST', '/account/second-factor/confirm', { agency: 'linha-fala', username: 'boss', ticket: enrolment.body.ticket, otp: String((Number(totpNow(enrolment.body.secret)) + 500_000) % 1_000_000).padStart(6, '0') });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'otp', check: 'invalid' })]);
    const firstCode = totpNow(enrolment.body.secret);
    const confirmed = await call('POST', '/account/second-factor/confirm', { agency: 'linha-fala', username: 'boss', ticket: enrolment.body.ticket, otp: firstCode });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    // At rest the secret is sealed under the key-encryption key and the recovery codes are hashes: a dump gives neither.
    if (engine.env.DATABASE_URL) {
      const reader = new pg.Client({ connectionString: engine.env.DATABASE_URL });
      await reader.connect();
      const { rows } = await reader.query<{ totp_secret: string; recovery_code_hashes: string[] }>(`select totp_secret, recovery_code_hashes from users where username = 'boss'`);
      await reader.end();
      expect(rows[0]!.totp_secret).toMatch(/^sealed1\./);
      expect(rows[0]!.totp_secret).not.toContain(enrolment.body.secret);
      expect(rows[0]!.recovery_code_hashes).toHaveLength(10);
      for (const code of confirmed.body.recoveryCodes as string[]) expect(rows[0]!.recovery_code_hashes.join(' ')).not.toContain(code.replaceAll('-', ''));
    }
    // Without a code, or with the code already used (a replay in its window): refused.
    expect((await call('POST', '/oauth/token', { grant_type: 'password', ...admin })).body.errors).toEqual([expect.objectContaining({ field: 'otp', check: 'required' })]);
    const replay = await call('POST', '/oauth/token', { grant_type: 'password', ...admin, otp: firstCode });
    expect(replay.status).toBe(400);
    expect(replay.body.errors).toEqual([expect.objectContaining({ field: 'otp', check: 'replayed' })]);
    // A recovery code signs in once.
    const recovery = confirmed.body.recoveryCodes[0] as string;
    const adminToken = await token({ ...admin, otp: recovery });
    expect((await call('POST', '/oauth/token', { grant_type: 'password', ...admin, otp: recovery })).status).toBe(400);

    // The administrator adds a caseworker (no password: a one-time code), who activates and records a consent.
    const caseworker = await call('POST', '/v1/users', { username: 'helena', displayName: 'Helena', roles: ['caseworker', 'intake_focal_point'] }, adminToken);
    expect(caseworker.status, JSON.stringify(caseworker.body)).toBe(201);
    expect(caseworker.body).toMatchObject({ status: 'pending', oneTimeCode: expect.any(String) });
    expect((await call('POST', '/account/activate', { agency: 'linha-fala', username: 'helena', code: caseworker.body.oneTimeCode, newPassword: 'river stones at dusk' })).status).toBe(200);
    const caseworkerToken = await token({ agency: 'linha-fala', username: 'helena', password: 'river stones at dusk' });
    const subject = await call('POST', '/v1/subjects', { identity: { givenName: 'Teste', familyName: 'Pessoa', estimatedAge: 30, sex: 'female', languages: ['pt'] } }, caseworkerToken);
    expect(subject.status, JSON.stringify(subject.body)).toBe(201);
    const consent = await call(
      'POST',
      `/v1/subjects/${subject.body.id}/consents`,
      { grantedBy: 'subject', method: 'thumbprint', language: 'pt', interpreterUsed: false, purposes: ['medical_care'], recipients: [], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86_400_000).toISOString() },
      caseworkerToken,
    );
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);

    // She changes her password; the old one stops working.
    expect((await call('POST', '/account/password', { agency: 'linha-fala', username: 'helena', currentPassword: 'river stones at dusk', newPassword: 'river stones at dusk' })).body.errors).toEqual([
      expect.objectContaining({ field: 'newPassword', check: 'reused' }),
    ]);
    expect((await call('POST', '/account/password', { agency: 'linha-fala', username: 'helena', currentPassword: 'river stones at dusk', newPassword: 'a newer passphrase now' })).status).toBe(200);
    expect((await call('POST', '/oauth/token', { grant_type: 'password', agency: 'linha-fala', username: 'helena', password: 'river stones at dusk' })).status).toBe(400);

    // The administrator resets her: the password stops working, a one-time code sets a new one.
    const reset = await call('POST', `/v1/users/${caseworker.body.id}/reset`, {}, adminToken);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect((await call('POST', '/oauth/token', { grant_type: 'password', agency: 'linha-fala', username: 'helena', password: 'a newer passphrase now' })).status).toBe(400);
    expect((await call('POST', '/account/activate', { agency: 'linha-fala', username: 'helena', code: reset.body.oneTimeCode, newPassword: 'after the reset, mine' })).status).toBe(200);
    await token({ agency: 'linha-fala', username: 'helena', password: 'after the reset, mine' });

    // Every one of these lands in the agency's access log (read here with SQL: the agency has no privacy officer yet).
    if (engine.env.DATABASE_URL) {
      const reader = new pg.Client({ connectionString: engine.env.DATABASE_URL });
      await reader.connect();
      const { rows } = await reader.query<{ rule: string; actor_kind: string }>(
        `select e.rule, e.actor_kind from access_events e join agencies a on a.id = e.agency_id where a.slug = 'linha-fala' and e.resource = 'Account' order by e.occurred_at`,
      );
      await reader.end();
      expect(rows.map((r) => `${r.actor_kind} ${r.rule}`)).toEqual([
        'hub_operator User.create',
        'user Account.activate',
        'user Account.enrol_second_factor',
        'user User.create',
        'user Account.activate',
        'user Account.change_password',
        'user User.reset',
        'user Account.activate',
      ]);
      // The log, with events of a hub operator and of people before they could sign in, verifies.
      await new Promise((r) => setTimeout(r, 1500));
      const verified = await cli(['audit', 'verify'], engine.env);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/the access log verifies: \d+ events/);
    }
  }, 180_000);

  it('locks an account after repeated failures, for every hub, and says nothing more', async () => {
    const attempt = (password: string) => call('POST', '/oauth/token', { grant_type: 'password', agency: 'linha-fala', username: 'helena', password });
    for (let i = 0; i < 5; i++) expect((await attempt('not her password')).status).toBe(400);
    // The right password is refused while the account waits, with the same answer as a wrong one.
    const locked = await attempt('after the reset, mine');
    expect(locked.status).toBe(400);
    expect(locked.body.detail).toBe((await attempt('not her password')).body.detail);
    if (engine.env.DATABASE_URL) {
      const reader = new pg.Client({ connectionString: engine.env.DATABASE_URL });
      await reader.connect();
      const { rows } = await reader.query<{ failed_sign_ins: number; locked: boolean; locks: number }>(
        `select failed_sign_ins, locked_until > now() as locked, (select count(*)::int from access_events where rule = 'Account.lock' and resource_id = u.id) as locks
         from users u where username = 'helena'`,
      );
      await reader.end();
      // Five failures lock it; while it waits, attempts are refused uncounted; each failure after the wait doubles the next.
      expect(rows[0]).toMatchObject({ locked: true, locks: expect.any(Number) });
      expect(rows[0]!.failed_sign_ins).toBeGreaterThanOrEqual(5);
      expect(rows[0]!.locks).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});

describe('a hub that would put the demo or an old schema into service', () => {
  let bundle: string;
  const engines: Engine[] = [];
  const hubs: HubProcess[] = [];
  beforeAll(async () => {
    bundle = await buildHub('into-service-refusals');
  }, 120_000);
  afterAll(async () => {
    for (const hub of hubs) await hub.kill();
    for (const engine of engines) await engine.dispose();
  });
  const hubOn = async (env: Record<string, string>) => {
    const hub = new HubProcess(bundle, { PORT: String(await freePort()), PONTE_WORKER: 'off', PONTE_DEMO_WITNESSES: 'false', LOG_LEVEL: 'info', ...env });
    hubs.push(hub);
    return hub;
  };

  it('refuses to listen beyond loopback while accounts have the demo password, unless PONTE_ALLOW_DEMO says so loudly', async () => {
    const engine = await emptyEmbedded();
    engines.push(engine);
    // The embedded default seeds the demo network; on 0.0.0.0 the hub then refuses to start.
    const refused = await hubOn({ ...engine.env, HOST: '0.0.0.0' });
    await expect(refused.start()).rejects.toThrow(/exited with 1/);
    expect(refused.logs.join('')).toMatch(/57 accounts still have the demo password.*will not listen on 0\.0\.0\.0.*PONTE_ALLOW_DEMO=true/);
    const allowed = await hubOn({ ...engine.env, HOST: '0.0.0.0', PONTE_ALLOW_DEMO: 'true' });
    await allowed.start();
    expect(allowed.logs.join('')).toMatch(/"level":"warn".*DEMO PASSWORDS ON THE NETWORK: 57 accounts/);
    await allowed.stop();
    // On loopback the demo runs as it always has.
    const local = await hubOn({ ...engine.env, HOST: '127.0.0.1' });
    await local.start();
    await local.stop();
  }, 120_000);

  it('refuses to start on a schema behind it when it does not migrate (PONTE_MIGRATE=off), naming the job to run', async () => {
    const engine = await emptyPostgres();
    engines.push(engine);
    const hub = await hubOn({ ...engine.env, HOST: '127.0.0.1' });
    // No PONTE_MIGRATE: with DATABASE_URL the default is off.
    await expect(hub.start()).rejects.toThrow(/exited with 1/);
    expect(hub.logs.join('')).toMatch(/schema is behind this hub: run `ponte migrate`/);
    expect((await cli(['migrate'], engine.env)).code).toBe(0);
    await hub.start();
    await hub.stop();
  }, 120_000);
});
