import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { archiveExpiredMonths, consistencyFromTiles, inclusionFromTiles, preparePartitions, sealLog, verifyArchive, verifyConsistency, verifyInclusion, verifyLog } from '@ponte/audit';
import { withoutTenant } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * Retention archives whole months: a month past the period is written to an archive file (its
 * events, their leaves, the head that proves them), then its partition is detached and dropped.
 * The live log still verifies and still proves inclusion and consistency across the dropped
 * month; the archive verifies offline, and a tampered or cut archive names its first bad entry.
 * On both engines.
 */
describe.each(BOTH_ENGINES)('retention by month on %s', (_name, open) => {
  let hub: TestHub;
  let archiveDir: string;
  const now = () => new Date('2026-12-04T12:00:00Z');
  const oldMonth = 'access_events_y2025m03';
  let archiveFile: string;
  let oldEvents: number;

  beforeAll(async () => {
    hub = await createTestHub({ database: await open() });
    archiveDir = await mkdtemp(join(tmpdir(), 'ponte-archives-'));
    const db = hub.database.db;
    const agency = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(db)).rows[0]!.id;
    // Reads through the API now, events of March 2025 (before the month existed: they wait in the
    // default partition and move into it when it is made), and more reads now: old events are
    // interleaved with recent ones in the log.
    const token = await hub.tokenFor('iom', 'caseworker');
    const subject = (await (await hub.call('POST', '/v1/subjects', { token, json: { identity: { givenName: 'Old', familyName: 'Month', estimatedAge: 30, sex: 'female', languages: ['pt'] } } })).json()) as { id: string };
    await sealLog({ db, tokens: hub.tokens });
    oldEvents = 700;
    await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, subject_id, owning_agency_id, resource, action, decision, rule, request_id)
      select ${agency}, '2025-03-10T00:00:00Z'::timestamptz + make_interval(mins => n), 'user', gen_random_uuid(), ${subject.id}, ${agency}, 'Subject', 'read', 'allow', 'test.generated', 'req-' || n
      from generate_series(1, ${oldEvents}) n`.execute(db);
    for (let i = 0; i < 3; i++) await hub.call('GET', `/v1/subjects/${subject.id}`, { token });
    await sealLog({ db, tokens: hub.tokens, batchSize: 300 });
    await withoutTenant(db, 'sealer', (tx) => sql`select ensure_access_event_partitions('2025-02-01', '2025-04-30')`.execute(tx));
    await preparePartitions({ db, now });
    for (let i = 0; i < 2; i++) await hub.call('GET', `/v1/subjects/${subject.id}`, { token });
    await sealLog({ db, tokens: hub.tokens });
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await rm(archiveDir, { recursive: true, force: true });
  });

  it('archives the months past the period and drops their partitions; the live log still verifies and proves', async () => {
    const db = hub.database.db;
    const before = await verifyLog({ db, tokens: hub.tokens });
    expect(before).toMatchObject({ ok: true, archivedEvents: 0 });
    const { rows: headsBefore } = await sql<{ tree_size: number; root_hash: string }>`select tree_size, root_hash from log_heads order by tree_size`.execute(db);

    const result = await archiveExpiredMonths({ db, tokens: hub.tokens, retentionDays: 365, archiveDir, now });
    expect(result.archived.map((a) => [a.partition, a.events])).toEqual([
      ['access_events_y2025m02', 0],
      [oldMonth, oldEvents],
      ['access_events_y2025m04', 0],
    ]);
    archiveFile = join(archiveDir, result.archived[1]!.file);
    expect(await readdir(archiveDir)).toEqual(expect.arrayContaining(result.archived.map((a) => a.file)));
    const { rows: partitions } = await sql<{ name: string }>`select name from access_event_partitions()`.execute(db);
    expect(partitions.map((p) => p.name)).not.toContain(oldMonth);
    const { rows: left } = await sql<{ n: number }>`select count(*)::int as n from access_events where occurred_at < '2025-04-01'`.execute(db);
    expect(left[0]!.n).toBe(0);

    const after = await verifyLog({ db, tokens: hub.tokens });
    expect(after).toMatchObject({ ok: true, events: before.events, archivedEvents: oldEvents, firstProblem: null });

    // Proofs still reach every place, the dropped month's included: they read tiles, not events.
    const latest = headsBefore.at(-1)!;
    const { rows: oldPlaces } = await sql<{ log_index: number }>`select log_index from log_leaves where occurred_at < '2025-04-01' order by log_index limit 1`.execute(db);
    await withoutTenant(db, 'auditor', async (tx) => {
      const { leaf, path } = await inclusionFromTiles(tx, oldPlaces[0]!.log_index, latest.tree_size);
      expect(verifyInclusion(oldPlaces[0]!.log_index, latest.tree_size, leaf, path, Buffer.from(latest.root_hash, 'hex'))).toBe(true);
      const first = headsBefore[0]!;
      const proof = await consistencyFromTiles(tx, first.tree_size, latest.tree_size);
      expect(verifyConsistency(first.tree_size, latest.tree_size, Buffer.from(first.root_hash, 'hex'), Buffer.from(latest.root_hash, 'hex'), proof)).toBe(true);
    });

    // Running again archives nothing more: the other months are within the period.
    expect((await archiveExpiredMonths({ db, tokens: hub.tokens, retentionDays: 365, archiveDir, now })).archived).toEqual([]);
  });

  it('the archive verifies offline, from the file alone or against keys the checker trusts', async () => {
    expect(await verifyArchive(archiveFile)).toMatchObject({ ok: true, partition: oldMonth, events: oldEvents, signedBy: { keys: 'archive' }, firstProblem: null });
    expect(await verifyArchive(archiveFile, { keys: hub.tokens.jwks() })).toMatchObject({ ok: true, signedBy: { keys: 'given' } });
  });

  it('a tampered, cut or foreign archive names its first bad entry', async () => {
    const lines = gunzipSync(await readFile(archiveFile)).toString('utf8').trimEnd().split('\n');
    const variant = async (name: string, change: (lines: string[]) => string[] | Buffer) => {
      const file = join(archiveDir, `${name}.jsonl.gz`);
      const changed = change([...lines]);
      await writeFile(file, Buffer.isBuffer(changed) ? changed : gzipSync(`${changed.join('\n')}\n`));
      return verifyArchive(file);
    };
    const forged = await variant('forged', (l) => {
      const event = JSON.parse(l[5]!) as { event: { rule: string; log_index: number; id: string } };
      event.event.rule = 'forged';
      l[5] = JSON.stringify(event);
      return l;
    });
    const fifth = (JSON.parse(lines[5]!) as { event: { log_index: number; id: string } }).event;
    expect(forged).toMatchObject({ ok: false, firstProblem: { problem: 'event_changed', line: 6, logIndex: fifth.log_index, eventId: fifth.id } });
    expect(await variant('cut', (l) => l.slice(0, -3))).toMatchObject({ ok: false, firstProblem: { problem: 'archive_cut' } });
    expect(await variant('garbled', () => Buffer.from('not gzip at all'))).toMatchObject({ ok: false, firstProblem: { problem: 'not_an_archive', reason: 'gzip' } });
    expect(await variant('not-json', (l) => [l[0]!, '{"event":', ...l.slice(1)])).toMatchObject({ ok: false, firstProblem: { problem: 'not_an_archive', line: 2, reason: 'json' } });
    const stranger = await variant('stranger-head', (l) => {
      const header = JSON.parse(l[0]!) as { signedHead: string };
      const [h, p, s] = header.signedHead.split('.');
      header.signedHead = [h, p, `${s!.slice(0, -4)}AAAA`].join('.');
      l[0] = JSON.stringify(header);
      return l;
    });
    expect(stranger).toMatchObject({ ok: false, firstProblem: { problem: 'head_not_genuine' } });
    const leafChanged = await variant('leaf-changed', (l) => {
      const at = l.findIndex((line) => line.startsWith('{"leaves"'));
      const leaves = JSON.parse(l[at]!) as { leaves: { hashes: string } };
      leaves.leaves.hashes = `${'00'.repeat(32)}${leaves.leaves.hashes.slice(64)}`;
      l[at] = JSON.stringify(leaves);
      return l;
    });
    expect(leafChanged.ok).toBe(false);
    expect(['event_changed', 'root_mismatch']).toContain(leafChanged.firstProblem?.problem);
  });

  it('`ponte audit verify --archive` checks an archive from the command line, with no database, and fails on a forged one', async () => {
    const cli = (file: string, ...extra: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/hub/src/cli.ts', 'audit', 'verify', '--archive', file, ...extra], { env: { PATH: process.env.PATH ?? '' } }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const jwks = join(archiveDir, 'jwks.json');
    await writeFile(jwks, JSON.stringify(hub.tokens.jwks()));
    const good = await cli(archiveFile, '--jwks', jwks);
    expect(good.code).toBe(0);
    expect(good.out).toContain(`the archive verifies: ${oldMonth}, ${oldEvents} events`);
    expect(good.out).toContain('from the JWKS given');
    const forged = await cli(join(archiveDir, 'forged.jsonl.gz'));
    expect(forged.code).toBe(1);
    expect(forged.out).toContain('the archive does NOT verify: {"problem":"event_changed","line":6');
  }, 60_000);

  it('the database refuses to drop a month no archive holds, even for the sealer', async () => {
    const db = hub.database.db;
    await expect(withoutTenant(db, 'sealer', (tx) => sql`select drop_access_event_partition('access_events_y2026m12')`.execute(tx))).rejects.toThrow(/no archive/);
    const { rows } = await sql<{ name: string }>`select name from access_event_partitions()`.execute(db);
    expect(rows.map((r) => r.name)).toContain('access_events_y2026m12');
  });
});
