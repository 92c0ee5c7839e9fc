import type { TokenService } from '@ponte/auth';
import { claimVerification, finishVerification, recordVerificationProgress, withoutTenant, type Db, type LogVerificationRow } from '@ponte/db';
import { repeat } from './loop';
import { verifyLog } from './verify';

/** How long a runner holds a verification before another may take it over (renewed with each progress record). */
const LEASE_MS = 60_000;
/** How often a running verification records how far it has got. */
const PROGRESS_EVERY_MS = 1_000;

/**
 * Runs the verifications waiting, oldest first, until none is left: each verifies the whole log
 * (and the head the agency kept, if it gave one), recording its progress as it goes and its report
 * at the end. Several runners may share the queue: each job is claimed by one.
 */
export async function runVerifications(options: { db: Db; tokens: TokenService; now?: () => Date; witnessesRequired?: number; parallelism?: number }): Promise<number> {
  const now = options.now ?? (() => new Date());
  let ran = 0;
  for (;;) {
    const job = await withoutTenant(options.db, 'auditor', (tx) => claimVerification(tx, now(), LEASE_MS));
    if (!job) return ran;
    await runOne(options.db, options.tokens, job, now, { witnessesRequired: options.witnessesRequired ?? 1, parallelism: options.parallelism ?? 1 });
    ran += 1;
  }
}

async function runOne(db: Db, tokens: TokenService, job: LogVerificationRow, now: () => Date, options: { witnessesRequired: number; parallelism: number }): Promise<void> {
  let checked = 0;
  let total = 0;
  let recorded = 0;
  let saving: Promise<void> = Promise.resolve();
  try {
    const report = await verifyLog({
      db,
      tokens,
      witness: job.witness ?? undefined,
      ...options,
      onProgress: (done, of) => {
        checked = done;
        total = of;
        if (Date.now() - recorded < PROGRESS_EVERY_MS) return;
        recorded = Date.now();
        saving = saving.then(() =>
          withoutTenant(db, 'auditor', (tx) => recordVerificationProgress(tx, job, { checked: done, total: of, leaseUntil: new Date(now().getTime() + LEASE_MS) })),
        );
      },
    });
    await saving;
    await withoutTenant(db, 'auditor', (tx) => finishVerification(tx, job, { status: 'done', report, at: now(), checked: report.events, total: report.events }));
  } catch (error) {
    await saving.catch(() => undefined);
    // The hub could not finish (the database went away, say): the job says so, the error goes to the
    // runner's log, never its text into the report an agency reads.
    await withoutTenant(db, 'auditor', (tx) => finishVerification(tx, job, { status: 'failed', report: { error: 'could_not_finish' }, at: now(), checked, total }));
    throw error;
  }
}

/** Runs waiting verifications every `intervalMs` (and takes over those whose runner died). */
export function startVerificationLoop(options: { db: Db; tokens: TokenService; intervalMs?: number; witnessesRequired?: number; parallelism?: number; onError?: (error: unknown) => void }) {
  return repeat(() => runVerifications(options), options.intervalMs ?? 1000, options.onError);
}
