import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianConsent } from './console-client';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

/**
 * The console speaks in words, in Portuguese as in English: agencies, countries, provinces and
 * languages by name, a referral's timeline by what each step did, rules by what they say, the
 * people in the access log by name, and counts in the language's plural forms. Each page is
 * also checked for the codes it used to print.
 */
let env: BrowserHub;
let referralId = '';
const IOM_PT = 'Organização Internacional para as Migrações (OIM) Moçambique';
const MGCAS_PT = 'Ministério do Género, Criança e Acção Social';

/** Codes a person should never have to read on these pages. */
const CODES = [/\bMOZ\b/, /\bZWE\b/, /\bMZ-MPM\b/, /\biom\b/, /\bmgcas\b/, /_not_allowed\b/, /category_not_shared/, /need_to_know/, /\bpessoa [0-9a-f]{8}\b/, /\b1 pessoas\b/];
const codesIn = (text: string) => CODES.filter((code) => code.test(text)).map(String);

beforeAll(async () => {
  env = await startBrowserHub();
  const { hub } = env;
  const token = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: {
      identity: { givenName: 'Tendai', familyName: 'Moyo', dateOfBirth: '2012-02-14', sex: 'male', nationality: 'ZWE', languages: ['pt', 'sn'] },
      location: { current: { country: 'MOZ', province: 'MZ-MPM', locality: 'Magoanine' } },
    },
  });
  expect(subject.status).toBe(201);
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: guardianConsent('mgcas', 'Rudo Moyo') });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location'] },
  });
  expect(sent.status).toBe(201);
  referralId = ((await sent.json()) as { id: string }).id;
  // Accepted, then assigned: two steps, the second keeping the status.
  const focal = await hub.tokenFor('mgcas', 'focal-point');
  expect((await hub.call('POST', `/v1/referrals/${referralId}/accept`, { token: focal, json: {} })).status).toBe(200);
  const me = (await (await hub.call('GET', '/v1/me', { token: await hub.tokenFor('mgcas', 'caseworker') })).json()) as { id: string };
  expect((await hub.call('POST', `/v1/referrals/${referralId}/assign`, { token: focal, json: { assigneeId: me.id }, headers: { 'if-match': '*' } })).status).toBe(200);
  // The caseworker reads the shared data once through the API too: an access by another agency for IOM's log.
  expect((await hub.call('GET', `/v1/referrals/${referralId}/subject`, { token: await hub.tokenFor('mgcas', 'caseworker') })).status).toBe(200);
});
afterAll(async () => env?.close());

describe('words, not codes, in Portuguese', () => {
  it('a referral’s page names the agencies, the places and the languages, tells each step once, and says why a category is withheld', async () => {
    const { page, context } = await env.person('pt');
    await signIn(page, 'mgcas', 'caseworker');
    await page.goto(`/console/referrals/${referralId}`);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain(IOM_PT);
    expect(main).toContain(MGCAS_PT);
    expect(main).toContain('Zimbabué');
    expect(main).toContain('Moçambique');
    expect(main).toContain('Maputo (cidade)');
    expect(main).toContain('shona');
    expect(main).toContain('14 de fevereiro de 2012');
    expect(main).toContain('o remetente não a partilhou');
    const steps = (await page.locator('ol.timeline li strong').allTextContents()).map((s) => s.trim());
    expect(steps).toEqual(['Enviado', 'Aceite', 'Atribuído']);
    expect(codesIn((await page.locator('body').textContent())!)).toEqual([]);
    await screenshot(page, 'referral-receiver-pt');

    // The focal point is told in words which steps its role may not take.
    const focal = await env.person('pt');
    await signIn(focal.page, 'mgcas', 'focal-point');
    await focal.page.goto(`/console/referrals/${referralId}`);
    const refused = (await focal.page.locator('#refused-steps').textContent())!;
    expect(refused).toContain('não pode iniciar o trabalho neste encaminhamento');
    expect(await focal.page.locator('#refused-steps [data-rule="referral.start_not_allowed"]').count()).toBe(1);
    expect(codesIn((await focal.page.locator('body').textContent())!)).toEqual([]);
    await screenshot(focal.page, 'referral-focal-point-pt');
    await focal.context.close();
    await context.close();
  });

  it('the access log names the agency’s own people and other agencies by name, and the rules in words', async () => {
    const { page, context } = await env.person('pt');
    await signIn(page, 'iom', 'privacy');
    await page.getByRole('link', { name: 'Registo de acessos' }).first().click();
    await page.waitForSelector('#access-events');
    const rows = (await page.locator('#access-events tbody tr').allTextContents()).join('\n');
    // IOM's own caseworker by name; MGCAS's caseworker as a person of that ministry.
    expect(rows).toContain('Caseworker A · ' + IOM_PT);
    expect(rows).toContain('Uma pessoa · ' + MGCAS_PT);
    expect(rows).toContain('partilhada pelo encaminhamento');
    expect(rows).toContain('Identidade, Localização');
    expect(rows).not.toMatch(/\bpessoa [0-9a-f]{8}\b/);
    await screenshot(page, 'access-log-pt');
    await context.close();
  });

  it('the home page counts in the language’s plural forms and names the agency', async () => {
    const { page, context } = await env.person('pt');
    await signIn(page, 'iom', 'caseworker');
    const figures = (await page.locator('.figures').textContent())!;
    expect(figures).toMatch(/1\s*pessoa que acompanha/);
    expect(figures).toMatch(/1\s*encaminhamento que enviou está aberto/);
    expect((await page.locator('main .facts').textContent())!).toContain(IOM_PT);
    expect((await page.locator('header').textContent())!).toContain(`(${IOM_PT})`);
    expect(codesIn((await page.locator('body').textContent())!)).toEqual([]);
    await screenshot(page, 'home-caseworker-pt');

    // Nothing left to triage: European Portuguese puts 0 in the plural.
    const focal = await env.person('pt');
    await signIn(focal.page, 'mgcas', 'focal-point');
    expect((await focal.page.locator('.figures').textContent())!).toMatch(/0\s*encaminhamentos recebidos aguardam triagem/);
    await focal.context.close();
    await context.close();
    expect(env.pageErrors).toEqual([]);
  });
});
