/**
 * Start-up of the `dcq` command (issue #16): `dcq size`, `dcq quote` and `dcq catalog check` on a sample
 * must answer within 4 × a bare `node -e 0` measured in the same run on the same machine. The bundle
 * (build/cli, built at `npm ci`) is rebuilt first when a source changed, and each command runs once
 * before timing so the catalog/rules load cache and the code cache (bin/code-cache.mjs) are warm, as they
 * are for a user after the first command (the build's own smoke run already warms both).
 *
 *   npx tsx scripts/bench/cli.ts
 *
 * Prints each figure with its floor and ratio; exits 1 when a ratio exceeds its target.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const RUNS = 7;
const TARGET_RATIO = 4;

function runMs(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const build = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/cli/build.ts')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) throw new Error('the CLI bundle does not build');

const dcq = join(root, 'bin/dcq.mjs');
const commands: Record<string, string[]> = {
  'dcq size sample-110kv': [dcq, 'size', 'templates/projects/sample-110kv.json'],
  'dcq quote sample-220kv': [dcq, 'quote', 'templates/projects/sample-220kv.json'],
  'dcq catalog check': [dcq, 'catalog', 'check'],
};
for (const args of Object.values(commands)) runMs(args); // warm the load cache and the file cache

let failed = false;
// Interleave the floor with the commands so a busy moment hits both alike.
const floor: number[] = [];
const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < RUNS; i++) {
  floor.push(runMs(['-e', '0']));
  for (const [name, args] of Object.entries(commands)) times[name]!.push(runMs(args));
}
const floorMs = median(floor);
console.log(`node -e 0 (floor): ${floorMs.toFixed(0)} ms median of ${RUNS}`);
for (const [name, xs] of Object.entries(times)) {
  const ms = median(xs);
  const ratio = ms / floorMs;
  const ok = ratio <= TARGET_RATIO;
  if (!ok) failed = true;
  console.log(`${name}: ${ms.toFixed(0)} ms = ${ratio.toFixed(1)} × floor (target ≤ ${TARGET_RATIO} ×) ${ok ? 'ok' : 'MISSED'}`);
}
const source = median([0, 1, 2].map(() => runMs(commands['dcq size sample-110kv']!, { ...process.env, DCQ_FROM_SOURCE: '1' })));
console.log(`for comparison, dcq size from the TypeScript sources (tsx): ${source.toFixed(0)} ms = ${(source / floorMs).toFixed(1)} × floor`);
process.exitCode = failed ? 1 : 0;
