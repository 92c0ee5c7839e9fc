import { resolve } from 'node:path';
import { TokenService } from '@ponte/auth';
import { AccessEventQuery, RecordConsent, RegisterSubject, SendReferral } from '@ponte/contracts';
import {
  acceptReferral,
  authenticate,
  ensureSigningKeys,
  listAccessEvents,
  listReferrals,
  readReferredSubject,
  recordConsent,
  registerSubject,
  sendReferral,
  type Context,
} from '@ponte/core';
import { findAgencyBySlug, findUserByUsername, withoutTenant, withTenant, type Db } from '@ponte/db';
import { defineAbilityFor } from '@ponte/policy';
import pino from 'pino';
import { TEST_SIGNING_KEY_OPTIONS } from '../support/key-encryption';

/**
 * The SQL the hot verbs send, kept in `hot-verbs.sql` so that a reviewer sees a query change in
 * the diff (as Immich keeps its queries). `pnpm sql:snapshots` writes the file; a test holds the
 * verbs to it on PostgreSQL and on PGlite, which receive the same statements.
 */
export const SNAPSHOT_FILE = resolve(import.meta.dirname, 'hot-verbs.sql');

/**
 * Keeps the text of every round trip while `during` runs (the storage's `onSend`): a statement, or
 * a statement list such as a unit of work's opening with its first statement. Parameters are never
 * kept (they hold personal data), only the SQL.
 */
export class StatementRecorder {
  #statements: string[] | undefined;

  readonly onSend = (text: string): void => {
    this.#statements?.push(text);
  };

  async during(work: () => Promise<unknown>): Promise<string[]> {
    if (this.#statements) throw new Error('one recording at a time');
    const statements: string[] = [];
    this.#statements = statements;
    try {
      await work();
    } finally {
      this.#statements = undefined;
    }
    return statements;
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME = /'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z'/g;

/**
 * A statement as the snapshot keeps it: one line, whitespace runs as one space, and the UUIDs and
 * times a statement carries as literals (the agency a unit of work is scoped to, the access events
 * sent with the commit) as `<uuid>` and `<time>`.
 */
export function normaliseStatement(text: string): string {
  const line = text.replace(UUID, '<uuid>').replace(TIME, '<time>').replace(/\s+/g, ' ').trim();
  return line.endsWith(';') ? line : `${line};`;
}

interface Section {
  verb: string;
  what: string;
  statements: string[];
}

export function renderSnapshot(sections: readonly Section[]): string {
  const header = [
    '-- The SQL each hot verb sends, in order, run against the demo network. Written by `pnpm sql:snapshots`',
    '-- (test/sql-snapshots/generate.ts) and checked by test/sql-snapshots/hot-verbs.int.test.ts on PostgreSQL',
    '-- and PGlite. Do not edit: regenerate it and commit the result with the change that caused it.',
    '-- Each line is one round trip: a statement, or a statement list sent as one (a unit of work opens with',
    '-- its first statement and ends with what goes with its commit). Parameters are never written here; what',
    '-- is sent with the commit carries its values as literals, UUIDs and times reading <uuid> and <time>. On',
    '-- PostgreSQL a statement of a list that the hub sends again is prepared once per connection and run by',
    '-- name (`execute ponte_<n>(<values>)`); it is written out here as it reads.',
  ];
  const body = sections.map(({ verb, what, statements }) => [`-- ${verb}: ${what}`, `-- ${statements.length} round trips`, ...statements.map(normaliseStatement)].join('\n'));
  return `${[header.join('\n'), ...body].join('\n\n')}\n`;
}

/** The context a verb receives for a demo account, as the hub builds it after authentication. */
async function contextFor(db: Db, tokens: TokenService, agencySlug: string, username: string): Promise<Context> {
  const agency = await withoutTenant(db, 'hub', (tx) => findAgencyBySlug(tx, agencySlug));
  const user = agency && (await withTenant(db, agency.id, (tx) => findUserByUsername(tx, username), 'authenticator'));
  if (!agency || !user) throw new Error(`no demo account ${agencySlug}/${username}`);
  const principal = await authenticate({ db, tokens }, await tokens.issue({ kind: 'user', sub: user.id, agencyId: agency.id, roles: user.roles }));
  return {
    db,
    principal,
    ability: defineAbilityFor(principal),
    tokens,
    settings: { breakGlassMinutes: 60, publicUrl: 'http://ponte.test' },
    logger: pino({ level: 'silent' }),
    requestId: `sql-snapshot-${agencySlug}-${username}`,
    now: () => new Date(),
  };
}

/** A returnee registered by IOM, with consent to refer to Caminho Seguro for reintegration. */
async function consentingReturnee(ctx: Context, givenName: string) {
  const subject = await registerSubject({
    ctx,
    input: RegisterSubject.parse({
      identity: { givenName, familyName: 'Cossa', dateOfBirth: '1988-03-14', sex: 'female', nationality: 'MOZ', languages: ['pt'] },
      contact: { phone: '+258845550199', safeToContact: true },
      location: { current: { country: 'MOZ', province: 'MZ-L', district: 'Boane' } },
    }),
  });
  const validUntil = new Date(ctx.now().getTime() + 90 * 86_400_000).toISOString();
  const consent = RecordConsent.parse({
    grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, legalBasis: 'consent',
    purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity', 'contact', 'location'], validUntil,
  });
  const recorded = await recordConsent({ ctx, input: { subjectId: subject.id, consent } });
  return { subjectId: subject.id, consentId: recorded.consent.id };
}

const referralTo = (referred: { subjectId: string; consentId: string }) =>
  SendReferral.parse({ to: 'caminho-seguro', ...referred, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'priority', categories: ['identity', 'contact', 'location'] });

/**
 * Runs the hot verbs on a database holding the demo network (and nothing else), recording the
 * statements each sends: IOM sends two referrals to Caminho Seguro, whose focal point accepts
 * them for a caseworker; the caseworker opens the inbox and reads a referred subject; IOM's
 * privacy officer searches the access log by that subject. Returns the snapshot's text.
 */
export async function snapshotHotVerbs(db: Db, recorder: StatementRecorder): Promise<string> {
  const keys = await ensureSigningKeys(db, TEST_SIGNING_KEY_OPTIONS);
  const tokens = new TokenService({ issuer: 'http://ponte.test', audience: 'ponte-api', ttlSeconds: 900, keys });
  const iomCaseworker = await contextFor(db, tokens, 'iom', 'caseworker');
  const iomPrivacy = await contextFor(db, tokens, 'iom', 'privacy');
  const partnerFocal = await contextFor(db, tokens, 'caminho-seguro', 'focal-point');
  const partnerCaseworker = await contextFor(db, tokens, 'caminho-seguro', 'caseworker');

  const first = await consentingReturnee(iomCaseworker, 'Amélia');
  const second = await consentingReturnee(iomCaseworker, 'Helena');
  const sections: Section[] = [];
  let referralId = '';
  sections.push({
    verb: 'sendReferral',
    what: 'an IOM caseworker refers a returnee to Caminho Seguro',
    statements: await recorder.during(async () => void (referralId = (await sendReferral({ ctx: iomCaseworker, input: referralTo(first) })).id)),
  });
  const otherId = (await sendReferral({ ctx: iomCaseworker, input: referralTo(second) })).id;
  for (const id of [referralId, otherId]) await acceptReferral({ ctx: partnerFocal, input: { id, assigneeId: partnerCaseworker.principal.id } });

  sections.push({
    verb: 'listReferrals',
    what: "the inbox page of Caminho Seguro's assigned caseworker (two accepted referrals received)",
    statements: await recorder.during(() => listReferrals({ ctx: partnerCaseworker, input: { box: 'inbox', limit: 25 } })),
  });
  sections.push({
    verb: 'readReferredSubject',
    what: 'the assigned caseworker reads the referred subject',
    statements: await recorder.during(() => readReferredSubject({ ctx: partnerCaseworker, input: { referralId } })),
  });
  sections.push({
    verb: 'listAccessEvents',
    what: "IOM's privacy officer searches the access log by the subject",
    statements: await recorder.during(() => listAccessEvents({ ctx: iomPrivacy, input: AccessEventQuery.parse({ subjectId: first.subjectId }) })),
  });
  return renderSnapshot(sections);
}
