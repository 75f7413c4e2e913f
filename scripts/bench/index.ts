/**
 * Runs every benchmark file in scripts/bench/ (except this one), each in its own process so one
 * bench's warm-up and heap do not disturb another. Exit code 1 if any bench reports a missed target.
 *
 * Benches of code that ships in the app (BUNDLED) are measured as it ships: built first with Vite's SSR
 * build (minified, like the production bundle) into .tmp/bench/ and run with plain node. Under tsx every
 * function is wrapped for keepNames, which distorts closure-heavy code. The others run under tsx.
 * Run: npm run bench
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const dir = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(dir, '../..');
const outDir = join(root, '.tmp/bench');
const BUNDLED = new Set(['sizing.ts', 'drawing.ts']);

const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
let failed = 0;
for (const f of files) {
  console.log(`# ${f}${BUNDLED.has(f) ? ' (production bundle, plain node)' : ''}`);
  let args: string[];
  if (BUNDLED.has(f)) {
    await build({
      configFile: false,
      root,
      logLevel: 'warn',
      build: { ssr: join(dir, f), outDir, emptyOutDir: false, minify: true, sourcemap: false },
    });
    args = [join(outDir, f.replace(/\.ts$/, '.js'))];
  } else {
    args = ['--import', 'tsx', join(dir, f)];
  }
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, DCQ_ROOT: root } });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
