/**
 * The bare minimum the hub is measured against: hono and pg, running the same SQL the hub needs
 * for each operation and nothing else (no token, no validation, no policy, no row-level security).
 * Written only for the benchmark.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { inclusionRanges, TileReader } from '@ponte/audit/tree';

// As the hub does, a statement with values runs prepared, planned once per connection.
const names = new Map<string, string>();
const unnamed = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
// Each request's round trips, told in `Server-Timing` as the hub tells its own.
const trips = new AsyncLocalStorage<{ count: number }>();
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const store = trips.getStore();
  if (store) store.count++;
  const [text, values] = args;
  if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return unnamed.apply(this, args);
  let name = names.get(text);
  if (!name) names.set(text, (name = `baseline_${names.size + 1}`));
  return unnamed.call(this, { name, text, values }, ...args.slice(2));
} as typeof pg.Client.prototype.query;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL ?? 10) });
const app = new Hono();
app.use((c, next) => {
  const store = { count: 0 };
  return trips.run(store, async () => {
    await next();
    c.res.headers.set('server-timing', `db;desc="${store.count} round trips, ${store.count} statements"`);
  });
});
app.get('/ready', (c) => c.text('ready'));

app.get('/referrals/:id', async (c) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query('select * from referrals where id = $1', [c.req.param('id')]);
    const r = rows[0];
    await client.query(
      `insert into access_events (agency_id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, decision, rule, request_id)
       values ($1, now(), 'user', $2, $3, $4, 'ReferredSubject', $5, 'read', '{identity}', 'allow', 'baseline', 'baseline')`,
      [r.recipient_agency_id, r.recipient_assignee_id, r.agency_id, r.subject_id, r.id],
    );
    const { rows: subject } = await client.query('select identity, contact, location from subjects where agency_id = $1 and id = $2', [r.agency_id, r.subject_id]);
    await client.query('commit');
    return c.json({ referral: r.id, data: subject[0] });
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
});

app.post('/referrals', async (c) => {
  const body = (await c.req.json()) as { subjectId: string; service: string; agencyId: string; recipientId: string; consentId: string; actorId: string };
  const client = await pool.connect();
  try {
    await client.query('begin');
    // The checks a send needs: the subject, the consent's latest version, an agreement in force.
    await client.query('select id from subjects where agency_id = $1 and id = $2 for share', [body.agencyId, body.subjectId]);
    await client.query('select * from consents where agency_id = $1 and consent_id = $2 order by version desc limit 1', [body.agencyId, body.consentId]);
    await client.query('select * from agreements where agency_id = $1 and recipient_agency_id = $2', [body.agencyId, body.recipientId]);
    const { rows } = await client.query(
      `insert into referrals (agency_id, recipient_agency_id, subject_id, consent_id, legal_basis, service, purpose, urgency, shared_categories, triage, status, created_by, created_at, updated_at, sent_at)
       values ($1, $2, $3, $4, 'consent', $6, 'return_reintegration', 'routine', '{identity}', '{}', 'sent', $5, now(), now(), now()) returning id`,
      [body.agencyId, body.recipientId, body.subjectId, body.consentId, body.actorId, body.service],
    );
    const id = rows[0].id;
    await client.query(
      `insert into referral_transitions (agency_id, referral_id, recipient_agency_id, to_status, actor_agency_id, actor_id, at) values ($1, $2, $3, 'sent', $1, $4, now())`,
      [body.agencyId, id, body.recipientId, body.actorId],
    );
    await client.query(
      `insert into events (agency_id, seq, type, referral_id, payload, created_at) values ($1, nextval('bench_seq'), 'referral.sent', $2, '{}', now()), ($3, nextval('bench_seq'), 'referral.sent', $2, '{}', now())`,
      [body.agencyId, id, body.recipientId],
    );
    await client.query(
      `insert into access_events (agency_id, occurred_at, actor_kind, actor_id, owning_agency_id, subject_id, resource, resource_id, action, fields, decision, rule, request_id)
       values ($1, now(), 'user', $2, $1, $3, 'Referral', $4, 'send', '{identity}', 'allow', 'baseline', 'baseline')`,
      [body.agencyId, body.actorId, body.subjectId, id],
    );
    await client.query('commit');
    return c.json({ id }, 201);
  } catch (error) {
    await client.query('rollback');
    return c.json({ error: 'conflict' }, 409);
  } finally {
    client.release();
  }
});

app.get('/inbox', async (c) => {
  const { rows } = await pool.query('select * from referrals where recipient_agency_id = $1 and status <> $2 order by created_at desc, id desc limit 50', [c.req.query('recipient'), 'draft']);
  return c.json({ items: rows.length });
});

/** Events with their places in the log, as the hub lists them. */
const withPlaces = 'select e.*, l.log_index from access_events e left join log_leaves l on l.agency_id = e.agency_id and l.event_id = e.id and l.occurred_at = e.occurred_at';

app.get('/log', async (c) => {
  const { subject, actor, agency, from, to } = c.req.query();
  const { rows } = subject
    ? await pool.query(`${withPlaces} where (e.agency_id = $1 or e.owning_agency_id = $1) and e.subject_id = $2 order by e.occurred_at, e.id limit 100`, [agency, subject])
    : await pool.query(`${withPlaces} where (e.agency_id = $1 or e.owning_agency_id = $1) and e.actor_id = $2 and e.occurred_at >= $3 and e.occurred_at < $4 order by e.occurred_at, e.id limit 100`, [agency, actor, from, to]);
  return c.json({ items: rows.length });
});

app.get('/log/events/:id/proof', async (c) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query(
      'select e.*, l.log_index from log_leaves l join access_events e on e.agency_id = l.agency_id and e.id = l.event_id and e.occurred_at = l.occurred_at where l.event_id = $1',
      [c.req.param('id')],
    );
    const event = rows[0];
    await client.query(
      `insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, resource_id, action, decision, rule, request_id)
       values ($1, now(), 'user', $2, 'AccessEvent', $3, 'proof', 'allow', 'baseline', 'baseline')`,
      [event.agency_id, event.actor_id, event.id],
    );
    const { rows: heads } = await client.query('select tree_size, root_hash, signed_head from log_heads order by tree_size desc limit 1');
    const size = Number(heads[0].tree_size);
    const index = Number(event.log_index);
    const reader = new TileReader(size, async (wanted) => {
      const { rows: tiles } = await client.query(
        'select t.level, t.tile_index as index, t.hashes from unnest($1::int[], $2::bigint[]) as w (level, index) join log_tiles t on t.level = w.level and t.tile_index = w.index',
        [wanted.map((t) => t.level), wanted.map((t) => t.index)],
      );
      return tiles.map((t) => ({ level: t.level, index: Number(t.index), hashes: t.hashes }));
    });
    const ranges: Array<[number, number]> = [[index, index + 1], ...inclusionRanges(index, size)];
    await reader.load(ranges);
    const [leaf, ...path] = ranges.map(([lo, hi]) => reader.hash(lo, hi).toString('hex'));
    await client.query('commit');
    return c.json({ event: event.id, leafHash: leaf, logIndex: index, treeSize: size, rootHash: heads[0].root_hash, auditPath: path });
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8099), hostname: '127.0.0.1' }, () => process.stdout.write('baseline ready\n'));
