/**
 * `tsx test/bench/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (written by
 * `pnpm bench --profile`) spent its time, by self time per function and by package, so the
 * figures in docs/performance.md can be traced to code.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

/** The package a frame belongs to: a workspace package, a dependency, node itself, or V8. */
function area(url: string): string {
  if (!url) return '(native / V8)';
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  const workspace = /\/(packages|services|test)\/([^/]+)\//.exec(url);
  if (workspace) return `@ponte/${workspace[2]}`;
  if (url.startsWith('node:')) return 'node';
  return url;
}

const functions = new Map<string, number>();
const areas = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(packages|services|test)\//, '$1/')}:${lineNumber + 1}` : '';
  const name = `${functionName || '(anonymous)'} ${where}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
  areas.set(area(url), (areas.get(area(url)) ?? 0) + micros);
}
const pct = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)} %`;
process.stdout.write(`profile: ${(total / 1e6).toFixed(1)} s sampled\n\nby package (self time)\n`);
for (const [name, micros] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`${pct(micros)}  ${name}\n`);
process.stdout.write(`\nby function (self time), top ${top}\n`);
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(micros)}  ${name}\n`);
