import { randomBytes } from 'node:crypto';
import { KeyEncryptionKey, TokenService } from '@ponte/auth';
import { ensureSigningKeys } from '@ponte/core';
import { createPglite, openStorage } from '@ponte/db';
import { createApp } from '@ponte/hub/app';
import { createLogger } from '@ponte/hub/logger';
import openapiTS, { astToString } from 'openapi-typescript';
import { Writable } from 'node:stream';

/**
 * How the SDK's types are made from the API description the hub serves, once for the generator
 * (`pnpm client:generate`) and once for the drift test, so both say the same thing.
 */

/** Where the generated types live, from the repository's root. */
export const GENERATED_PATH = 'packages/client/src/generated/openapi.ts';

/** The address the hub is built with to read its document (the types do not carry `servers`). */
const PUBLIC_URL = 'http://localhost:8080';

/**
 * The OpenAPI document the hub serves at `GET /openapi.json`, read from the hub's app built in
 * this process on an embedded, in-memory database (migrated, with a signing key of its own): no
 * server, no network, nothing downloaded.
 */
export async function liveDocument(): Promise<Record<string, unknown>> {
  const storage = await openStorage({ pglite: await createPglite(), migrate: true });
  try {
    const keyEncryptionKey = KeyEncryptionKey.parse(randomBytes(32).toString('base64'), 'a throwaway key-encryption key');
    const keys = await ensureSigningKeys(storage.db, { keyEncryptionKey });
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const app = createApp({
      db: storage.db,
      storageKind: storage.kind,
      ping: storage.ping,
      tokens: new TokenService({ issuer: PUBLIC_URL, audience: 'ponte-api', ttlSeconds: 900, keys }),
      secrets: keyEncryptionKey,
      logger: createLogger('silent', silent),
      bodyLimitBytes: 64 * 1024,
      publicUrl: PUBLIC_URL,
    });
    const res = await app.request('/openapi.json');
    if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  } finally {
    await storage.close();
  }
}

const HEADER = `/**
 * GENERATED from the Ponte hub's OpenAPI document (GET /openapi.json) by openapi-typescript.
 * Do not edit by hand: run \`pnpm client:generate\` to regenerate it after a change to the API.
 * \`if-match\` and \`idempotency-key\` are optional here: the SDK sends them (see client.ts).
 * The test test/api/client-contract.test.ts fails while this file differs from the live document.
 */

`;

/**
 * The `paths`, `components`, `webhooks` and `operations` types of a document, as a TypeScript
 * module: openapi-typescript's own printing (deterministic for one document), under a header.
 */
export async function renderTypes(document: Record<string, unknown>): Promise<string> {
  // The document as data, keys in the hub's order; nothing is fetched ($refs are all local).
  const ast = await openapiTS(headersTheSdkSends(document) as never, { alphabetize: false, exportType: false, rootTypes: false, emptyObjectsUnknown: true, defaultNonNullable: false, silent: true });
  const body = astToString(ast).replaceAll('\r\n', '\n').trimEnd();
  return `${HEADER}${body}\n\n${renderTraits(document)}`;
}

/**
 * The document with `If-Match` and `Idempotency-Key` optional in every operation's types: the SDK
 * sends them itself (the ETag of the last read, a new key), so a caller may leave them out; one
 * the caller gives is sent as given. The hub still requires `If-Match` where the document says so.
 */
function headersTheSdkSends(document: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(document) as { paths?: Record<string, Record<string, Operation>> };
  for (const byMethod of Object.values(copy.paths ?? {}))
    for (const operation of Object.values(byMethod))
      for (const parameter of operation.parameters ?? [])
        if (parameter.in === 'header' && SDK_HEADERS.has(parameter.name.toLowerCase())) parameter.required = false;
  return copy;
}

const SDK_HEADERS = new Set(['if-match', 'idempotency-key']);

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses?: Record<string, { headers?: Record<string, unknown> }>;
}

/**
 * What the SDK's middleware needs at run time from the same document, for each operation that has
 * any of it (`METHOD /path` as the document writes the path): whether it takes `Idempotency-Key`,
 * whether it takes `If-Match` (required or optional), and whether an answer carries an `ETag`.
 */
function renderTraits(document: Record<string, unknown>): string {
  const lines: string[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, byMethod] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
      const header = (name: string) => operation.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === name);
      const idempotencyKey = header('idempotency-key') !== undefined;
      const ifMatch = header('if-match');
      const etag = Object.values(operation.responses ?? {}).some((r) => Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === 'etag'));
      if (!idempotencyKey && !ifMatch && !etag) continue;
      const traits = [
        ...(idempotencyKey ? ['idempotencyKey: true'] : []),
        ...(ifMatch ? [`ifMatch: ${JSON.stringify(ifMatch.required ? 'required' : 'optional')}`] : []),
        ...(etag ? ['etag: true'] : []),
      ];
      lines.push(`    ${JSON.stringify(`${method.toUpperCase()} ${path}`)}: { ${traits.join(', ')} },`);
    }
  }
  return [
    '/** Per operation (`METHOD /path`): takes `Idempotency-Key`, takes `If-Match` (and whether it must), answers an `ETag`. */',
    'export interface OperationTraits {',
    '    idempotencyKey?: true;',
    '    ifMatch?: "required" | "optional";',
    '    etag?: true;',
    '}',
    '',
    '/** The operations with any of those traits, as the document declares them; read by the SDK at run time. */',
    'export const operationTraits: Readonly<Record<string, OperationTraits>> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}

/**
 * What to tell whoever changed the API when the committed types are not the document's: undefined
 * when they are the same text.
 */
export function driftReport(committed: string, live: string): string | undefined {
  if (committed === live) return undefined;
  return [
    `${GENERATED_PATH} is not what the hub's OpenAPI document gives now: run \`pnpm client:generate\` and commit the result`,
    '(then `pnpm typecheck` shows every use of the SDK the change breaks). First differing lines (- committed, + live):',
    firstDifferences(committed, live),
  ].join('\n');
}

/**
 * The first hunks where two texts differ, each line with its number (`-` committed, `+` live): from
 * the first differing line to where the two agree again for three lines, as a diff shows it.
 */
export function firstDifferences(committed: string, live: string, hunks = 3, maxLines = 40): string {
  const a = committed.split('\n');
  const b = live.split('\n');
  const agree = (i: number, j: number) => [0, 1, 2].every((k) => a[i + k] === b[j + k]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  for (let hunk = 0; hunk < hunks && out.length < maxLines; hunk++) {
    while (i < a.length && j < b.length && a[i] === b[j]) (i++, j++);
    if (i >= a.length && j >= b.length) break;
    // The nearest point where both agree again (the smallest total of lines skipped on both sides).
    let next: [number, number] = [a.length, b.length];
    search: for (let total = 1; total <= 400; total++)
      for (let da = 0; da <= total; da++)
        if (agree(i + da, j + total - da) && i + da <= a.length && j + total - da <= b.length) {
          next = [i + da, j + total - da];
          break search;
        }
    for (let k = i; k < next[0] && out.length < maxLines; k++) out.push(`${String(k + 1).padStart(6)} - ${a[k]}`);
    for (let k = j; k < next[1] && out.length < maxLines; k++) out.push(`${String(k + 1).padStart(6)} + ${b[k]}`);
    out.push('   ...');
    [i, j] = next;
  }
  return out.join('\n');
}
