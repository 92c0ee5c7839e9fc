import { generateKeyPairSync } from 'node:crypto';
import { COSIGNATURE_V1, noteVerifierKey, sealLog } from '@ponte/audit';
import { isRuleCode } from '@ponte/contracts';
import { retentionEraser, runRetention } from '@ponte/core';
import { createLogger } from '@ponte/hub/logger';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestHub } from '../support/hub';

/**
 * The access matrix: every route of the hub's own OpenAPI document × every kind of principal,
 * against one declarative table of who may do what. A cell whose status class differs, or whose
 * answer carries the subject's personal data when the table says it must not, is a leak. A
 * route without a row fails the run.
 */
export const MARKER = 'Zanelewa';

export const PRINCIPALS = [
  'anonymous',
  'operator',
  'iomCaseworker',
  'iomColleague',
  'iomSupervisor',
  'iomFocalPoint',
  'iomPrivacy',
  'iomAdmin',
  'iomClient',
  'partnerCaseworker',
  'partnerFocalPoint',
  'partnerPrivacy',
  'otherCaseworker',
  'otherPrivacy',
] as const;
export type Who = (typeof PRINCIPALS)[number];

export interface Fixture {
  subjectId: string;
  consentId: string;
  referralId: string;
  agreementId: string;
  userId: string;
  clientId: string;
  eventId: string;
  verificationId: string;
  witnessKeyId: string;
  webhookId: string;
  /** A transfer of responsibility of another subject of IOM's caseworker to the partner, pending. */
  transferId: string;
  receipt: string;
  logSize: number;
  /** A document of the subject under `identity`, which the referral shares. */
  documentId: string;
  /** A run of IOM's retention job (under a schedule IOM's privacy officer set). */
  retentionRunId: string;
  /** Another subject of IOM's caseworker, erased by IOM's privacy officer: its tombstone. */
  erasedSubjectId: string;
  /** A legal hold on the subject, active (it stops only an erasure, which the matrix never runs). */
  legalHoldId: string;
}

/** The records of the fixture a route can name (in its path or its body). */
type RecordKind = 'subject' | 'consent' | 'referral' | 'agreement' | 'user' | 'client' | 'event' | 'verification' | 'witnessKey' | 'webhook' | 'transfer' | 'retentionRun';

/**
 * Who may know that each record of the fixture exists: those who may read it, or read of it (a
 * privacy officer reads a subject's consents and access report, never its data). A refusal on a
 * route that names a record is 404 for everyone else, 403 for them.
 */
const KNOWS: Record<RecordKind, readonly Who[]> = {
  subject: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy'],
  consent: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy'],
  referral: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy', 'partnerCaseworker', 'partnerFocalPoint', 'partnerPrivacy'],
  agreement: ['operator', 'iomCaseworker', 'iomColleague', 'iomSupervisor', 'iomFocalPoint', 'iomPrivacy', 'iomAdmin', 'iomClient', 'partnerCaseworker', 'partnerFocalPoint', 'partnerPrivacy'],
  user: ['iomCaseworker', 'iomAdmin'],
  client: ['iomAdmin'],
  webhook: ['iomAdmin'],
  event: ['iomPrivacy'],
  verification: ['iomPrivacy'],
  // The sender's people on the subject, the receiver's focal point, both sides' privacy officers.
  transfer: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy', 'partnerFocalPoint', 'partnerPrivacy'],
  // A retention run: the agency's privacy officer and administrator.
  retentionRun: ['iomPrivacy', 'iomAdmin'],
  // Witness keys are public: everyone signed in to an agency may know one exists.
  witnessKey: PRINCIPALS.filter((p) => p !== 'anonymous' && p !== 'operator'),
};

/**
 * The one rule for refusals: 401 without a token; 403 for the hub operator on an agency's data;
 * on a route that names a record, 404 unless the caller may know the record exists (then 403);
 * on a route that names none (a list, a search, a creation of a new record), 403.
 */
export function refusalStatus(row: { record?: RecordKind | undefined }, who: Who): number {
  if (who === 'anonymous') return 401;
  if (who === 'operator') return 403;
  if (!row.record) return 403;
  return KNOWS[row.record].includes(who) ? 403 : 404;
}

interface Row {
  /** May act (2xx). Everyone else is refused as `refusalStatus` says. */
  ok: readonly Who[] | 'everyone' | 'authenticated';
  /** The fixture's record the route names, which decides 403 or 404. */
  record?: RecordKind;
  /** May see the subject's personal data in the answer (a subset of `ok`). */
  data?: readonly Who[];
  path?: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** A change that would disturb other cells: only the refusals are run (the flows test the rest). */
  changes?: boolean;
  /** Not a principal-based route. */
  skip?: string;
  /** A body that is not JSON (a document's bytes), with its own header fields. */
  raw?: () => { body: string; headers: Record<string, string> };
}

/** A small PDF (ASCII only), uploaded under `identity` with a title that names nobody. */
const MATRIX_DOCUMENT = () => ({
  body: '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  headers: { 'content-type': 'application/pdf', 'ponte-document-title': 'Travel%20document' },
});

/** A fresh witness verifier key (cosignature/v1, Ed25519). */
function aWitnessKey(): string {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string };
  return noteVerifierKey('witness.matrix.example', Buffer.from(jwk.x, 'base64url'), COSIGNATURE_V1);
}

const AGENCY_PRINCIPALS: Who[] = PRINCIPALS.filter((p) => p !== 'anonymous' && p !== 'operator');
const PRIVACY: Who[] = ['iomPrivacy', 'partnerPrivacy', 'otherPrivacy'];

export const TABLE: Record<string, Row> = {
  'GET /.well-known/jwks.json': { ok: 'everyone' },
  'GET /.well-known/oauth-authorization-server': { ok: 'everyone' },
  'GET /healthz': { ok: 'everyone' },
  'GET /readyz': { ok: 'everyone' },
  'GET /fhir/CodeSystem/{id}': { ok: 'everyone', path: () => '/fhir/CodeSystem/data-category' },
  'GET /problems/{code}': { ok: 'everyone', path: () => '/problems/not_found' },
  'GET /metrics': { ok: 'everyone', skip: 'the metrics token, not a bearer of a principal: test/api/metrics.test.ts covers it' },
  'POST /oauth/token': { ok: 'everyone', skip: 'credentials, not a bearer: the token endpoint tests cover it' },
  'POST /account/activate': { ok: 'everyone', skip: 'a one-time code, not a bearer: test/api/into-service.int.test.ts covers it' },
  'POST /account/password': { ok: 'everyone', skip: 'credentials, not a bearer: test/api/into-service.int.test.ts covers it' },
  'POST /account/second-factor': { ok: 'everyone', skip: 'credentials, not a bearer: test/api/into-service.int.test.ts covers it' },
  'POST /account/second-factor/confirm': { ok: 'everyone', skip: 'an enrolment ticket, not a bearer: test/api/into-service.int.test.ts covers it' },
  'GET /v1/me': { ok: 'authenticated' },
  'GET /v1/agencies': { ok: 'authenticated' },
  'GET /v1/agencies/{slug}': { ok: 'authenticated', path: () => '/v1/agencies/caminho-seguro' },
  'GET /v1/directory': { ok: 'authenticated', path: () => '/v1/directory?service=legal_aid&province=MZ-G' },
  'GET /v1/agreements': { ok: 'authenticated' },
  'GET /v1/agreements/{id}': { record: 'agreement', ok: ['operator', 'iomCaseworker', 'iomColleague', 'iomSupervisor', 'iomFocalPoint', 'iomPrivacy', 'iomAdmin', 'iomClient', 'partnerCaseworker', 'partnerFocalPoint', 'partnerPrivacy'], path: (f) => `/v1/agreements/${f.agreementId}` },
  'GET /v1/users': { ok: ['iomAdmin'] },
  'GET /v1/users/{id}': { record: 'user', ok: ['iomAdmin', 'iomCaseworker'], path: (f) => `/v1/users/${f.userId}` },
  'GET /v1/api-clients': { ok: ['iomAdmin'] },
  'GET /v1/assignable-users': { ok: ['iomSupervisor', 'iomFocalPoint', 'iomClient', 'partnerFocalPoint'] },
  'GET /v1/subjects': { ok: AGENCY_PRINCIPALS, data: ['iomCaseworker', 'iomSupervisor'] },
  'GET /v1/subjects/{id}': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor'], data: ['iomCaseworker', 'iomSupervisor'], path: (f) => `/v1/subjects/${f.subjectId}` },
  'GET /v1/subjects/{id}/consents': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy'], path: (f) => `/v1/subjects/${f.subjectId}/consents` },
  'GET /v1/subjects/{id}/access-report': { record: 'subject', ok: ['iomPrivacy'], path: (f) => `/v1/subjects/${f.subjectId}/access-report` },
  // The person's file: whoever reads the subject and its consents (need-to-know); the data in it to them alone.
  'GET /v1/subjects/{id}/file': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor'], data: ['iomCaseworker', 'iomSupervisor'], path: (f) => `/v1/subjects/${f.subjectId}/file` },
  'GET /v1/consents/{id}': { record: 'consent', ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy'], path: (f) => `/v1/consents/${f.consentId}` },
  'GET /v1/consents/{id}/fhir': { record: 'consent', ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy'], path: (f) => `/v1/consents/${f.consentId}/fhir` },
  'GET /v1/referrals': { ok: AGENCY_PRINCIPALS, data: ['iomCaseworker', 'iomSupervisor', 'partnerCaseworker'], path: () => '/v1/referrals?box=outbox' },
  'GET /v1/referrals/{id}': {
    record: 'referral',
    ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy', 'partnerCaseworker', 'partnerFocalPoint', 'partnerPrivacy'],
    data: ['iomCaseworker', 'iomSupervisor', 'partnerCaseworker'],
    path: (f) => `/v1/referrals/${f.referralId}`,
  },
  // A referral as FHIR (the Task; test/api/fhir.test.ts holds the ServiceRequest to the same): the readers of its JSON view; no FHIR view carries a name.
  'GET /v1/fhir/{resourceType}/{id}': { record: 'referral', ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy', 'partnerCaseworker', 'partnerFocalPoint', 'partnerPrivacy'], path: (f) => `/v1/fhir/Task/${f.referralId}` },
  'GET /v1/referrals/{id}/subject': { record: 'referral', ok: ['partnerCaseworker'], data: ['partnerCaseworker'], path: (f) => `/v1/referrals/${f.referralId}/subject` },
  'GET /v1/referral-figures': { ok: ['iomSupervisor', 'iomFocalPoint', 'iomPrivacy', 'iomAdmin', 'iomClient', 'partnerFocalPoint', 'partnerPrivacy', 'otherPrivacy'] },
  'GET /v1/events': { ok: AGENCY_PRINCIPALS },
  'GET /v1/webhook-endpoints': { ok: ['iomAdmin'] },
  'GET /v1/webhook-deliveries': { ok: ['iomAdmin'] },
  'GET /v1/access-events': { ok: PRIVACY },
  'GET /v1/access-events/export': { ok: PRIVACY, path: () => '/v1/access-events/export?format=csv&from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z' },
  'GET /v1/access-flags': { ok: PRIVACY },
  'GET /v1/log/heads': { ok: 'authenticated' },
  'GET /v1/log/checkpoint': { ok: 'authenticated' },
  'GET /v1/log/tile/{tilePath}': { ok: 'authenticated', path: () => '/v1/log/tile/0/000.p/1' },
  'GET /v1/log/consistency': { ok: PRIVACY, path: (f) => `/v1/log/consistency?from=1&to=${f.logSize}` },
  'GET /v1/log/events/{id}/proof': { record: 'event', ok: ['iomPrivacy'], path: (f) => `/v1/log/events/${f.eventId}/proof` },
  'POST /v1/log/verify': { ok: PRIVACY, body: () => ({}) },
  'GET /v1/log/verifications/{id}': { record: 'verification', ok: ['iomPrivacy'], path: (f) => `/v1/log/verifications/${f.verificationId}` },
  'GET /v1/log/witness-keys': { ok: 'authenticated' },
  'POST /v1/log/witness-keys': { ok: ['iomAdmin'], changes: true, body: () => ({ verifierKey: aWitnessKey() }) },
  'POST /v1/log/witness-keys/{id}/revoke': { record: 'witnessKey', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/log/witness-keys/${f.witnessKeyId}/revoke` },
  'POST /v1/log/cosignatures': { ok: 'authenticated', skip: 'a cosignature counts by its signature and its key’s agency, not by who posts it: test/api/log-witnesses.test.ts' },
  'POST /v1/consent-receipts/verify': { ok: AGENCY_PRINCIPALS, body: (f) => ({ receipt: f.receipt }) },
  // The person's withdrawal from the printed receipt: at the partner holding the referral, its focal point and
  // assignee; at the owner, its people on the subject (its own withdrawal). Who knows of the referral and may
  // not work it (both privacy officers) is refused 403; everyone else, 404.
  'POST /v1/consent-receipts/withdrawal': {
    record: 'referral',
    ok: ['iomCaseworker', 'iomSupervisor', 'partnerCaseworker', 'partnerFocalPoint'],
    changes: true,
    body: (f) => ({ receipt: f.receipt, requestedBy: 'subject', method: 'verbal_with_witness', reason: 'matrix' }),
  },
  'POST /v1/access-reviews': { record: 'event', ok: ['iomPrivacy'], body: (f) => ({ targetKind: 'event', targetId: f.eventId, status: 'reviewed', note: 'matrix' }) },
  'POST /v1/webhook-deliveries/replay': { ok: ['iomAdmin'], body: () => ({ dead: true }) },
  'PATCH /v1/agencies/{slug}': { ok: ['operator'], path: () => '/v1/agencies/caminho-seguro', body: () => ({ status: 'active' }) },
  'PATCH /v1/subjects/{id}': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor'], data: ['iomCaseworker', 'iomSupervisor'], path: (f) => `/v1/subjects/${f.subjectId}`, body: () => ({ contact: { phone: '+258841234500', safeToContact: true } }) },
  'POST /v1/agencies': { ok: ['operator'], changes: true, body: () => ({ slug: 'matrix-agency', name: { en: 'M', pt: 'M' }, kind: 'civil_society' }) },
  'PUT /v1/agencies/{slug}/services': { ok: ['operator'], changes: true, path: () => '/v1/agencies/caminho-seguro/services', body: () => ({ services: [] }) },
  'POST /v1/agreements': { ok: ['operator'], changes: true, body: () => ({ from: 'iom', to: 'unicef', purposes: ['medical_care'], categories: ['health'], validFrom: '2026-01-01', validUntil: '2026-12-31', documentRef: 'X', responseHours: { emergency: 12 } }) },
  'POST /v1/agreements/{id}/terminate': { record: 'agreement', ok: ['operator'], changes: true, path: (f) => `/v1/agreements/${f.agreementId}/terminate`, body: () => ({ reason: 'matrix' }) },
  'POST /v1/users': { ok: ['iomAdmin'], changes: true, body: () => ({ username: 'matrix-user', displayName: 'M', password: 'a-long-enough-password', roles: ['caseworker'] }) },
  'POST /v1/users/{id}/disable': { record: 'user', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/users/${f.userId}/disable` },
  'POST /v1/users/{id}/reset': { record: 'user', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/users/${f.userId}/reset`, body: () => ({}) },
  'POST /v1/agencies/{slug}/administrators': { ok: ['operator'], changes: true, path: () => '/v1/agencies/caminho-seguro/administrators', body: () => ({ username: 'matrix-admin', displayName: 'M' }) },
  'POST /v1/api-clients': { ok: ['iomAdmin'], changes: true, body: () => ({ name: 'matrix', roles: ['caseworker'] }) },
  'POST /v1/api-clients/{id}/revoke': { record: 'client', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/api-clients/${f.clientId}/revoke` },
  'POST /v1/api-clients/{id}/secret': { record: 'client', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/api-clients/${f.clientId}/secret`, body: () => ({ overlapHours: 1 }) },
  'POST /v1/webhook-endpoints': { ok: ['iomAdmin'], changes: true, body: () => ({ url: 'https://cases.example.org/hook' }) },
  'GET /v1/webhook-endpoints/{id}': { record: 'webhook', ok: ['iomAdmin'], path: (f) => `/v1/webhook-endpoints/${f.webhookId}` },
  'PATCH /v1/webhook-endpoints/{id}': { record: 'webhook', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/webhook-endpoints/${f.webhookId}`, body: () => ({ description: 'matrix' }) },
  'DELETE /v1/webhook-endpoints/{id}': { record: 'webhook', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/webhook-endpoints/${f.webhookId}` },
  'POST /v1/webhook-endpoints/{id}/pause': { record: 'webhook', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/webhook-endpoints/${f.webhookId}/pause` },
  'POST /v1/webhook-endpoints/{id}/resume': { record: 'webhook', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/webhook-endpoints/${f.webhookId}/resume` },
  'POST /v1/webhook-endpoints/{id}/ping': { record: 'webhook', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/webhook-endpoints/${f.webhookId}/ping` },
  'POST /v1/webhook-endpoints/{id}/rotate-secret': { record: 'webhook', ok: ['iomAdmin'], changes: true, path: (f) => `/v1/webhook-endpoints/${f.webhookId}/rotate-secret`, body: () => ({ overlapHours: 1 }) },
  'POST /v1/subjects': {
    ok: ['iomCaseworker', 'iomColleague', 'iomSupervisor', 'iomFocalPoint', 'iomClient', 'partnerCaseworker', 'partnerFocalPoint', 'otherCaseworker'],
    changes: true,
    body: () => ({ identity: { givenName: 'New', familyName: 'Person', estimatedAge: 30, sex: 'unknown', languages: ['pt'] } }),
  },
  'POST /v1/subjects/{id}/assignment': { record: 'subject', ok: ['iomSupervisor'], changes: true, path: (f) => `/v1/subjects/${f.subjectId}/assignment`, body: (f) => ({ assignedUserId: f.userId, reason: 'matrix' }) },
  'POST /v1/subjects/{id}/break-glass': { record: 'subject', ok: ['iomCaseworker', 'iomColleague', 'iomSupervisor'], changes: true, path: (f) => `/v1/subjects/${f.subjectId}/break-glass`, body: () => ({ justification: 'an emergency written out at some length' }) },
  'POST /v1/subjects/{id}/consents': {
    record: 'subject',
    ok: ['iomCaseworker', 'iomSupervisor'],
    changes: true,
    path: (f) => `/v1/subjects/${f.subjectId}/consents`,
    body: () => ({ grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: [], categories: ['legal'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z' }),
  },
  'POST /v1/consents/{id}/withdraw': { record: 'consent', ok: ['iomCaseworker', 'iomSupervisor'], changes: true, path: (f) => `/v1/consents/${f.consentId}/withdraw`, body: () => ({ requestedBy: 'subject', method: 'written', reason: 'matrix' }) },
  'POST /v1/referrals': {
    record: 'subject',
    ok: ['iomCaseworker', 'iomSupervisor'],
    changes: true,
    body: (f) => ({ to: 'caminho-seguro', subjectId: f.subjectId, consentId: f.consentId, service: 'family_tracing', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] }),
  },
  'POST /v1/referrals/{id}/send': { record: 'referral', ok: ['iomCaseworker', 'iomSupervisor'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/send` },
  'POST /v1/referrals/{id}/withdraw': { record: 'referral', ok: ['iomCaseworker', 'iomSupervisor'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/withdraw`, body: () => ({ reason: 'matrix' }) },
  'POST /v1/referrals/{id}/accept': { record: 'referral', ok: ['partnerFocalPoint'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/accept`, body: () => ({}) },
  'POST /v1/referrals/{id}/decline': { record: 'referral', ok: ['partnerFocalPoint'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/decline`, body: () => ({ reasonCode: 'no_capacity', reason: 'matrix' }) },
  'POST /v1/referrals/{id}/assign': { record: 'referral', ok: ['partnerFocalPoint'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/assign`, body: (f) => ({ assigneeId: f.userId }) },
  'POST /v1/referrals/{id}/start': { record: 'referral', ok: ['partnerCaseworker'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/start` },
  'POST /v1/referrals/{id}/complete': { record: 'referral', ok: ['partnerCaseworker'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/complete`, body: () => ({ outcomeCode: 'service_provided', outcome: 'matrix' }) },
  // The referral's conversation: the sender's people on the subject, the receiver's focal point and assignee (its supervisors too); its privacy officers know of the referral (403).
  'GET /v1/referrals/{id}/messages': { record: 'referral', ok: ['iomCaseworker', 'iomSupervisor', 'partnerCaseworker', 'partnerFocalPoint'], path: (f) => `/v1/referrals/${f.referralId}/messages` },
  // Referring the person on: the receiver's focal point and assignee (its supervisors too); the sender and the privacy officers know of the referral (403).
  'POST /v1/referrals/{id}/onward': {
    record: 'referral',
    ok: ['partnerCaseworker', 'partnerFocalPoint'],
    changes: true,
    path: (f) => `/v1/referrals/${f.referralId}/onward`,
    body: () => ({ to: 'casa-esperanca', service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] }),
  },
  'POST /v1/referrals/{id}/messages': { record: 'referral', ok: ['iomCaseworker', 'iomSupervisor', 'partnerCaseworker', 'partnerFocalPoint'], changes: true, path: (f) => `/v1/referrals/${f.referralId}/messages`, body: () => ({ body: 'matrix' }) },
  // Documents: the subject's data in their category. The owner's people on the subject add, list and
  // download them; the receiver's assignee lists and downloads those of a shared category while it may
  // read the subject's data; its privacy officer and focal point know of the referral (403), and so
  // does the sender's side (403: it reads its own subject's documents where it always does).
  'POST /v1/subjects/{id}/documents': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor'], changes: true, path: (f) => `/v1/subjects/${f.subjectId}/documents?category=identity`, raw: MATRIX_DOCUMENT },
  'GET /v1/subjects/{id}/documents': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor'], path: (f) => `/v1/subjects/${f.subjectId}/documents` },
  'GET /v1/subjects/{id}/documents/{documentId}/content': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor'], path: (f) => `/v1/subjects/${f.subjectId}/documents/${f.documentId}/content` },
  'GET /v1/referrals/{id}/documents': { record: 'referral', ok: ['partnerCaseworker'], path: (f) => `/v1/referrals/${f.referralId}/documents` },
  'GET /v1/referrals/{id}/documents/{documentId}/content': { record: 'referral', ok: ['partnerCaseworker'], path: (f) => `/v1/referrals/${f.referralId}/documents/${f.documentId}/content` },
  // Transfers of responsibility: asked by whoever works on the subject; seen by them, the receiver's focal point and both sides' privacy officers;
  // accepted or declined by the receiver's focal point, cancelled by the sender. No answer carries personal data.
  'POST /v1/subjects/{id}/transfers': {
    record: 'subject',
    ok: ['iomCaseworker', 'iomSupervisor'],
    changes: true,
    path: (f) => `/v1/subjects/${f.subjectId}/transfers`,
    body: (f) => ({ to: 'caminho-seguro', consentId: f.consentId, purpose: 'return_reintegration', categories: ['identity'], reason: 'matrix' }),
  },
  'GET /v1/transfers': { ok: AGENCY_PRINCIPALS, path: () => '/v1/transfers?box=outbox' },
  'GET /v1/transfers/{id}': { record: 'transfer', ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy', 'partnerFocalPoint', 'partnerPrivacy'], path: (f) => `/v1/transfers/${f.transferId}` },
  'POST /v1/transfers/{id}/accept': { record: 'transfer', ok: ['partnerFocalPoint'], changes: true, path: (f) => `/v1/transfers/${f.transferId}/accept`, body: () => ({}) },
  'POST /v1/transfers/{id}/decline': { record: 'transfer', ok: ['partnerFocalPoint'], changes: true, path: (f) => `/v1/transfers/${f.transferId}/decline`, body: () => ({ reason: 'matrix' }) },
  'POST /v1/transfers/{id}/cancel': { record: 'transfer', ok: ['iomCaseworker', 'iomSupervisor'], changes: true, path: (f) => `/v1/transfers/${f.transferId}/cancel` },
  // Retention: each agency's own schedule, forecast and runs, for its privacy officer and administrator
  // (the privacy officer alone sets the schedule); ids and case references only, never a name.
  'GET /v1/retention-schedule': { ok: ['iomPrivacy', 'iomAdmin', 'partnerPrivacy', 'otherPrivacy'] },
  'PUT /v1/retention-schedule': { ok: ['iomPrivacy', 'partnerPrivacy', 'otherPrivacy'], changes: true, body: () => ({ rules: [{ service: null, periodDays: 3650, action: 'erase' }] }) },
  'GET /v1/retention/forecast': { ok: ['iomPrivacy', 'iomAdmin', 'partnerPrivacy', 'otherPrivacy'], path: () => '/v1/retention/forecast?days=90' },
  'GET /v1/retention/runs': { ok: ['iomPrivacy', 'iomAdmin', 'partnerPrivacy', 'otherPrivacy'] },
  'GET /v1/retention/runs/{id}': { record: 'retentionRun', ok: ['iomPrivacy', 'iomAdmin'], path: (f) => `/v1/retention/runs/${f.retentionRunId}` },
  // Erasure (issue 22): the subject's supervisor and the agency's privacy officer erase and place or
  // release legal holds; its caseworker knows the subject (403). Whoever may know a subject reads
  // its tombstone and its holds. The receiving agency's focal point and privacy officer (and its
  // supervisors and systems) attest a purge and list those asked of it; the sender's side knows the
  // referral (403). No answer carries personal data.
  'POST /v1/subjects/{id}/erasure': { record: 'subject', ok: ['iomSupervisor', 'iomPrivacy'], changes: true, path: (f) => `/v1/subjects/${f.subjectId}/erasure`, body: () => ({ reason: 'request', confirm: true }) },
  'GET /v1/subjects/{id}/erasure': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy'], path: (f) => `/v1/subjects/${f.erasedSubjectId}/erasure` },
  'GET /v1/subjects/{id}/legal-holds': { record: 'subject', ok: ['iomCaseworker', 'iomSupervisor', 'iomPrivacy'], path: (f) => `/v1/subjects/${f.subjectId}/legal-holds` },
  'POST /v1/subjects/{id}/legal-holds': { record: 'subject', ok: ['iomSupervisor', 'iomPrivacy'], changes: true, path: (f) => `/v1/subjects/${f.subjectId}/legal-holds`, body: () => ({ reason: 'matrix' }) },
  'POST /v1/subjects/{id}/legal-holds/{holdId}/release': {
    record: 'subject',
    ok: ['iomSupervisor', 'iomPrivacy'],
    changes: true,
    path: (f) => `/v1/subjects/${f.subjectId}/legal-holds/${f.legalHoldId}/release`,
    body: () => ({ reason: 'matrix' }),
  },
  'POST /v1/referrals/{id}/purge-attestation': {
    record: 'referral',
    ok: ['partnerFocalPoint', 'partnerPrivacy'],
    changes: true,
    path: (f) => `/v1/referrals/${f.referralId}/purge-attestation`,
    body: () => ({ purgedBy: 'matrix', purgedAt: new Date(Date.now() - 1000).toISOString(), method: 'matrix', systems: ['matrix'], statement: 'matrix' }),
  },
  'GET /v1/purge-requests': { ok: ['iomSupervisor', 'iomFocalPoint', 'iomPrivacy', 'iomClient', 'partnerFocalPoint', 'partnerPrivacy', 'otherPrivacy'] },
};

export async function fixture(hub: TestHub, tokens: Record<Who, string | undefined>, consentUntil: string): Promise<Fixture> {
  const call = async (who: Who, method: string, path: string, body?: unknown) => {
    const res = await hub.call(method, path, { ...(tokens[who] ? { token: tokens[who] } : {}), ...(body !== undefined ? { json: body } : {}) });
    return (await res.json()) as any;
  };
  const subject = await call('iomCaseworker', 'POST', '/v1/subjects', {
    identity: { givenName: MARKER, familyName: 'Matrix', dateOfBirth: '1990-02-02', sex: 'female', languages: ['pt'] },
    contact: { phone: '+258841234599', safeToContact: true },
  });
  const consent = await call('iomCaseworker', 'POST', `/v1/subjects/${subject.id}/consents`, {
    grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'],
    categories: ['identity', 'contact'], legalBasis: 'consent', validUntil: consentUntil,
  });
  const referral = await call('iomCaseworker', 'POST', '/v1/referrals', {
    to: 'caminho-seguro', subjectId: subject.id, consentId: consent.consent.id, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine',
    categories: ['identity', 'contact'], note: 'Returnee; the case file has the rest (a note carries no personal data beyond the shared categories)',
  });
  const document = MATRIX_DOCUMENT();
  const uploaded = await hub.call('POST', `/v1/subjects/${subject.id}/documents?category=identity`, { token: tokens.iomCaseworker!, body: document.body, headers: document.headers });
  const documentId = ((await uploaded.json()) as { id: string }).id;
  // Another subject, whose case IOM asks the partner to take over (pending throughout). Its consent does not
  // change with the states below, so its name is not the marker: the transfer routes carry no name at all.
  const handedOver = await call('iomCaseworker', 'POST', '/v1/subjects', { identity: { givenName: 'Handover', familyName: 'Matrix', estimatedAge: 40, sex: 'male', languages: ['pt'] } });
  const handOverConsent = await call('iomCaseworker', 'POST', `/v1/subjects/${handedOver.id}/consents`, {
    grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'],
    categories: ['identity'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z',
  });
  const transfer = await call('iomCaseworker', 'POST', `/v1/subjects/${handedOver.id}/transfers`, {
    to: 'caminho-seguro', consentId: handOverConsent.consent.id, purpose: 'return_reintegration', categories: ['identity'], reason: 'matrix',
  });
  // Another subject, erased: its tombstone. A legal hold on the first.
  const erased = await call('iomCaseworker', 'POST', '/v1/subjects', { identity: { givenName: 'Erased', familyName: 'Matrix', estimatedAge: 30, sex: 'female', languages: ['pt'] } });
  await call('iomPrivacy', 'POST', `/v1/subjects/${erased.id}/erasure`, { reason: 'request', confirm: true });
  const hold = await call('iomPrivacy', 'POST', `/v1/subjects/${subject.id}/legal-holds`, { reason: 'matrix' });
  const partnerCaseworker = await call('partnerCaseworker', 'GET', '/v1/me');
  await call('partnerFocalPoint', 'POST', `/v1/referrals/${referral.id}/accept`, { assigneeId: partnerCaseworker.id });
  await call('partnerCaseworker', 'GET', `/v1/referrals/${referral.id}/subject`);
  const agreements = await call('iomCaseworker', 'GET', '/v1/agreements?limit=200');
  const agreement = agreements.items.find((a: { from: string; to: string }) => a.from === 'iom' && a.to === 'caminho-seguro');
  const me = await call('iomCaseworker', 'GET', '/v1/me');
  const clients = await call('iomAdmin', 'GET', '/v1/api-clients');
  await sealLog({ db: hub.database.db, tokens: hub.tokens });
  const { rows } = await sql<{ id: string }>`select e.id from access_events e join log_leaves l on l.event_id = e.id where e.subject_id = ${subject.id} and e.agency_id = (select id from agencies where slug = 'iom') limit 1`.execute(hub.database.db);
  const { rows: size } = await sql<{ n: number }>`select max(tree_size)::int as n from log_heads`.execute(hub.database.db);
  const verification = await call('iomPrivacy', 'POST', '/v1/log/verify', {});
  const witnessKey = await call('iomAdmin', 'POST', '/v1/log/witness-keys', { verifierKey: aWitnessKey() });
  const webhook = await call('iomAdmin', 'POST', '/v1/webhook-endpoints', { url: 'https://cases.example.org/matrix-hook' });
  // IOM's retention schedule (ten years: nothing of the fixture is due) and a run of the daily job (one a day: a later fixture finds it).
  await hub.call('PUT', '/v1/retention-schedule', { token: tokens.iomPrivacy!, json: { rules: [{ service: null, periodDays: 3650, action: 'erase' }] }, headers: { 'if-match': '*' } });
  await runRetention({ db: hub.database.db, erase: retentionEraser({ tokens: hub.tokens, logger: createLogger('silent'), settings: { breakGlassMinutes: 60, publicUrl: 'http://ponte.test' } }) });
  const { rows: runs } = await sql<{ id: string }>`select id from retention_runs where agency_id = (select id from agencies where slug = 'iom') limit 1`.execute(hub.database.db);
  return {
    subjectId: subject.id,
    consentId: consent.consent.id,
    referralId: referral.id,
    agreementId: agreement.id,
    userId: me.id,
    clientId: clients.items[0].id,
    eventId: rows[0]!.id,
    verificationId: verification.id,
    witnessKeyId: witnessKey.id,
    webhookId: webhook.id,
    transferId: transfer.id,
    receipt: consent.receipt,
    logSize: size[0]!.n,
    documentId,
    retentionRunId: runs[0]!.id,
    erasedSubjectId: erased.id,
    legalHoldId: hold.id,
  };
}

export async function principalTokens(hub: TestHub): Promise<Record<Who, string | undefined>> {
  const user = (agency: string, name: string) => hub.tokenFor(agency, name);
  const client = await hub.call('POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: 'iom.demo', client_secret: 'iom-test-demo-password' } });
  return {
    anonymous: undefined,
    operator: await hub.login(undefined, 'operator'),
    iomCaseworker: await user('iom', 'caseworker'),
    iomColleague: await user('iom', 'caseworker2'),
    iomSupervisor: await user('iom', 'supervisor'),
    iomFocalPoint: await user('iom', 'focal-point'),
    iomPrivacy: await user('iom', 'privacy'),
    iomAdmin: await user('iom', 'admin'),
    iomClient: ((await client.json()) as { access_token: string }).access_token,
    partnerCaseworker: await user('caminho-seguro', 'caseworker'),
    partnerFocalPoint: await user('caminho-seguro', 'focal-point'),
    partnerPrivacy: await user('caminho-seguro', 'privacy'),
    otherCaseworker: await user('unhcr', 'caseworker'),
    otherPrivacy: await user('unhcr', 'privacy'),
  };
}

/** The states of the fixture the matrix runs in, and how each changes who may see what. */
export type MatrixState = 'consent_active' | 'consent_withdrawn' | 'consent_expired' | 'referral_completed';

function tableFor(state: MatrixState): Record<string, Row> {
  if (state === 'consent_active') return TABLE;
  const table = { ...TABLE };
  const partnerClosedOut = {
    'GET /v1/referrals/{id}': { ...TABLE['GET /v1/referrals/{id}']!, data: ['iomCaseworker', 'iomSupervisor'] as Who[] },
    'GET /v1/referrals': { ...TABLE['GET /v1/referrals']!, data: ['iomCaseworker', 'iomSupervisor'] as Who[] },
    'GET /v1/referrals/{id}/subject': { ...TABLE['GET /v1/referrals/{id}/subject']!, ok: [] as Who[], data: [] as Who[] },
    'GET /v1/referrals/{id}/documents': { ...TABLE['GET /v1/referrals/{id}/documents']!, ok: [] as Who[] },
    'GET /v1/referrals/{id}/documents/{documentId}/content': { ...TABLE['GET /v1/referrals/{id}/documents/{documentId}/content']!, ok: [] as Who[] },
  };
  // A closed referral holds nothing open under the consent: the partner may no longer record a withdrawal, nor know of the consent.
  const receiptWithdrawal = TABLE['POST /v1/consent-receipts/withdrawal']!;
  if (state === 'referral_completed')
    return { ...table, ...partnerClosedOut, 'POST /v1/consent-receipts/withdrawal': { ...receiptWithdrawal, record: 'consent', ok: ['iomCaseworker', 'iomSupervisor'] } };
  // Without a consent in force, nobody reads the subject's data, the sender's own note aside.
  return {
    ...table,
    ...partnerClosedOut,
    'GET /v1/subjects/{id}': { ...TABLE['GET /v1/subjects/{id}']!, ok: [], data: [] },
    // The file is the person's whatever basis covers the data now: produced by who works on the subject, without any data.
    'GET /v1/subjects/{id}/file': { ...TABLE['GET /v1/subjects/{id}/file']!, data: [] },
    // A document is read as its category is: without a basis, by nobody; it may still be added (need-to-know).
    'GET /v1/subjects/{id}/documents': { ...TABLE['GET /v1/subjects/{id}/documents']!, ok: [] },
    'GET /v1/subjects/{id}/documents/{documentId}/content': { ...TABLE['GET /v1/subjects/{id}/documents/{documentId}/content']!, ok: [] },
    'GET /v1/subjects': { ...TABLE['GET /v1/subjects']!, data: [] },
    // Recording needs need-to-know only; nothing recorded is read back without a basis.
    'PATCH /v1/subjects/{id}': { ...TABLE['PATCH /v1/subjects/{id}']!, data: [] },
  };
}

export interface MatrixResult {
  state: MatrixState;
  routes: number;
  cells: number;
  skipped: number;
  leaks: Array<{ route: string; who: Who; status: number; expected: string; personalData: boolean }>;
  missingRows: string[];
  /** Every refused cell's status, to hold refusals to one rule. */
  refusals: Array<{ route: string; who: Who; status: number }>;
  /** Every refusal of an agency principal: the rule it was answered with and the rules the access log kept for its request. */
  denials: Array<{ route: string; who: Who; status: number; answered: string | undefined; logged: string[] }>;
}

/** Runs every cell of the matrix against the hub, in one state of the fixture. */
export async function runMatrix(hub: TestHub, state: MatrixState = 'consent_active', advanceClock?: (ms: number) => void): Promise<MatrixResult> {
  const tokens = await principalTokens(hub);
  const f = await fixture(hub, tokens, state === 'consent_expired' ? new Date(Date.now() + 3_600_000).toISOString() : '2099-01-01T00:00:00Z');
  const act = (who: Who, method: string, path: string, body?: unknown) => hub.call(method, path, { token: tokens[who]!, ...(body !== undefined ? { json: body } : {}) });
  if (state === 'consent_withdrawn') await act('iomCaseworker', 'POST', `/v1/consents/${f.consentId}/withdraw`, { requestedBy: 'subject', method: 'written', reason: 'matrix' });
  if (state === 'consent_expired') advanceClock?.(2 * 3_600_000);
  if (state === 'referral_completed') {
    await act('partnerCaseworker', 'POST', `/v1/referrals/${f.referralId}/start`);
    await act('partnerCaseworker', 'POST', `/v1/referrals/${f.referralId}/complete`, { outcomeCode: 'service_provided', outcome: 'done' });
  }
  const TABLE = tableFor(state);
  const spec = (await (await hub.call('GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  const result: MatrixResult = { state, routes: routes.length, cells: 0, skipped: 0, leaks: [], missingRows: routes.filter((r) => !TABLE[r]), refusals: [], denials: [] };
  const answered: Array<{ route: string; who: Who; status: number; rule: string | undefined; requestId: string }> = [];
  // Reads first, then the changes; within each, refusals before the one allowed run.
  const ordered = [...routes].sort((a, b) => Number(Boolean(TABLE[a]?.changes || !a.startsWith('GET'))) - Number(Boolean(TABLE[b]?.changes || !b.startsWith('GET'))));
  for (const route of ordered) {
    const row = TABLE[route];
    if (!row || row.skip) {
      result.skipped += PRINCIPALS.length;
      continue;
    }
    const [method, template] = route.split(' ') as [string, string];
    const path = row.path ? row.path(f) : template;
    for (const who of PRINCIPALS) {
      const allowed = row.ok === 'everyone' || (row.ok === 'authenticated' ? who !== 'anonymous' : row.ok.includes(who));
      if (allowed && (row.changes || (method !== 'GET' && !row.body))) {
        result.skipped += 1;
        continue;
      }
      // Who may, not concurrency: a change names whatever version is current (`If-Match: *`).
      const raw = row.raw?.();
      const res = await hub.call(method, path, {
        ...(tokens[who] ? { token: tokens[who] } : {}),
        ...(row.body ? { json: row.body(f) } : {}),
        ...(raw ? { body: raw.body } : {}),
        headers: { 'if-match': '*', ...(raw?.headers ?? {}) },
      });
      const text = await res.text();
      const personalData = text.includes(MARKER);
      const expectedStatus = allowed ? '2xx' : String(refusalStatus(row, who));
      const statusOk = allowed ? res.status >= 200 && res.status < 300 : res.status === refusalStatus(row, who);
      const dataOk = !personalData || (row.data ?? []).includes(who);
      result.cells += 1;
      if (!allowed && who !== 'anonymous') {
        result.refusals.push({ route, who, status: res.status });
        const problem = JSON.parse(text) as { rule?: string; requestId: string };
        answered.push({ route, who, status: res.status, rule: problem.rule, requestId: problem.requestId });
      }
      if (!statusOk || !dataOk) result.leaks.push({ route, who, status: res.status, expected: expectedStatus, personalData });
    }
  }
  const logged = await sql<{ request_id: string; rule: string }>`select request_id, rule from access_events where decision = 'deny' and request_id = any(${answered.map((a) => a.requestId)})`.execute(hub.database.db);
  result.denials = answered.map(({ requestId, rule, ...cell }) => ({ ...cell, answered: rule, logged: logged.rows.filter((r) => r.request_id === requestId).map((r) => r.rule) }));
  return result;
}

/** Routes whose refusals touch case data or the access log: each refusal of an agency's principal is logged. */
const LOGGED_ROUTES = /^\S+ \/v1\/(subjects|consents|consent-receipts|referrals\b|access-events|access-flags|access-reviews|retention\/|log\/(?!heads))/;

/**
 * One denial, one name: every refusal of an agency's principal names a `RuleCode`; where the access
 * log keeps the denial, it keeps it under that same rule; and on case data and the access log every
 * denial is kept (the hub operator, who has no agency's log, aside).
 */
export function expectOneNamePerDenial(result: MatrixResult) {
  expect(result.denials.length).toBeGreaterThan(100);
  const cell = (d: MatrixResult['denials'][number]) => `${d.route} as ${d.who}: answered ${d.answered}, logged ${d.logged.join('|') || 'nothing'}`;
  expect(result.denials.filter((d) => !d.answered || !isRuleCode(d.answered)).map(cell)).toEqual([]);
  expect(result.denials.filter((d) => d.logged.some((rule) => rule !== d.answered)).map(cell)).toEqual([]);
  expect(result.denials.filter((d) => d.who !== 'operator' && LOGGED_ROUTES.test(d.route) && d.logged.length === 0).map(cell)).toEqual([]);
}

export function expectNoLeaks(result: MatrixResult) {
  expect(result.missingRows).toEqual([]);
  expect(result.leaks).toEqual([]);
}
