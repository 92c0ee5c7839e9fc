import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { emptyPostgres, type EmptyEngine } from '../support/empty-hub';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';
import { haproxyInstalled, startHaproxy, type RunningHaproxy } from './haproxy';

/**
 * Two hubs, each its own process on one PostgreSQL database, behind HAProxy (round robin): the
 * sign-in limit holds for the pair, counted in Redis (`PONTE_REDIS_URL`) or, without it, in the
 * database. Before, each process counted its own and two hubs allowed twice the limit.
 */
const RATE = 6;

for (const store of ['redis', 'postgres'] as const) {
  describe.skipIf(!haproxyInstalled() && !process.env.CI)(`two hubs behind HAProxy, limits in ${store}`, () => {
    let engine: EmptyEngine;
    const hubs: HubProcess[] = [];
    let proxy: RunningHaproxy;

    beforeAll(async () => {
      if (!haproxyInstalled()) throw new Error('haproxy is missing: install it with `apt-get install -y haproxy` (.ci/run does)');
      engine = await emptyPostgres();
      const entry = await buildHub(`shared-limits-${store}`);
      const env = {
        HOST: '127.0.0.1',
        PONTE_MIGRATE: 'auto',
        PONTE_SEED_DEMO: 'true',
        PONTE_DEMO_PASSWORD: DEMO_PASSWORD,
        PONTE_DEMO_WITNESSES: 'false',
        PONTE_OPERATOR_SECOND_FACTOR: 'false',
        PONTE_WORKER: 'off',
        PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: String(RATE),
        PONTE_TRUSTED_PROXIES: '127.0.0.1',
        LOG_LEVEL: 'info',
        ...(store === 'redis' ? { PONTE_REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', PONTE_REDIS_KEY_PREFIX: `ponte-test-${randomUUID().slice(0, 8)}` } : {}),
        ...engine.env,
      };
      // One after the other: the first migrates and seeds the empty database.
      for (let i = 0; i < 2; i++) {
        const hub = new HubProcess(entry, { ...env, PORT: String(await freePort()) });
        await hub.start();
        hubs.push(hub);
      }
      proxy = await startHaproxy(hubs.map((hub) => new URL(hub.url).host));
    }, 180_000);
    afterAll(async () => {
      await proxy?.stop();
      for (const hub of hubs) await hub.stop();
      await engine?.dispose();
    });

    it('refuses the sign-in past the limit whichever hub answers, and each hub answered some', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < RATE + 2; i++) {
        const res = await fetch(`${proxy.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', agency: 'iom', username: 'caseworker', password: 'not the password' }) });
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      // The limit is the pair's: the first RATE are answered (wrong password), the rest refused.
      expect(statuses).toEqual([...Array<number>(RATE).fill(400), 429, 429]);
      // Round robin sent them to both hubs: each answered some. (A hub writes a request's log line as it answers: wait for the last.)
      const logged = (hub: HubProcess, status: string) => hub.logs.join('').split('\n').filter((l) => l.includes('"route":"/oauth/token"') && l.includes(status)).length;
      for (let i = 0; i < 50 && hubs.reduce((n, hub) => n + logged(hub, '"status":'), 0) < RATE + 2; i++) await new Promise((r) => setTimeout(r, 100));
      for (const hub of hubs) {
        const answered = hub.logs.join('').split('\n').filter((l) => l.includes('"route":"/oauth/token"'));
        expect(answered.length).toBeGreaterThan(0);
      }
      expect(hubs.reduce((n, hub) => n + logged(hub, '"status":429'), 0)).toBe(2);
    }, 60_000);
  });
}
