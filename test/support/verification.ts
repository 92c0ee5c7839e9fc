import { runVerifications } from '@ponte/audit';
import type { TestHub } from './hub';

/**
 * A verification through the API as a privacy officer's system makes it: queued with
 * `POST /v1/log/verify` (202), run (a test hub has no background runner, so the test runs the
 * queue, as it seals the log), then read back with `GET /v1/log/verifications/{id}`.
 */
export async function verifyThroughApi(hub: TestHub, token: string, body: { witness?: string } = {}, headers: Record<string, string> = {}) {
  const queued = await hub.call('POST', '/v1/log/verify', { token, json: body, headers });
  if (queued.status !== 202) return { status: queued.status, queued: (await queued.json()) as { id: string }, location: null, verification: undefined };
  const job = (await queued.json()) as { id: string };
  await runVerifications({ db: hub.database.db, tokens: hub.tokens });
  const res = await hub.call('GET', `/v1/log/verifications/${job.id}`, { token });
  return { status: queued.status, queued: job, location: queued.headers.get('location'), verification: (await res.json()) as { id: string; status: string; checked: number; total: number | null; report: Record<string, unknown> | null } };
}
