import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startBrowserHub, type BrowserHub } from './browser';

/**
 * The person's file from the console (issue 22, item 1), in Chromium and in Portuguese: IOM's
 * caseworker opens it from the person's page; it shows the data held, each consent with what the
 * person agreed to in the page's language and, where the hub has a text in it, in the language
 * the consent was recorded in (English here; none for Changana), the referral with the correction
 * carried to Casa Esperança, the document's fingerprint and who saw the data; printed, the
 * console's header and menu are left out. Opening it is logged as the API's is (Subject, file);
 * a caseworker outside need-to-know is refused.
 */
let env: BrowserHub;
let subjectId = '';
let caseworkerId = '';
let referralId = '';

beforeAll(async () => {
  env = await startBrowserHub();
  const { hub } = env;
  const token = await hub.tokenFor('iom', 'caseworker');
  caseworkerId = ((await (await hub.call('GET', '/v1/me', { token })).json()) as { id: string }).id;
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: {
      identity: { givenName: 'Graça', familyName: 'Machava', dateOfBirth: '1990-07-21', sex: 'female', languages: ['pt', 'en'] },
      contact: { phone: '+258845551234', safeToContact: true },
    },
  });
  expect(subject.status).toBe(201);
  subjectId = ((await subject.json()) as { id: string }).id;
  const consent = (language: string, recipients: string[], interpreterUsed: boolean) => ({
    grantedBy: 'subject',
    method: 'written',
    language,
    interpreterUsed,
    purposes: ['protection_assistance'],
    recipients,
    categories: ['identity', 'contact'],
    legalBasis: 'consent',
    validUntil: new Date(Date.now() + 90 * 86400_000).toISOString(),
  });
  const given = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: consent('en', ['casa-esperanca'], false) });
  const consentId = ((await given.json()) as { consent: { id: string } }).consent.id;
  expect((await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: consent('ts', [], true) })).status).toBe(201);
  const sent = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'casa-esperanca', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'contact'] },
  });
  referralId = ((await sent.json()) as { id: string }).id;
  expect((await hub.call('POST', `/v1/referrals/${referralId}/accept`, { token: await hub.tokenFor('casa-esperanca', 'focal-point'), json: {} })).status).toBe(200);
  expect((await hub.call('PATCH', `/v1/subjects/${subjectId}`, { token, json: { contact: { phone: '+258845559999', safeToContact: true } }, headers: { 'if-match': '*' } })).status).toBe(200);
  const upload = await hub.app.request(`/v1/subjects/${subjectId}/documents?category=identity`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'ponte-document-title': encodeURIComponent('Bilhete de identidade') },
    body: '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  });
  expect(upload.status).toBe(201);
});
afterAll(async () => env?.close());

const fileEvents = async (actorId: string) =>
  (await sql<{ decision: string }>`select decision from access_events where resource = 'Subject' and action = 'file' and actor_id = ${actorId}`.execute(env.hub.database.db)).rows.map((r) => r.decision);

describe('the person’s file in the console', () => {
  it('opens from the person’s page in Portuguese, with the consent’s own language where the hub has a text in it, and prints without the console around it', async () => {
    const { page, context } = await env.person('pt');
    await signIn(page, 'iom', 'caseworker');
    await page.goto(`/console/subjects/${subjectId}`);
    await page.getByRole('link', { name: 'Processo da pessoa (para imprimir ou entregar)' }).click();
    await page.waitForURL(new RegExp(`/console/subjects/${subjectId}/file$`));
    expect(await page.locator('html').getAttribute('lang')).toBe('pt');
    expect(await page.locator('h1').textContent()).toContain('O processo da pessoa');
    const headings = (await page.locator('main h2').allTextContents()).map((h) => h.trim());
    expect(headings).toEqual(['Dados guardados', 'Consentimentos', 'Encaminhamentos', 'Transferências de casos', 'Documentos', 'Quem viu os dados']);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Graça');
    expect(main).toContain('+258845559999');

    // Each consent: what the person agreed to in Portuguese; the English one also in English, the Changana one with a note.
    const statements = await page.locator('blockquote[lang="pt"]').allTextContents();
    expect(statements).toHaveLength(2);
    // Newest first: the Changana one (no other agency), then the English one (naming Casa Esperança).
    expect(statements[0]).toMatch(/^Aceito que .* sem os partilhar com outras agências/);
    expect(statements[1]).toMatch(/^Aceito que .* partilhe com Rede de Abrigos Casa Esperança/);
    const english = page.locator('blockquote.consent-recorded-language[lang="en"]');
    expect(await english.count()).toBe(1);
    expect(await english.textContent()).toMatch(/^I agree that .* shares it with .*Casa Esperança/);
    expect(main).toContain('O hub não tem texto no idioma em que o consentimento foi registado');

    // The referral's history shows the correction carried to Casa Esperança; the document by its fingerprint.
    const steps = (await page.locator('#referrals ol.timeline li').allTextContents()).map((s) => s.trim());
    expect(steps.at(-1)).toMatch(/^Retificado: categorias Contacto/);
    expect(await page.locator('#documents td').filter({ hasText: 'Bilhete de identidade' }).count()).toBe(1);
    expect(await page.locator('#documents code.hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator('#accesses tbody tr').count()).toBeGreaterThan(3);
    await screenshot(page, 'person-file-pt');

    // Printed: the page alone, without the console's header, menu or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('nav.main').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Imprimir' }).isVisible()).toBe(false);
    expect(await page.locator('#consents').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(1000);
    await context.close();

    // Opening it was logged as an access, as through the API.
    expect(await fileEvents(caseworkerId)).toContain('allow');
    expect(env.pageErrors).toEqual([]);
  });

  it('shows the correction in the referral’s timeline on the receiving agency’s page, by category, without the values', async () => {
    const { page, context } = await env.person('pt');
    await signIn(page, 'casa-esperanca', 'focal-point');
    await page.goto(`/console/referrals/${referralId}`);
    const steps = (await page.locator('ol.timeline li').allTextContents()).map((s) => s.trim());
    expect(steps.map((s) => s.split(' · ')[0])).toEqual(['Enviado', 'Aceite', 'Retificado: categorias Contacto']);
    expect(steps.at(-1)).toContain('Organização Internacional para as Migrações');
    expect((await page.locator('main').textContent())!).not.toContain('+258845559999');
    await context.close();
  });

  it('is refused to a caseworker of the agency outside need-to-know, and the refusal is logged', async () => {
    const { page, context } = await env.person('pt');
    await signIn(page, 'iom', 'caseworker2');
    const answer = await page.goto(`/console/subjects/${subjectId}/file`);
    expect(answer?.status()).toBe(404);
    expect((await page.locator('main').textContent())!).not.toContain('Graça');
    const outsider = ((await (await env.hub.call('GET', '/v1/me', { token: await env.hub.tokenFor('iom', 'caseworker2') })).json()) as { id: string }).id;
    expect(await fileEvents(outsider)).toEqual(['deny']);
    await context.close();
  });
});
