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
 * The test test/api/client-contract.test.ts fails while this file differs from the live document.
 */

`;

/**
 * The `paths`, `components`, `webhooks` and `operations` types of a document, as a TypeScript
 * module: openapi-typescript's own printing (deterministic for one document), under a header.
 */
export async function renderTypes(document: Record<string, unknown>): Promise<string> {
  // The document as data, keys in the hub's order; nothing is fetched ($refs are all local).
  const ast = await openapiTS(document as never, { alphabetize: false, exportType: false, rootTypes: false, silent: true });
  const body = astToString(ast).replaceAll('\r\n', '\n').trimEnd();
  return `${HEADER}${body}\n\n${renderTraits(document)}`;
}

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

/** The first lines where two texts differ, each with its number, for a message a person can act on. */
export function firstDifferences(committed: string, live: string, count = 12): string {
  const a = committed.split('\n');
  const b = live.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const start = at === -1 ? Math.min(a.length, b.length) : at;
  const lines: string[] = [];
  for (let i = start; i < Math.max(a.length, b.length) && lines.length < count * 2; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] !== undefined) lines.push(`${String(i + 1).padStart(5)} - ${a[i]}`);
    if (b[i] !== undefined) lines.push(`${String(i + 1).padStart(5)} + ${b[i]}`);
  }
  return lines.join('\n');
}
