import { calendarDate, hubTimeOfDay, isTimeOfDay, PonteError, type RetentionAction } from '@ponte/contracts';
import {
  claimRetentionRun,
  finishRetentionRun,
  listRetentionSchedules,
  withoutTenant,
  withTenant,
  type Db,
  type RetentionRunRow,
  type StoredRetentionOutcome,
} from '@ponte/db';
import type { Logger } from 'pino';
import { repeat } from '@ponte/audit';
import { legalHoldsAmong } from '../subjects/legal-holds';
import { casesDueBy } from './retention-view';

/** Erases or anonymises one due subject of an agency, for the retention job (see `retentionEraser`). */
export type RetentionEraser = (due: { db: Db; agencyId: string; subjectId: string; action: RetentionAction; runId: string; now: Date }) => Promise<void>;

/** How long a worker holds an agency's daily run before another may take it over (it died). */
export const RETENTION_LEASE_MS = 30 * 60_000;

/**
 * The daily retention job, for `now`'s hub calendar day: for each active agency with a retention
 * schedule, claims the agency's run for the day (one per agency and day: a second worker, or a
 * second round the same day, finds it claimed or finished and does nothing), lists the agency's
 * closed cases due by `now`, skips those under a legal hold (reported as held), erases or
 * anonymises the others through `erase`, and stores the report. A subject that fails (its erasure
 * refused or broken) is reported as failed with the problem's rule or code, and is due again the
 * next day. Returns the runs it finished.
 */
export async function runRetention({
  db,
  erase,
  now = new Date(),
  logger,
  leaseMs = RETENTION_LEASE_MS,
}: {
  db: Db;
  erase: RetentionEraser;
  now?: Date;
  logger?: Logger | undefined;
  leaseMs?: number;
}): Promise<RetentionRunRow[]> {
  const day = calendarDate(now);
  const schedules = await withoutTenant(db, 'worker', (tx) => listRetentionSchedules(tx));
  const finished: RetentionRunRow[] = [];
  for (const schedule of schedules) {
    const agencyId = schedule.agency_id;
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const run = await withoutTenant(db, 'worker', (tx) => claimRetentionRun(tx, { agencyId, day, at: now, leaseUntil }));
    if (!run) continue;
    // Read in the agency's own scope, as the application role: row-level security holds the reads to its subjects.
    const { due, held } = await withTenant(db, agencyId, async (tx) => {
      const cases = await casesDueBy(tx, agencyId, schedule.rules, schedule.retention_minimum_days, now);
      return { due: cases, held: await legalHoldsAmong(tx, agencyId, cases.map((c) => c.subjectId)) };
    });
    const report: StoredRetentionOutcome[] = [];
    for (const item of due) {
      const base = { subjectId: item.subjectId, reference: item.reference, service: item.service, dueAt: item.dueAt };
      if (held.has(item.subjectId)) {
        report.push({ ...base, outcome: 'held' });
        continue;
      }
      try {
        await erase({ db, agencyId, subjectId: item.subjectId, action: item.action, runId: run.id, now });
        report.push({ ...base, outcome: item.action === 'erase' ? 'erased' : 'anonymised' });
      } catch (error) {
        // A hold placed since the list was read is a hold: the erasure refused it and changed nothing.
        if (error instanceof PonteError && error.rule === 'subject.legal_hold') report.push({ ...base, outcome: 'held' });
        else {
          report.push({ ...base, outcome: 'failed', reason: error instanceof PonteError ? (error.rule ?? error.code) : 'internal_error' });
          logger?.error({ err: error, event: 'retention.failed', agencyId, subjectId: item.subjectId }, 'a due subject could not be erased; it is due again tomorrow');
        }
      }
    }
    const done = await withoutTenant(db, 'worker', (tx) => finishRetentionRun(tx, { agencyId, id: run.id, leaseUntil, at: new Date(Math.max(Date.now(), now.getTime())), subjects: report }));
    if (done) finished.push(done);
    else logger?.warn({ event: 'retention.lease_lost', agencyId, runId: run.id }, 'another worker took this retention run over; its report stands');
  }
  return finished;
}


/**
 * Runs the retention job once a day: every `checkEveryMs` it looks whether the hub's time of day
 * (Maputo) has reached `runAt`, and if so runs `runRetention` for the day, which does nothing for
 * an agency whose run of the day is claimed or finished already. `stop` waits for a run in progress.
 */
export function startRetentionLoop(options: {
  db: Db;
  erase: RetentionEraser;
  runAt: string;
  checkEveryMs: number;
  logger: Logger;
  now?: () => Date;
}): { stop: () => Promise<void> } {
  if (!isTimeOfDay(options.runAt)) throw new Error('runAt must be HH:MM');
  const clock = options.now ?? (() => new Date());
  const round = async () => {
    const now = clock();
    if (hubTimeOfDay(now) < options.runAt) return;
    const runs = await runRetention({ db: options.db, erase: options.erase, now, logger: options.logger });
    for (const run of runs)
      options.logger.info(
        { event: 'retention.run', agencyId: run.agency_id, runId: run.id, erased: run.erased, anonymised: run.anonymised, held: run.held, failed: run.failed },
        'retention run finished',
      );
  };
  return repeat(round, options.checkEveryMs, (error) => options.logger.error({ err: error }, 'the retention run failed; it is tried again at the next look'));
}
