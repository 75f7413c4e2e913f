/**
 * Builds the `dcq` command into build/cli/ (at `npm ci` through the `prepare` script, or
 * `npm run build:cli`), with the team server's worker thread (pool-thread.mjs) as a second entry, so a
 * command or a worker starts without compiling TypeScript: bin/dcq.mjs (and src/server/pool.ts) runs the bundle
 * while its sources are unchanged and falls back to tsx on the sources when they are not.
 * Dependencies stay external (node_modules); exceljs and pdfmake load only in the commands that write
 * documents. build/cli/manifest.json lists every bundled source with size and mtime for that check, and
 * a build id (a hash of those sources) that names the code for the load cache (src/node/load-cache.ts).
 *
 *   npx tsx scripts/cli/build.ts [--at-install]
 *
 * --at-install: a failure is reported but does not fail `npm ci` (dcq then runs from the sources).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Rollup } from 'vite';

const root = resolve(import.meta.dirname, '../..');
const outDir = resolve(root, 'build/cli');
const atInstall = process.argv.includes('--at-install');

async function buildBundle(): Promise<string> {
  const output = (await build({
    root,
    configFile: false,
    logLevel: 'warn',
    // Small pure-ESM dependencies go into the bundle: one file parses faster than their hundred modules.
    ssr: { noExternal: ['zod', 'yaml', 'decimal.js', 'commander', '@noble/hashes'] },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: {
        // The team server's worker thread (src/server/pool.ts) is a second entry of the same build, so
        // a worker starts from plain JavaScript too instead of compiling the sources through tsx.
        input: { main: resolve(root, 'src/cli/main.ts'), 'pool-thread': resolve(root, 'src/server/pool-thread.ts') },
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const sources = new Set<string>();
  for (const o of Array.isArray(output) ? output : [output]) {
    for (const chunk of o.output) {
      if (chunk.type !== 'chunk') continue;
      for (const id of chunk.moduleIds) if (id.startsWith(root) && !id.includes('node_modules')) sources.add(id.split('?')[0] as string);
    }
  }
  // The lock file stands for the bundled dependencies: another zod or yaml means another build.
  sources.add(resolve(root, 'package-lock.json'));
  // So does this script: other build options (minify, the bundled dependencies) mean another bundle.
  sources.add(resolve(root, 'scripts/cli/build.ts'));
  const files = [...sources].sort().map((abs) => {
    const st = statSync(abs);
    return { path: relative(root, abs), size: st.size, mtimeMs: st.mtimeMs };
  });
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.path).update('\0').update(readFileSync(resolve(root, f.path))).update('\0');
  const manifest = { format: 'dcq-cli-build/1', buildId: hash.digest('hex').slice(0, 16), files };
  writeFileSync(resolve(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(`dcq: built build/cli/main.mjs and pool-thread.mjs from ${files.length} sources (build ${manifest.buildId})\n`);
  return manifest.buildId;
}

/** Runs the new bundle once on a sample: a smoke test that also warms the catalog/rules load cache. */
async function warmUp(buildId: string): Promise<void> {
  (globalThis as { __dcqBuildId?: string }).__dcqBuildId = buildId;
  const { main } = (await import(pathToFileURL(resolve(outDir, 'main.mjs')).href)) as { main: (argv: string[], io: object) => Promise<number> };
  const quiet = { out: () => {}, err: () => {} };
  const runs = [
    ['catalog', 'check', '--dir', resolve(root, 'catalog'), '--rules', resolve(root, 'rules')],
    ['size', resolve(root, 'templates/projects/sample-110kv.json')],
    ['quote', resolve(root, 'templates/projects/sample-110kv.json')],
  ];
  for (const argv of runs) {
    const code = await main(argv, quiet);
    if (code !== 0) throw new Error(`the new bundle fails: dcq ${argv.join(' ')} exited ${code}`);
  }
}

try {
  await warmUp(await buildBundle());
} catch (e) {
  if (!atInstall) throw e;
  process.stderr.write(`dcq: the command bundle was not built (${(e as Error).message}); dcq runs from the TypeScript sources (slower).\n`);
}
