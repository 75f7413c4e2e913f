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
import { spawnSync } from 'node:child_process';
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
    // Small pure-ESM dependencies go into the bundle: one file parses faster than their hundred modules,
    // and a CommonJS bundle cannot require an ES-module-only package (@noble/curves) without a warning.
    ssr: { noExternal: ['zod', 'yaml', 'decimal.js', 'commander', '@noble/hashes', '@noble/curves'] },
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
        // CommonJS, because Node 20 keeps no compile cache for ES modules and bin/code-cache.mjs can give
        // one to CommonJS files (every start compiling the 1.3 MB again was a third of `dcq quote`).
        // import() of an external package (pdfmake, pg, PGlite) becomes require() too: a script compiled
        // with a code cache has no module loader for import() without an experimental Node option.
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', dynamicImportInCjs: false },
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
  process.stdout.write(`dcq: built build/cli/main.cjs and pool-thread.cjs from ${files.length} sources (build ${manifest.buildId})\n`);
  return manifest.buildId;
}

/**
 * Runs the new bundle on the samples, as `dcq` runs it: a smoke test that also warms the catalog/rules load
 * cache and writes the code cache (bin/code-cache.mjs) of every function these commands use. In a plain
 * Node process of its own, because this script runs under tsx, which would hand the bundle's files to V8
 * in another form than `dcq` does.
 */
function warmUp(buildId: string): void {
  const runs = [
    ['catalog', 'check', '--dir', resolve(root, 'catalog'), '--rules', resolve(root, 'rules')],
    ['size', resolve(root, 'templates/projects/sample-110kv.json')],
    ['quote', resolve(root, 'templates/projects/sample-110kv.json')],
  ];
  const script = `
    import { requireWithCodeCache } from ${JSON.stringify(pathToFileURL(resolve(root, 'bin/code-cache.mjs')).href)};
    globalThis.__dcqBuildId = ${JSON.stringify(buildId)};
    const dir = ${JSON.stringify(`${outDir}/`)};
    const loaded = requireWithCodeCache(dir + 'main.cjs', dir, dir + 'code-cache');
    const quiet = { out: () => {}, err: () => {} };
    for (const argv of ${JSON.stringify(runs)}) {
      const code = await loaded.exports.main(argv, quiet);
      if (code !== 0) throw new Error('the new bundle fails: dcq ' + argv.join(' ') + ' exited ' + code);
    }
    loaded.saveCodeCache();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error((r.stderr.trim().split('\n').find((l) => l.includes('Error')) ?? r.stderr.trim()) || `exit ${r.status}`);
}

try {
  warmUp(await buildBundle());
} catch (e) {
  if (!atInstall) throw e;
  process.stderr.write(`dcq: the command bundle was not built (${(e as Error).message}); dcq runs from the TypeScript sources (slower).\n`);
}
