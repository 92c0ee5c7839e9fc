/**
 * `pnpm test:faults`: the real-process fault run at length (150 s of load on each engine by
 * default; `--seconds n` to choose), then the figures it produced, as measured (nothing typed in).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const at = process.argv.indexOf('--seconds');
const seconds = at > 0 ? Number(process.argv[at + 1]) : 150;
if (!Number.isInteger(seconds) || seconds < 5 || seconds > 3600) {
  process.stderr.write('--seconds takes a whole number from 5 to 3600\n');
  process.exit(2);
}
const figuresFile = join(tmpdir(), `ponte-fault-figures-${process.pid}.jsonl`);
rmSync(figuresFile, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.long.config.ts', 'test/faults'], {
  stdio: 'inherit',
  env: { ...process.env, PONTE_FAULT_SECONDS: String(seconds), PONTE_FIGURES_FILE: figuresFile },
});
const rows = existsSync(figuresFile) ? readFileSync(figuresFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
rmSync(figuresFile, { force: true });
process.stdout.write('\nFault run summary\n');
for (const row of rows.filter((r) => r.kind === 'faults-run')) {
  process.stdout.write(`  ${String(row.engine)}, ${String(row.seconds)} s of load\n`);
  for (const key of ['requests', 'acknowledged', 'presentOnce', 'duplicates', 'missing', 'answeredFailed', 'failedButApplied', 'outageSeconds', 'transitionsWithoutEvents', 'eventNumberGaps', 'deliveries', 'undelivered', 'deliveryP50Ms', 'deliveryP95Ms', 'deliveryMaxMs', 'healthyDeliveries', 'healthyP95Ms', 'healthyMaxMs', 'logVerified', 'logEvents', 'heads', 'personalDataInLogs'])
    process.stdout.write(`    ${key.padEnd(26)} ${typeof row[key] === 'number' ? Number(row[key]).toLocaleString('en', { maximumFractionDigits: 1 }) : String(row[key])}\n`);
  process.stdout.write(`    faults: ${(row.faults as string[]).join('; ')}\n`);
}
process.exit(run.status ?? 1);
