import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient } from './console-client';

/** What a screen reader and a keyboard meet on the console's pages, checked in their HTML. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

const idsOf = (html: string) => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
const duplicates = (values: string[]) => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
/** A button's or link's text with its tags removed, as a screen reader reads its name. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

function checkPage(html: string) {
  const ids = idsOf(html);
  expect(duplicates(ids)).toEqual([]);
  // Every table's scrolling region can be reached by keyboard and is named by something on the page.
  for (const wrap of html.match(/<div class="table-wrap"[^>]*>/g) ?? []) {
    expect(wrap).toContain('tabindex="0"');
    expect(wrap).toContain('role="region"');
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(wrap)?.[1];
    expect(ids).toContain(labelledBy);
  }
  // No select starts with an option that says nothing.
  expect(html).not.toMatch(/<option value="">\s*<\/option>/);
}

describe('console accessibility', () => {
  it('gives every page unique ids, reachable named tables and choices that say something, in both languages', async () => {
    for (const lang of ['en', 'pt'] as const) {
      const operator = await consoleClient(hub, undefined, 'operator', lang);
      for (const path of ['/console/operator/agreements', '/console/operator/agencies', '/console/operator/agencies/iom/services']) {
        const page = await operator.get(path);
        expect(page.status).toBe(200);
        checkPage(page.html);
      }
      const admin = await consoleClient(hub, 'iom', 'admin', lang);
      for (const path of ['/console/admin/users', '/console/admin/api-clients', '/console/admin/webhooks']) checkPage((await admin.get(path)).html);
      const privacy = await consoleClient(hub, 'iom', 'privacy', lang);
      for (const path of ['/console/access-log', '/console/access-log/flags', '/console/access-log/chart']) checkPage((await privacy.get(path)).html);
      const caseworker = await consoleClient(hub, 'iom', 'caseworker', lang);
      for (const path of ['/console/subjects', '/console/subjects/new', '/console/referrals/new?service=shelter&province=MZ-MPM', '/console/referrals/outgoing']) checkPage((await caseworker.get(path)).html);
      const home = await caseworker.get('/console');
      expect(home.html).toContain(`<nav class="main" aria-label="${lang === 'pt' ? 'Menu principal' : 'Main menu'}">`);
      expect((await caseworker.get('/console/subjects/new')).html).toContain(lang === 'pt' ? 'Escolha…' : 'Choose…');
    }
  });

  it('names each of a list’s repeated buttons by its row', async () => {
    const admin = await consoleClient(hub, 'iom', 'admin');
    const users = await admin.get('/console/admin/users');
    const disable = [...users.html.matchAll(/<button type="submit" class="danger">([\s\S]*?)<\/button>/g)].map((m) => textOf(m[1]!));
    expect(disable.length).toBeGreaterThan(2);
    expect(duplicates(disable)).toEqual([]);
    expect(disable).toContain('Disable caseworker2');
    const clients = await admin.get('/console/admin/api-clients');
    expect(clients.html).toMatch(/Revoke<span class="visually-hidden"> iom\.demo<\/span>/);

    const operator = await consoleClient(hub, undefined, 'operator');
    const agreements = await operator.get('/console/operator/agreements');
    const terminate = [...agreements.html.matchAll(/<button type="submit" class="danger">([\s\S]*?)<\/button>/g)].map((m) => textOf(m[1]!));
    expect(terminate.length).toBeGreaterThan(1);
    expect(duplicates(terminate)).toEqual([]);
  });

  it('marks each input of a refused group of choices invalid and described by the message, not the fieldset', async () => {
    const admin = await consoleClient(hub, 'iom', 'admin');
    const refused = await admin.post('/console/admin/users', { username: 'new-person', displayName: 'New Person', password: 'a-long-enough-password' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('id="f-roles-error"');
    expect(refused.html).toMatch(/<fieldset id="f-roles">/);
    const inputs = refused.html.match(/<input type="checkbox" name="roles"[^>]*>/g) ?? [];
    expect(inputs.length).toBeGreaterThan(1);
    for (const input of inputs) {
      expect(input).toContain('aria-invalid="true"');
      expect(input).toContain('aria-describedby="f-roles-error"');
    }
  });
});
