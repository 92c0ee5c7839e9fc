import type { TokenService } from '@ponte/auth';
import { claimDueDeliveries, fanOutDeliveries, recordDeliveryAttempt, releaseDeliveries, withoutTenant, type ClaimedDelivery, type Db } from '@ponte/db';
import type { Logger } from 'pino';
import { sweepExpiredIdempotencyKeys } from '../idempotency';
import { iso } from '../util';
import { attemptError, webhookPoster, type Resolver, type WebhookPoster } from './webhook-transport';

export interface DeliveryOptions {
  db: Db;
  tokens: TokenService;
  logger: Logger;
  now?: () => Date;
  /** Deliveries in flight at once (default 16). */
  concurrency?: number;
  /** Deliveries in flight to one endpoint at once (default 4): one slow receiver cannot take every slot. */
  perEndpoint?: number;
  /** Deliveries one round claims (default: `concurrency`). */
  batchSize?: number;
  /** First retry delay; each retry doubles it. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts?: number;
  /** How long one attempt may take; a claimed delivery is leased for that, and 5 s more. */
  timeoutMs?: number;
  /** Deliver to loopback and private addresses (test beds, single-machine setups). */
  allowPrivateTargets?: boolean;
  /** How host names are resolved (default: the system's resolver). */
  resolve?: Resolver;
  /** How a webhook is posted (default: the guarded client of `webhook-transport`). */
  post?: WebhookPoster;
}

/**
 * Delivers webhooks from the outbox: fans new events out to the endpoints that want them, claims
 * due deliveries (leased for one attempt, so no two workers make the same attempt), posts each
 * signed with the Standard Webhooks `v1a` scheme (Ed25519, the hub's key in its JWKS), several at a
 * time and a bounded few to any one endpoint, and records each outcome as it comes: delivered,
 * retried with exponential backoff, or dead. At least once: receivers deduplicate by the stable
 * `webhook-id` (the event id). Deliveries to one endpoint may arrive in any order.
 */
class Dispatcher {
  readonly inFlight = new Set<Promise<void>>();
  readonly #busy = new Map<string, number>();
  readonly #post: WebhookPoster;
  readonly #now: () => Date;
  readonly concurrency: number;
  readonly #perEndpoint: number;
  readonly #timeoutMs: number;
  delivered = 0;
  attempted = 0;

  constructor(private readonly options: DeliveryOptions) {
    this.#post = options.post ?? webhookPoster({ allowPrivate: options.allowPrivateTargets ?? false, ...(options.resolve ? { resolve: options.resolve } : {}) });
    this.#now = options.now ?? (() => new Date());
    this.concurrency = options.concurrency ?? 16;
    this.#perEndpoint = options.perEndpoint ?? 4;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Fans out, then claims as many due deliveries as there is room for and starts them. */
  async claimAndStart(limit: number): Promise<number> {
    const room = Math.min(limit, this.concurrency - this.inFlight.size);
    if (room <= 0) return 0;
    const { db } = this.options;
    await withoutTenant(db, 'worker', (tx) => fanOutDeliveries(tx, this.#now()));
    const now = this.#now();
    const skipEndpoints = [...this.#busy].filter(([, n]) => n >= this.#perEndpoint).map(([id]) => id);
    const claimed = await withoutTenant(db, 'worker', (tx) =>
      claimDueDeliveries(tx, now, room, { leaseUntil: new Date(now.getTime() + this.#timeoutMs + 5_000), perEndpoint: this.#perEndpoint, skipEndpoints }),
    );
    for (const delivery of claimed) this.#start(delivery);
    return claimed.length;
  }

  #start(delivery: ClaimedDelivery) {
    this.#busy.set(delivery.endpoint_id, (this.#busy.get(delivery.endpoint_id) ?? 0) + 1);
    const running = this.#attempt(delivery)
      .catch(async (error: unknown) => {
        // The outcome could not be recorded (the database went away): hand the delivery back, so it
        // is due again at once rather than when its lease ends; failing that, the lease ends it.
        this.options.logger.error({ err: error, deliveryId: delivery.id }, 'recording a webhook attempt failed');
        await withoutTenant(this.options.db, 'worker', (tx) => releaseDeliveries(tx, [delivery], this.#now())).catch(() => undefined);
      })
      .finally(() => {
        this.inFlight.delete(running);
        const left = (this.#busy.get(delivery.endpoint_id) ?? 1) - 1;
        if (left > 0) this.#busy.set(delivery.endpoint_id, left);
        else this.#busy.delete(delivery.endpoint_id);
      });
    this.inFlight.add(running);
  }

  async #attempt(d: ClaimedDelivery): Promise<void> {
    const { options } = this;
    const attempts = d.attempts + 1;
    const body = JSON.stringify({ id: d.event_id, type: d.type, createdAt: iso(d.created_at), data: d.payload });
    const timestamp = Math.floor(this.#now().getTime() / 1000);
    const { signature, kid } = options.tokens.signBytes(Buffer.from(`${d.event_id}.${timestamp}.${body}`));
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await this.#post({
        url: d.url,
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': `v1a,${signature}`,
          'ponte-key-id': kid,
          'user-agent': 'ponte-webhooks/1',
        },
        body,
        timeoutMs: this.#timeoutMs,
      });
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = attemptError(e);
    }
    this.attempted += 1;
    const ok = error === null;
    const dead = !ok && attempts >= (options.maxAttempts ?? 8);
    const delay = Math.min((options.backoffBaseMs ?? 1000) * 2 ** (attempts - 1), options.backoffMaxMs ?? 3_600_000);
    const now = this.#now();
    const recorded = await withoutTenant(options.db, 'worker', (tx) =>
      recordDeliveryAttempt(
        tx,
        d.id,
        {
          status: ok ? 'delivered' : dead ? 'dead' : 'pending',
          attempts,
          nextAttemptAt: new Date(now.getTime() + (ok || dead ? 0 : delay)),
          lastError: error,
          lastStatus: status,
          deliveredAt: ok ? now : null,
        },
        attempts,
      ),
    );
    if (!recorded) {
      options.logger.warn({ event: 'webhook.lease_lost', deliveryId: d.id }, 'another worker took this delivery over; its outcome stands');
      return;
    }
    if (ok) this.delivered += 1;
    else options.logger.warn({ event: dead ? 'webhook.dead' : 'webhook.retry', deliveryId: d.id, attempts, error }, 'webhook delivery failed');
  }

  /** Resolves when any delivery in flight finishes; never, when none is in flight. */
  anyDone(): Promise<void> {
    return this.inFlight.size === 0 ? new Promise<void>(() => undefined) : Promise.race([...this.inFlight]);
  }
}

/** One round: claims up to `batchSize` due deliveries and attempts them, then waits for all of them. */
export async function deliverDueWebhooks(options: DeliveryOptions): Promise<{ attempted: number; delivered: number }> {
  const dispatcher = new Dispatcher(options);
  await dispatcher.claimAndStart(options.batchSize ?? dispatcher.concurrency);
  await Promise.all([...dispatcher.inFlight]);
  return { attempted: dispatcher.attempted, delivered: dispatcher.delivered };
}

/**
 * Delivers until stopped, keeping up to `concurrency` deliveries in flight: whenever one finishes
 * or `intervalMs` passes, it fans out and claims more. Once a minute it also sweeps expired
 * idempotency keys. `stop` lets the deliveries in flight finish.
 */
export function startDeliveryLoop(options: DeliveryOptions & { intervalMs?: number; sweepEveryMs?: number }): { stop: () => Promise<void> } {
  const dispatcher = new Dispatcher(options);
  const interval = options.intervalMs ?? 250;
  const sweepEvery = options.sweepEveryMs ?? 60_000;
  let stopped = false;
  let wake: (() => void) | undefined;
  let lastSweep = 0;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const running = (async () => {
    while (!stopped) {
      let started = 0;
      try {
        started = await dispatcher.claimAndStart(options.batchSize ?? dispatcher.concurrency);
        if (Date.now() - lastSweep >= sweepEvery) {
          lastSweep = Date.now();
          const swept = await sweepExpiredIdempotencyKeys({ db: options.db, ...(options.now ? { now: options.now } : {}) });
          if (swept > 0) options.logger.info({ event: 'idempotency.swept', keys: swept }, 'expired idempotency keys swept');
        }
      } catch (error) {
        options.logger.error({ err: error }, 'webhook delivery round failed');
      }
      if (stopped) break;
      // Full, or nothing due: wait for a slot to free or the next look.
      if (started === 0 || dispatcher.inFlight.size >= dispatcher.concurrency) await Promise.race([pause(interval), dispatcher.anyDone()]);
    }
    await Promise.all([...dispatcher.inFlight]);
  })();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
