import { sql, type Kysely } from 'kysely';
import type { Ledger, TimingReceiver } from './fault-story';

export interface LedgerFigures {
  /** Changing requests the hub acknowledged (2xx), by the client's ledger. */
  acknowledged: number;
  /** Of those, found in the database exactly once, as acknowledged. */
  presentOnce: number;
  /** Acknowledged but not in the database. */
  missing: number;
  /** Records written more than once for one logical request. */
  duplicates: number;
  /** One-shot requests the hub answered "failed" (503 timeout/unavailable, or a 4xx) whose record exists anyway. */
  failedButApplied: number;
  /** One-shots answered "failed", the ones the previous figure is about. */
  answeredFailed: number;
  /** Referral transitions without their two outbox events (one for each party), or events without their transition. */
  transitionsWithoutEvents: number;
  /** Gaps in an agency's event numbers. */
  eventNumberGaps: number;
}

/**
 * Holds the database to what the client was told: every acknowledged record is there exactly
 * once, nothing answered "failed" is there at all, every transition has its events, and event
 * numbers have no gaps. Read as the owner (or superuser), past row-level security.
 */
export async function checkLedger(db: Kysely<any>, ledger: Ledger): Promise<LedgerFigures> {
  const figures: LedgerFigures = { acknowledged: 0, presentOnce: 0, missing: 0, duplicates: 0, failedButApplied: 0, answeredFailed: 0, transitionsWithoutEvents: 0, eventNumberGaps: 0 };
  const { rows } = await sql<{ marker: string; subject_id: string; consent_ids: string[]; referral_ids: string[]; accepted: number; status: string | null }>`
    select s.identity->>'givenName' as marker, s.id as subject_id,
           coalesce(array_agg(distinct c.consent_id) filter (where c.consent_id is not null), '{}') as consent_ids,
           coalesce(array_agg(distinct r.id) filter (where r.id is not null), '{}') as referral_ids,
           (select count(*)::int from referral_transitions t join referrals rr on rr.id = t.referral_id where rr.subject_id = s.id and t.to_status = 'accepted') as accepted,
           max(r.status) as status
    from subjects s
    left join consents c on c.agency_id = s.agency_id and c.subject_id = s.id
    left join referrals r on r.agency_id = s.agency_id and r.subject_id = s.id
    where s.identity->>'givenName' like 'Fault%' or s.identity->>'givenName' like 'Once%'
    group by s.agency_id, s.id`.execute(db);
  const byMarker = new Map<string, typeof rows>();
  for (const row of rows) byMarker.set(row.marker, [...(byMarker.get(row.marker) ?? []), row]);
  // One subject a marker, one consent a subject, one referral a subject, one acceptance a referral.
  for (const [, subjects] of byMarker) {
    figures.duplicates += subjects.length - 1;
    for (const s of subjects) figures.duplicates += Math.max(0, s.consent_ids.length - 1) + Math.max(0, s.referral_ids.length - 1) + Math.max(0, s.accepted - 1);
  }
  for (const op of ledger.operations) {
    if (op.outcome !== 'acknowledged') continue;
    figures.acknowledged += 1;
    const subjects = byMarker.get(op.marker) ?? [];
    const found =
      op.kind === 'subject'
        ? subjects.filter((s) => s.subject_id === op.id).length
        : op.kind === 'consent'
          ? subjects.filter((s) => s.consent_ids.includes(op.id!)).length
          : op.kind === 'referral'
            ? subjects.filter((s) => s.referral_ids.includes(op.id!)).length
            : subjects.filter((s) => s.referral_ids.includes(op.id!) && s.accepted === 1).length;
    if (found === 1) figures.presentOnce += 1;
    else figures.missing += 1;
  }
  for (const shot of ledger.oneShots) {
    const failed = shot.answer !== 'network' && shot.answer >= 400 && !(shot.answer === 503 && shot.code === 'outcome_unknown');
    if (!failed) continue;
    figures.answeredFailed += 1;
    if ((byMarker.get(shot.marker) ?? []).length > 0) figures.failedButApplied += 1;
  }
  // Each transition of a sent referral writes one event for each party, in its transaction.
  const { rows: transitions } = await sql<{ unmatched: number }>`
    select count(*)::int as unmatched from (
      select r.id,
             (select count(*) from referral_transitions t where t.agency_id = r.agency_id and t.referral_id = r.id) as transitions,
             (select count(*) from events e where e.referral_id = r.id) as events
      from referrals r where r.sent_at is not null) x
    where events <> 2 * transitions`.execute(db);
  figures.transitionsWithoutEvents = transitions[0]!.unmatched;
  const { rows: numbering } = await sql<{ gaps: number }>`
    select coalesce(sum(max_seq - min_seq + 1 - n), 0)::int + coalesce(sum(case when min_seq <> 1 then 1 else 0 end), 0)::int as gaps
    from (select agency_id, count(*) as n, min(seq) as min_seq, max(seq) as max_seq from events group by agency_id) a`.execute(db);
  figures.eventNumberGaps = numbering[0]!.gaps;
  return figures;
}

/**
 * Waits until the receiver has every event of the partner's written after its endpoint (the one
 * described as `description`), or 60 s; answers how many are still missing.
 */
export async function awaitDeliveries(db: Kysely<any>, receiver: TimingReceiver, description = 'fault run'): Promise<number> {
  let missing = 0;
  for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 200))) {
    const { rows } = await sql<{ id: string }>`
      select e.id from events e join webhook_endpoints w on w.agency_id = e.agency_id and w.description = ${description} where e.created_at >= w.created_at`.execute(db);
    const got = new Set(receiver.receipts.map((r) => r.id));
    missing = rows.filter((r) => !got.has(r.id)).length;
    if (missing === 0 || Date.now() > deadline) return missing;
  }
}
