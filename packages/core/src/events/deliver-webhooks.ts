import { webhookDeliveries } from '@ponte/metrics';
import { inSpan, SpanKind, traceHeaders, type Span } from '@ponte/tracing';
import { webhookSecretContext, webhookSignatureV1, type SecretSealer, type TokenService } from '@ponte/auth';
import { claimDueDeliveries, fanOutDeliveries, recordDeliveryAttempts, releaseDeliveries, withoutTenant, type ClaimedDelivery, type Db, type DeliveryOutcome } from '@ponte/db';
import type { Logger } from 'pino';
import { sweepExpiredIdempotencyKeys } from '../idempotency';
import { flagOverdueReferrals } from '../referrals/flag-overdue-referrals';
import { flagOverduePurges } from '../referrals/flag-overdue-purges';
import { iso } from '../util';
import { attemptError, webhookPoster, type Resolver, type WebhookPoster } from './webhook-transport';

export interface DeliveryOptions {
  db: Db;
  tokens: TokenService;
  /** Opens endpoints' signing secrets (the key-encryption key they were sealed under). */
  secrets: SecretSealer;
  logger: Logger;
  now?: () => Date;
  /** Deliveries in flight at once (default 32). */
  concurrency?: number;
  /** Deliveries in flight to one endpoint at once (default 8): one slow receiver cannot take every slot. */
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
 * Delivers webhooks from the outbox: fans new events out to the endpoints that want them and
 * claims due deliveries in one transaction (each leased for one attempt, so no two workers make
 * the same attempt), posts each signed with the Standard Webhooks `v1` scheme (HMAC-SHA256 under the
 * endpoint's own secret) and `v1a` (Ed25519, the hub's key in its JWKS), several at a time and a bounded few to any one endpoint, and records the
 * outcomes (delivered, retried with exponential backoff, or dead) many to a statement as they
 * come. At least once: receivers deduplicate by the stable `webhook-id` (the event id).
 * Deliveries to one endpoint may arrive in any order.
 */
class Dispatcher {
  readonly inFlight = new Set<Promise<void>>();
  readonly #busy = new Map<string, number>();
  readonly #post: WebhookPoster;
  readonly #now: () => Date;
  readonly concurrency: number;
  readonly #perEndpoint: number;
  readonly #timeoutMs: number;
  /** Outcomes waiting to be recorded, with what to do once they are. */
  #outcomes: Array<{ outcome: DeliveryOutcome; settle: (recorded: boolean) => void; fail: (error: unknown) => void }> = [];
  #recording: Promise<void> | undefined;
  delivered = 0;
  attempted = 0;

  constructor(private readonly options: DeliveryOptions) {
    this.#post = options.post ?? webhookPoster({ allowPrivate: options.allowPrivateTargets ?? false, ...(options.resolve ? { resolve: options.resolve } : {}) });
    this.#now = options.now ?? (() => new Date());
    this.concurrency = options.concurrency ?? 32;
    this.#perEndpoint = options.perEndpoint ?? 8;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Fans out and claims as many due deliveries as there is room for, in one transaction, and starts them. */
  async claimAndStart(limit: number): Promise<number> {
    const room = Math.min(limit, this.concurrency - this.inFlight.size);
    if (room <= 0) return 0;
    const busy = new Map(this.#busy);
    const claimed = await withoutTenant(this.options.db, 'worker', async (tx) => {
      const now = this.#now();
      await fanOutDeliveries(tx, now);
      return claimDueDeliveries(tx, now, room, { leaseUntil: new Date(now.getTime() + this.#timeoutMs + 5_000), perEndpoint: this.#perEndpoint, busy });
    });
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

  /** One delivery attempt, a span of its own (a root: the request that caused the event has long answered). */
  #attempt(d: ClaimedDelivery): Promise<void> {
    return inSpan('webhook delivery', { kind: SpanKind.PRODUCER, attributes: { 'ponte.event.type': d.type, 'messaging.system': 'webhook', 'messaging.operation.type': 'send' } }, (span) => this.#attemptNow(d, span));
  }

  async #attemptNow(d: ClaimedDelivery, span: Span | undefined): Promise<void> {
    const { options } = this;
    const attempts = d.attempts + 1;
    const body = JSON.stringify({ id: d.event_id, type: d.type, createdAt: iso(d.created_at), data: d.payload });
    const timestamp = Math.floor(this.#now().getTime() / 1000);
    const signed = Buffer.from(`${d.event_id}.${timestamp}.${body}`);
    const { signature, kid } = options.tokens.signBytes(signed, this.#now());
    let status: number | null = null;
    let error: string | null = null;
    try {
      const v1 = this.#endpointSecrets(d).map((secret) => `v1,${webhookSignatureV1(secret, signed)}`);
      status = await this.#post({
        url: d.url,
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.event_id,
          'webhook-timestamp': String(timestamp),
          // Standard Webhooks: space-separated; a receiver accepts the delivery if any one verifies.
          'webhook-signature': [...v1, `v1a,${signature}`].join(' '),
          'ponte-key-id': kid,
          'user-agent': 'ponte-webhooks/1',
          // The receiver may continue the trace (W3C Trace Context), when tracing is on.
          ...traceHeaders(),
        },
        body,
        timeoutMs: this.#timeoutMs,
      });
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof UnopenedSecret ? 'signing_secret' : attemptError(e);
    }
    this.attempted += 1;
    const ok = error === null;
    const dead = !ok && attempts >= (options.maxAttempts ?? 8);
    const delay = Math.min((options.backoffBaseMs ?? 1000) * 2 ** (attempts - 1), options.backoffMaxMs ?? 3_600_000);
    const now = this.#now();
    const recorded = await this.#record({
      id: d.id,
      attempts,
      status: ok ? 'delivered' : dead ? 'dead' : 'pending',
      nextAttemptAt: new Date(now.getTime() + (ok || dead ? 0 : delay)),
      lastError: error,
      lastStatus: status,
      deliveredAt: ok ? now : null,
    });
    if (!recorded) {
      options.logger.warn({ event: 'webhook.lease_lost', deliveryId: d.id }, 'another worker took this delivery over; its outcome stands');
      return;
    }
    webhookDeliveries.inc({ outcome: ok ? 'delivered' : dead ? 'dead' : 'failed' });
    span?.setAttributes({ 'ponte.webhook.outcome': ok ? 'delivered' : dead ? 'dead' : 'failed', 'ponte.webhook.attempt': attempts, ...(status !== null ? { 'http.response.status_code': status } : {}) });
    if (ok) this.delivered += 1;
    else options.logger.warn({ event: dead ? 'webhook.dead' : 'webhook.retry', deliveryId: d.id, attempts, error }, 'webhook delivery failed');
  }

  /**
   * The endpoint's secrets that sign `v1` now: its own (none for an endpoint made before endpoints
   * had secrets) and, after a rotation, the one replaced until it expires. One that does not open
   * (another key-encryption key sealed it) fails the attempt, named `signing_secret`, before
   * anything is posted: a delivery the receiver would refuse is not sent.
   */
  #endpointSecrets(d: ClaimedDelivery): string[] {
    const context = webhookSecretContext(d.agency_id, d.endpoint_id);
    const previous = d.previous_secret_expires_at !== null && d.previous_secret_expires_at > this.#now() ? d.previous_secret_sealed : null;
    try {
      return [d.secret_sealed, previous].filter((sealed): sealed is string => sealed !== null).map((sealed) => this.options.secrets.openSecret(context, sealed));
    } catch {
      throw new UnopenedSecret();
    }
  }

  /**
   * Queues an outcome for the next recording statement: while one statement runs, the outcomes
   * that come in wait for the next, so under load many are recorded in one round trip.
   */
  #record(outcome: DeliveryOutcome): Promise<boolean> {
    const settled = new Promise<boolean>((settle, fail) => this.#outcomes.push({ outcome, settle, fail }));
    this.#recording ??= this.#flush();
    return settled;
  }

  async #flush(): Promise<void> {
    while (this.#outcomes.length > 0) {
      const batch = this.#outcomes.splice(0, 500);
      try {
        const recorded = await withoutTenant(this.options.db, 'worker', (tx) => recordDeliveryAttempts(tx, batch.map((b) => b.outcome)));
        for (const item of batch) item.settle(recorded.has(item.outcome.id));
      } catch (error) {
        for (const item of batch) item.fail(error);
      }
    }
    this.#recording = undefined;
  }

  /** Resolves when any delivery in flight finishes; never, when none is in flight. */
  anyDone(): Promise<void> {
    return this.inFlight.size === 0 ? new Promise<void>(() => undefined) : Promise.race([...this.inFlight]);
  }
}

/** An endpoint's signing secret that the key-encryption key at hand does not open. */
class UnopenedSecret extends Error {}

/** One round: claims up to `batchSize` due deliveries and attempts them, then waits for all of them. */
export async function deliverDueWebhooks(options: DeliveryOptions): Promise<{ attempted: number; delivered: number }> {
  const dispatcher = new Dispatcher(options);
  await dispatcher.claimAndStart(options.batchSize ?? dispatcher.concurrency);
  await Promise.all([...dispatcher.inFlight]);
  return { attempted: dispatcher.attempted, delivered: dispatcher.delivered };
}

/**
 * Delivers until stopped, keeping up to `concurrency` deliveries in flight: whenever one finishes,
 * new events are committed (`subscribe`, the outbox's notifications) or `intervalMs` passes, it
 * fans out and claims more. Once a minute it also sweeps expired idempotency keys. `stop` lets the
 * deliveries in flight finish.
 */
export function startDeliveryLoop(
  options: DeliveryOptions & {
    intervalMs?: number;
    sweepEveryMs?: number;
    /** Calls back whenever events are committed (see `Storage.listen` and `OUTBOX_CHANNEL`). */
    subscribe?: (onNotify: () => void) => Promise<() => Promise<void>>;
  },
): { stop: () => Promise<void> } {
  const dispatcher = new Dispatcher(options);
  const interval = options.intervalMs ?? 250;
  const sweepEvery = options.sweepEveryMs ?? 60_000;
  let stopped = false;
  let wake: (() => void) | undefined;
  /** New events were announced since the last claim began. */
  let nudged = false;
  let lastSweep = 0;
  let unsubscribe: (() => Promise<void>) | undefined;
  const subscribed = options.subscribe?.(() => {
    nudged = true;
    wake?.();
  }).then(
    (stop) => (unsubscribe = stop),
    (error: unknown) => options.logger.warn({ err: error }, 'could not listen for new events; polling only'),
  );
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
      nudged = false;
      let started = 0;
      try {
        started = await dispatcher.claimAndStart(options.batchSize ?? dispatcher.concurrency);
        if (Date.now() - lastSweep >= sweepEvery) {
          lastSweep = Date.now();
          const swept = await sweepExpiredIdempotencyKeys({ db: options.db, ...(options.now ? { now: options.now } : {}) });
          if (swept > 0) options.logger.info({ event: 'idempotency.swept', keys: swept }, 'expired idempotency keys swept');
          // Referrals newly past a deadline: both agencies are told, once (their events are delivered by this loop).
          const overdue = await flagOverdueReferrals({ db: options.db, now: options.now?.() ?? new Date() });
          if (overdue > 0) options.logger.info({ event: 'referral.overdue', referrals: overdue }, 'overdue referrals flagged to both agencies');
          // Purges asked on an erasure and not attested by their deadline: both agencies are told, once.
          const purges = await flagOverduePurges({ db: options.db, now: options.now?.() ?? new Date() });
          if (purges > 0) options.logger.info({ event: 'referral.purge_overdue', purgeRequests: purges }, 'unattested purges past their deadline told to both agencies');
        }
      } catch (error) {
        options.logger.error({ err: error }, 'webhook delivery round failed');
      }
      if (stopped) break;
      const full = dispatcher.inFlight.size >= dispatcher.concurrency;
      // Full, or nothing due and nothing announced meanwhile: wait for a slot, an announcement or the next look.
      if (full || (started === 0 && !nudged)) await Promise.race([pause(interval), dispatcher.anyDone()]);
    }
    await Promise.all([...dispatcher.inFlight]);
  })();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      await subscribed;
      await unsubscribe?.();
    },
  };
}
