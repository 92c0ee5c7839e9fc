/**
 * `pnpm test:security`: the access matrix in every state, hostile input on every route, token
 * attacks, limits, faults and the concurrency soak, at full length; then one summary of the
 * figures the run produced (nothing typed in).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const figuresFile = join(tmpdir(), `ponte-security-figures-${process.pid}.jsonl`);
rmSync(figuresFile, { force: true });
const files = ['test/security', 'test/api/access-tokens.test.ts', 'test/api/bad-input.test.ts', 'test/api/case-data-access.test.ts', 'test/api/limits-and-faults.int.test.ts', 'test/api/consent-concurrency.int.test.ts'];
const run = spawnSync('npx', ['vitest', 'run', ...files], {
  stdio: 'inherit',
  env: { PONTE_HOSTILE_RUNS: '200', PONTE_SOAK_MS: '60000', ...process.env, PONTE_FIGURES_FILE: figuresFile },
});

const rows = existsSync(figuresFile) ? readFileSync(figuresFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, number | string>) : [];
rmSync(figuresFile, { force: true });
const sum = (kind: string, key: string) => rows.filter((r) => r.kind === kind).reduce((n, r) => n + Number(r[key] ?? 0), 0);
const lines = [
  ['access matrix: states', rows.filter((r) => r.kind === 'matrix').length],
  ['access matrix: cells run', sum('matrix', 'cells')],
  ['access matrix: leaks', sum('matrix', 'leaks')],
  ['access matrix with a broken rule: leaks found (must be > 0)', sum('broken-matrix', 'leaks')],
  ['hostile inputs tried', sum('hostile', 'inputs')],
  ['hostile inputs: 5xx answers', sum('hostile', 'serverErrors')],
  ['hostile inputs: stack traces', sum('hostile', 'stackTraces')],
  ['hostile inputs: changes on refusal', sum('hostile', 'changedOnRejection')],
  ['concurrency: requests', sum('concurrency', 'requests')],
  ['concurrency: 5xx answers', sum('concurrency', 'serverErrors')],
  ['concurrency: double acceptances', sum('concurrency', 'doubleAcceptances')],
  ['concurrency: reads after a withdrawal', sum('concurrency', 'lateReads')],
  ['faults injected', sum('fault', 'injected')],
  ['faults: records lost or duplicated', sum('fault', 'lostOrDuplicated')],
];
process.stdout.write('\nSecurity summary\n');
for (const [label, value] of lines) process.stdout.write(`  ${String(label).padEnd(62)} ${value}\n`);
process.exit(run.status ?? 1);
