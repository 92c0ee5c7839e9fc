import type { TokenService } from '@ponte/auth';
import { claimDueDeliveries, fanOutDeliveries, recordDeliveryAttempt, withoutTenant, type Db } from '@ponte/db';
import type { Logger } from 'pino';
import { iso } from '../util';

export interface DeliveryOptions {
  db: Db;
  tokens: TokenService;
  logger: Logger;
  now?: () => Date;
  /** Deliveries claimed per round. */
  batchSize?: number;
  /** First retry delay; each retry doubles it. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts?: number;
  /** How long a claimed delivery stays with this worker before another may retry it. */
  leaseMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * One round of webhook delivery: fan new events out to the endpoints that want them, claim
 * due deliveries (`FOR UPDATE SKIP LOCKED`, then a lease, so two workers never make the same
 * attempt), post each signed with the Standard Webhooks `v1a` scheme (Ed25519, the hub's key
 * in its JWKS), and record the outcome: delivered, retried with exponential backoff, or dead.
 * At least once: receivers deduplicate by the stable `webhook-id` (the event id).
 */
export async function deliverDueWebhooks(options: DeliveryOptions): Promise<{ attempted: number; delivered: number }> {
  const now = options.now ?? (() => new Date());
  const { db, logger } = options;
  const batch = options.batchSize ?? 20;
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Deliveries of a batch go out one after another: each is leased long enough for those before it.
  const leaseFor = (position: number) => options.leaseMs ?? (timeoutMs + 5_000) * (position + 1);
  await withoutTenant(db, 'worker', (tx) => fanOutDeliveries(tx, now()));
  const claimed = await withoutTenant(db, 'worker', async (tx) => {
    const due = await claimDueDeliveries(tx, now(), batch);
    for (const [position, d] of due.entries())
      await recordDeliveryAttempt(tx, d.id, {
        status: 'pending',
        attempts: d.attempts + 1,
        nextAttemptAt: new Date(now().getTime() + leaseFor(position)),
        lastError: null,
        lastStatus: null,
        deliveredAt: null,
      });
    return due;
  });
  let delivered = 0;
  for (const d of claimed) {
    const attempts = d.attempts + 1;
    const body = JSON.stringify({ id: d.event_id, type: d.type, createdAt: iso(d.created_at), data: d.payload });
    const timestamp = Math.floor(now().getTime() / 1000);
    const { signature, kid } = options.tokens.signBytes(Buffer.from(`${d.event_id}.${timestamp}.${body}`));
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await (options.fetch ?? fetch)(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': `v1a,${signature}`,
          'ponte-key-id': kid,
          'user-agent': 'ponte-webhooks/1',
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = e instanceof Error ? e.name : 'error';
    }
    const ok = error === null;
    const dead = !ok && attempts >= (options.maxAttempts ?? 8);
    const delay = Math.min((options.backoffBaseMs ?? 1000) * 2 ** (attempts - 1), options.backoffMaxMs ?? 3_600_000);
    const recorded = await withoutTenant(db, 'worker', (tx) =>
      recordDeliveryAttempt(
        tx,
        d.id,
        {
        status: ok ? 'delivered' : dead ? 'dead' : 'pending',
        attempts,
        nextAttemptAt: new Date(now().getTime() + (ok || dead ? 0 : delay)),
        lastError: error,
        lastStatus: status,
        deliveredAt: ok ? now() : null,
        },
        attempts,
      ),
    );
    if (!recorded) {
      logger.warn({ event: 'webhook.lease_lost', deliveryId: d.id }, 'another worker took this delivery over; its outcome stands');
      continue;
    }
    if (ok) delivered += 1;
    else logger.warn({ event: dead ? 'webhook.dead' : 'webhook.retry', deliveryId: d.id, attempts, error }, 'webhook delivery failed');
  }
  return { attempted: claimed.length, delivered };
}

/** Runs delivery rounds until stopped; a round that found work is followed at once by the next. */
export function startDeliveryLoop(options: DeliveryOptions & { intervalMs?: number }): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    if (stopped) return;
    running = deliverDueWebhooks(options)
      .then((r) => r.attempted)
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'webhook delivery round failed');
        return 0;
      })
      .then((attempted) => {
        if (!stopped) timer = setTimeout(round, attempted > 0 ? 0 : (options.intervalMs ?? 1000));
      });
  };
  round();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
