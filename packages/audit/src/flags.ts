import { createHash } from 'node:crypto';
import { HUB_TIME_ZONE, type RuleCode } from '@ponte/contracts';

/** What flags are computed from: the fields of an access event they need. */
export interface FlagEvent {
  id: string;
  /** Events of one request: a read that withheld some categories also logs denials. */
  requestId: string;
  actorKind: string;
  occurredAt: Date;
  actorId: string;
  actorAgencyId: string;
  subjectId: string | null;
  resource: string;
  action: string;
  decision: 'allow' | 'deny';
  /** A `RuleCode`, or an older record's name for its rule. */
  rule: string;
  breakGlass: boolean;
}

export type FlagKind = 'break_glass' | 'repeated_denials' | 'unusual_volume' | 'outside_working_hours' | 'read_without_assignment' | 'message_personal_data' | 'purge_unattested';

export interface Flag {
  /** Stable for the same finding, so a review can point at it. */
  id: string;
  kind: FlagKind;
  actorId: string;
  actorAgencyId: string;
  subjectId: string | null;
  from: string;
  to: string;
  eventIds: string[];
  detail: Record<string, number | string>;
}

export interface FlagSettings {
  timeZone: string;
  /** Working hours, local time, Monday to Friday. */
  workStartHour: number;
  workEndHour: number;
  /** Denials by one actor within an hour that make a pattern. */
  denialsPerHour: number;
  /** A day's reads this many times an actor's usual daily reads (and at least `volumeFloor`). */
  volumeFactor: number;
  volumeFloor: number;
}

export const DEFAULT_FLAG_SETTINGS: FlagSettings = {
  timeZone: HUB_TIME_ZONE,
  workStartHour: 7,
  workEndHour: 19,
  denialsPerHour: 5,
  volumeFactor: 3,
  volumeFloor: 20,
};

/** The rules under which a read is someone's own work on the case; a read under any other is flagged. */
const ASSIGNED_RULES: ReadonlySet<string> = new Set<RuleCode>(['need_to_know.assigned', 'need_to_know.team', 'need_to_know.registered_by_client', 'referral.shared']);

/** The rule a message is logged under when it carries the subject's identity to an agency not shared it. */
export const MESSAGE_PERSONAL_DATA_RULE: RuleCode = 'referral.message_personal_data';

const formats = new Map<string, Intl.DateTimeFormat>();
function local(at: Date, timeZone: string): { day: string; hour: number; weekday: string } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday: parts.weekday! };
}

const flagId = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 24);

/** What counts as a read of personal data for the volume and assignment rules: allowed, these resources, these actions. */
export const PERSONAL_DATA_READS = { resources: ['Subject', 'ReferredSubject'], actions: ['read', 'list'] } as const;
export const isPersonalDataRead = (e: Pick<FlagEvent, 'decision' | 'resource' | 'action'>) =>
  e.decision === 'allow' && (PERSONAL_DATA_READS.resources as readonly string[]).includes(e.resource) && (PERSONAL_DATA_READS.actions as readonly string[]).includes(e.action);

/** How many reads a day each actor usually makes, from its reads in a history window. */
export function usualReadsPerDay(history: FlagEvent[], timeZone: string = DEFAULT_FLAG_SETTINGS.timeZone): Map<string, number> {
  const byActor = new Map<string, { reads: number; days: Set<string> }>();
  for (const h of history.filter(isPersonalDataRead)) {
    const entry = byActor.get(h.actorId) ?? { reads: 0, days: new Set<string>() };
    entry.reads += 1;
    entry.days.add(local(h.occurredAt, timeZone).day);
    byActor.set(h.actorId, entry);
  }
  return new Map([...byActor].map(([actorId, { reads, days }]) => [actorId, reads / days.size]));
}

/**
 * Flags over the events of a window: break-glass use, repeated denials, reads far above an
 * actor's usual volume (`history` gives the usual), access outside working hours in the agency's
 * time zone, and reads of a subject without assignment or open referral. Every rule looks at one
 * actor's events at a time (`flagsOfActor`), so a caller may stream the window actor by actor.
 */
export function computeFlags(events: FlagEvent[], history: FlagEvent[], settings: FlagSettings = DEFAULT_FLAG_SETTINGS): Flag[] {
  const usual = usualReadsPerDay(history, settings.timeZone);
  const byActor = new Map<string, FlagEvent[]>();
  for (const e of events) {
    const list = byActor.get(e.actorId);
    if (list) list.push(e);
    else byActor.set(e.actorId, [e]);
  }
  return sortFlags([...byActor].flatMap(([actorId, list]) => flagsOfActor(list, usual.get(actorId) ?? 0, settings)));
}

/** The order flags are shown in: by when they start, then by kind. */
export const sortFlags = (flags: Flag[]): Flag[] => flags.sort((a, b) => a.from.localeCompare(b.from) || a.kind.localeCompare(b.kind));

/** The flags of one actor's events in a window (in time order), given the reads a day it usually makes. */
export function flagsOfActor(list: FlagEvent[], usual: number, settings: FlagSettings = DEFAULT_FLAG_SETTINGS): Flag[] {
  const flags: Flag[] = [];
  if (list.length === 0) return flags;
  const actorId = list[0]!.actorId;
  const span = (events: FlagEvent[]) => ({ from: events[0]!.occurredAt.toISOString(), to: events.at(-1)!.occurredAt.toISOString() });

  for (const e of list.filter((x) => x.breakGlass && x.decision === 'allow'))
    flags.push({ id: flagId('break_glass', e.id), kind: 'break_glass', actorId, actorAgencyId: e.actorAgencyId, subjectId: e.subjectId, ...span([e]), eventIds: [e.id], detail: { action: e.action } });

  // A refused request is one with no allowed access; a read that withheld some categories is not a
  // refusal. A request is one principal's, so its events are all in this actor's list.
  const allowedRequests = new Set(list.filter((e) => e.decision === 'allow').map((e) => e.requestId));
  const seenRequests = new Set<string>();
  const denials = list.filter((e) => {
    if (e.decision !== 'deny' || allowedRequests.has(e.requestId) || seenRequests.has(e.requestId)) return false;
    seenRequests.add(e.requestId);
    return true;
  });
  for (let i = 0; i + settings.denialsPerHour - 1 < denials.length; ) {
    const window = denials.slice(i).filter((d) => d.occurredAt.getTime() - denials[i]!.occurredAt.getTime() < 3_600_000);
    if (window.length >= settings.denialsPerHour) {
      flags.push({ id: flagId('repeated_denials', actorId, window[0]!.id), kind: 'repeated_denials', actorId, actorAgencyId: window[0]!.actorAgencyId, subjectId: null, ...span(window), eventIds: window.map((w) => w.id), detail: { denials: window.length } });
      i += window.length;
    } else i += 1;
  }

  const readsByDay = new Map<string, FlagEvent[]>();
  for (const e of list.filter(isPersonalDataRead)) {
    const day = local(e.occurredAt, settings.timeZone).day;
    const reads = readsByDay.get(day);
    if (reads) reads.push(e);
    else readsByDay.set(day, [e]);
  }
  for (const [day, reads] of readsByDay)
    if (reads.length >= settings.volumeFloor && reads.length > settings.volumeFactor * usual)
      flags.push({ id: flagId('unusual_volume', actorId, day), kind: 'unusual_volume', actorId, actorAgencyId: reads[0]!.actorAgencyId, subjectId: null, ...span(reads), eventIds: reads.map((r) => r.id), detail: { day, reads: reads.length, usualPerDay: Math.round(usual * 10) / 10 } });

  // People working late, not agencies' systems syncing at night.
  for (const e of list.filter((x) => x.decision === 'allow' && x.subjectId && x.actorKind === 'user')) {
    const { hour, weekday } = local(e.occurredAt, settings.timeZone);
    if (weekday === 'Sat' || weekday === 'Sun' || hour < settings.workStartHour || hour >= settings.workEndHour)
      flags.push({ id: flagId('outside_working_hours', e.id), kind: 'outside_working_hours', actorId, actorAgencyId: e.actorAgencyId, subjectId: e.subjectId, ...span([e]), eventIds: [e.id], detail: { localHour: hour, weekday } });
  }

  // A message on a referral that names the subject, or gives their date of birth, to an agency not
  // shared their identity: the event says so by its rule; neither the flag nor the event holds the text.
  for (const e of list.filter((x) => x.decision === 'allow' && x.rule === MESSAGE_PERSONAL_DATA_RULE))
    flags.push({ id: flagId('message_personal_data', e.id), kind: 'message_personal_data', actorId, actorAgencyId: e.actorAgencyId, subjectId: e.subjectId, ...span([e]), eventIds: [e.id], detail: { action: e.action } });

  for (const e of list.filter((x) => isPersonalDataRead(x) && x.subjectId && x.action === 'read' && !ASSIGNED_RULES.has(x.rule)))
    flags.push({ id: flagId('read_without_assignment', e.id), kind: 'read_without_assignment', actorId, actorAgencyId: e.actorAgencyId, subjectId: e.subjectId, ...span([e]), eventIds: [e.id], detail: { rule: e.rule } });
  return flags;
}

/** A request to purge an erased subject's data, as its flag needs it. */
export interface PurgeRequestFact {
  id: string;
  referralId: string;
  subjectId: string;
  ownerAgencyId: string;
  recipientAgencyId: string;
  dueAt: Date;
}

/**
 * `purge_unattested`: an agency asked to purge an erased subject's data did not attest it by the
 * deadline. Raised for the privacy officers of both agencies (the owner that asked, the recipient
 * that must act), from the purge requests, not from the access log: the "actor" is the agency
 * asked, and no event makes it. It lasts while the request stays unattested.
 */
export function purgeFlags(requests: readonly PurgeRequestFact[]): Flag[] {
  return requests.map((r) => ({
    id: flagId('purge_unattested', r.id),
    kind: 'purge_unattested' as const,
    actorId: r.recipientAgencyId,
    actorAgencyId: r.recipientAgencyId,
    subjectId: r.subjectId,
    from: r.dueAt.toISOString(),
    to: r.dueAt.toISOString(),
    eventIds: [],
    detail: { purgeRequestId: r.id, referralId: r.referralId, ownerAgencyId: r.ownerAgencyId, dueAt: r.dueAt.toISOString() },
  }));
}
