import { z } from 'zod';
import { Slug, Timestamp, Uuid } from './common';
import { deprecatedCursorAlias, listQuery, pagingParams } from './paging';

export const AccessEventQuery = z
  .strictObject({
    actorId: Uuid.optional(),
    subjectId: Uuid.optional(),
    agency: Slug.optional().meta({ description: 'The agency whose user or client acted' }),
    resource: z.enum(['Subject', 'Consent', 'AccessEvent', 'Referral', 'ReferredSubject', 'Event', 'Webhook', 'LogWitness', 'Account', 'ApiClient', 'Transfer']).optional(),
    action: z.string().regex(/^[a-z_]{1,40}$/).optional(),
    decision: z.enum(['allow', 'deny']).optional(),
    breakGlass: z.enum(['true', 'false']).optional(),
    purpose: z.string().regex(/^[a-z_,]{1,200}$/).optional(),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    ...pagingParams({ defaultLimit: 100, maxLimit: 500 }),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && Date.parse(v.from) >= Date.parse(v.to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after `from`', params: { check: 'time_range', pt: 'tem de ser posterior a `from`' } });
  });
export type AccessEventQuery = z.infer<typeof AccessEventQuery>;

export const AccessEvent = z
  .object({
    id: Uuid,
    occurredAt: Timestamp,
    actor: z.object({
      kind: z.string(),
      id: Uuid,
      agencyId: Uuid,
      name: z.string().nullable().meta({ description: 'The user’s display name or the API client’s name, when the actor is of the reading agency; null for another agency’s actor' }),
    }),
    subjectId: Uuid.nullable(),
    owningAgencyId: Uuid.nullable(),
    resource: z.string(),
    resourceId: Uuid.nullable(),
    action: z.string(),
    fields: z.array(z.string()),
    purpose: z.string().nullable(),
    legalBasis: z.string().nullable(),
    decision: z.enum(['allow', 'deny']),
    rule: z.string(),
    breakGlass: z.boolean(),
    requestId: z.string().meta({ description: "The hub's id of the request (the answer's X-Request-Id)" }),
    clientRequestId: z.string().nullable().meta({ description: 'The X-Request-Id the caller sent, if any: its own label, not sealed into the log' }),
    logIndex: z.number().int().nullable().meta({ description: 'Its place in the sealed log; null until sealed' }),
  })
  .meta({ id: 'AccessEvent', description: 'Names of what was accessed, never values' });

export const ReviewAccess = z
  .strictObject({
    targetKind: z.enum(['event', 'flag']),
    targetId: z.string().min(1).max(200),
    status: z.enum(['reviewed', 'escalated']),
    note: z.string().trim().min(1).max(4000),
  })
  .superRefine((v, ctx) => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const flag = /^[0-9a-f]{24}$/;
    if (v.targetKind === 'event' ? !uuid.test(v.targetId) : !flag.test(v.targetId))
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'not an id of this kind of target', params: { check: 'target_id', pt: 'não é um identificador deste tipo de alvo' } });
  })
  .meta({ id: 'ReviewAccess' });

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export const SubjectReportQuery = z.strictObject({
  format: z.enum(REPORT_FORMATS).default('json'),
  lang: z.enum(['en', 'pt']).optional().meta({ description: 'Defaults to the Accept-Language of the request' }),
});

/** The formats of the access-log export: a paged FHIR `searchset` Bundle, or the whole range streamed as FHIR NDJSON or CSV. */
export const ACCESS_EXPORT_FORMATS = ['fhir', 'ndjson', 'csv'] as const;

/** The most AuditEvents in one page of the FHIR Bundle export. */
export const EXPORT_BUNDLE_MAX = 1000;

export const AccessExportQuery = z
  .strictObject({
    format: z.enum(ACCESS_EXPORT_FORMATS).default('fhir').meta({
      description:
        '`fhir` (default): a FHIR R5 `searchset` Bundle of AuditEvents, a page at a time (follow its `next` link). `ndjson`: every AuditEvent of the range, one per line (`application/fhir+ndjson`), streamed. `csv`: every event of the range as CSV (RFC 4180), streamed.',
    }),
    from: Timestamp,
    to: Timestamp,
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(EXPORT_BUNDLE_MAX)
      .optional()
      .meta({ description: `\`fhir\` only: AuditEvents in one Bundle page, 1 to ${EXPORT_BUNDLE_MAX} (default ${EXPORT_BUNDLE_MAX})` }),
    cursor: pagingParams({ defaultLimit: EXPORT_BUNDLE_MAX, maxLimit: EXPORT_BUNDLE_MAX }).cursor.meta({
      description: '`fhir` only: the page to read, as the Bundle’s `next` link gives it (opaque). Absent for the first page.',
    }),
  })
  .superRefine((v, ctx) => {
    if (Date.parse(v.from) >= Date.parse(v.to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after `from`', params: { check: 'time_range', pt: 'tem de ser posterior a `from`' } });
    for (const name of ['cursor', 'limit'] as const)
      if (v.format !== 'fhir' && v[name] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'pages the FHIR Bundle only: `ndjson` and `csv` stream the whole range',
          params: { check: 'format_paging', pt: 'só pagina o Bundle FHIR: `ndjson` e `csv` transmitem o intervalo inteiro' },
        });
  });
export type AccessExportQuery = z.infer<typeof AccessExportQuery>;

/** The query of the signed heads: by cursor, oldest first; `afterSize` is the older name of the position. */
export const LogHeadsQuery = listQuery(
  {},
  { defaultLimit: 100, maxLimit: 1000, cursorMaxLength: 100 },
  { afterSize: deprecatedCursorAlias(z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER), 'The tree size of the last head you read: heads of larger trees follow.') },
);
export type LogHeadsQuery = z.infer<typeof LogHeadsQuery>;

/** A tree head the hub signed, as a JWS: what a witness keeps. */
export const SignedLogHead = z
  .object({
    treeSize: z.number().int().meta({ description: 'Events in the tree this head commits to' }),
    rootHash: z.string().meta({ description: 'The Merkle tree root (RFC 9162)' }),
    signedHead: z.string().meta({ description: 'A compact JWS of `{treeSize, rootHash, ...}` signed with a key of the hub’s JWKS' }),
    createdAt: Timestamp,
  })
  .meta({ id: 'SignedLogHead' });

/** A verification of the access log, run in the background: where it stands, and its report once done. */
export const LogVerification = z
  .object({
    id: Uuid,
    status: z.enum(['queued', 'running', 'done', 'failed']).meta({ description: '`done`: the report says whether the log verifies; `failed`: the hub could not finish it (ask again)' }),
    checked: z.number().int().meta({ description: 'Events verified so far' }),
    total: z.number().int().nullable().meta({ description: 'Events to verify, once known' }),
    report: z
      .object({
        ok: z.boolean(),
        events: z.number().int(),
        heads: z.number().int(),
        firstProblem: z.record(z.string(), z.unknown()).nullable().meta({ description: 'The first event or head that does not match, in log order' }),
        witness: z.object({ treeSize: z.number().int(), consistent: z.boolean() }).optional(),
        archivedEvents: z.number().int().optional(),
        witnesses: z
          .object({
            required: z.number().int().meta({ description: 'Agencies whose witnesses must cosign a checkpoint for the hub to call it witnessed' }),
            cosignatures: z.number().int(),
            latestWitnessed: z
              .object({ treeSize: z.number().int(), agencyIds: z.array(Uuid) })
              .nullable()
              .meta({ description: 'The largest checkpoint cosigned by witnesses of enough agencies, and by whom' }),
          })
          .optional(),
      })
      .nullable()
      .meta({ description: 'Once `done`' }),
    failure: z.string().nullable(),
    witnessGiven: z.boolean(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'LogVerification' });
export type LogVerification = z.infer<typeof LogVerification>;

/** A key of a witness an agency runs over the hub's access log (C2SP tlog-cosignature, Ed25519). */
export const WitnessKey = z
  .object({
    id: Uuid,
    agencyId: Uuid,
    name: z.string().meta({ description: 'The key name its cosignature lines carry' }),
    keyId: z.string().regex(/^[0-9a-f]{8}$/),
    verifierKey: z.string().meta({ description: '`<name>+<key id>+<base64(0x04 ‖ Ed25519 public key)>`' }),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'WitnessKey' });
export type WitnessKey = z.infer<typeof WitnessKey>;

/** A cosignature the hub stored. */
export const Cosignature = z
  .object({
    treeSize: z.number().int(),
    rootHash: z.string().regex(/^[0-9a-f]{64}$/),
    agencyId: Uuid,
    witnessKeyId: Uuid,
    signedAt: Timestamp.meta({ description: 'The time the witness states it cosigned' }),
    witnessed: z.boolean().meta({ description: 'Whether this checkpoint now has cosignatures from as many agencies as the hub requires' }),
  })
  .meta({ id: 'Cosignature' });
export type Cosignature = z.infer<typeof Cosignature>;
