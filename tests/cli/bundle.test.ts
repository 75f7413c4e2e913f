/**
 * The `dcq` bundle (issue #16): built at install, run by bin/dcq.mjs only while every source it was
 * built from is unchanged, and giving exactly what the sources give.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKnowledge } from '../../src/core/knowledge-compiled.ts';
import { readTemplates } from '../../src/export/node.ts';
import { WorkerPool, workerEntry } from '../../src/server/pool.ts';
import { runTask } from '../../src/server/work.ts';
import { shippedKnowledge } from '../fixtures/knowledge.ts';
// @ts-expect-error plain ESM module without types (bin/ holds the launcher)
import { freshBundle } from '../../bin/fresh-bundle.mjs';

const root = resolve(import.meta.dirname, '../..');
const dcq = join(root, 'bin/dcq.mjs');
const sample = join(root, 'templates/projects/sample-220kv.json');

function fakeRoot() {
  const dir = mkdtempSync(join(tmpdir(), 'dcq-bundle-'));
  mkdirSync(join(dir, 'build/cli'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const src = join(dir, 'src/a.ts');
  writeFileSync(src, 'export const a = 1;\n');
  utimesSync(src, 1_700_000_000, 1_700_000_000);
  const manifest = (files: object[]) => writeFileSync(join(dir, 'build/cli/manifest.json'), JSON.stringify({ format: 'dcq-cli-build/1', buildId: 'x', files }));
  return { url: pathToFileURL(`${dir}/`), src, manifest };
}

describe('freshBundle', () => {
  it('is fresh only while every recorded source has its size and mtime', () => {
    const r = fakeRoot();
    r.manifest([{ path: 'src/a.ts', size: 20, mtimeMs: 1_700_000_000_000 }]);
    expect(freshBundle(r.url)?.buildId).toBe('x');
    utimesSync(r.src, 1_700_000_001, 1_700_000_001);
    expect(freshBundle(r.url)).toBeUndefined();
  });
  it('is stale when a source is gone, the manifest is unknown or missing', () => {
    const r = fakeRoot();
    r.manifest([{ path: 'src/a.ts', size: 20, mtimeMs: 1_700_000_000_000 }, { path: 'src/gone.ts', size: 1, mtimeMs: 1 }]);
    expect(freshBundle(r.url)).toBeUndefined();
    r.manifest([]);
    expect(freshBundle(r.url)).toBeUndefined();
    rmSync(join(new URL(r.url).pathname, 'build/cli/manifest.json'));
    expect(freshBundle(r.url)).toBeUndefined();
  });
});

describe('the bundle built at install', () => {
  it('records the lock file and the build script among its sources, so changed dependencies or build options mean a rebuild', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'build/cli/manifest.json'), 'utf8')) as { files: { path: string }[] };
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toContain('package-lock.json');
    expect(paths).toContain('scripts/cli/build.ts');
    expect(paths).toContain('src/cli/main.ts');
  });
});

describe('the team server worker entry', () => {
  it('is build/cli/pool-thread.cjs only while the bundle is fresh and not DCQ_FROM_SOURCE; else the sources through tsx', () => {
    const r = fakeRoot();
    const dir = fileURLToPath(r.url).replace(/\/$/, '');
    r.manifest([{ path: 'src/a.ts', size: 20, mtimeMs: 1_700_000_000_000 }]);
    const sources = { file: join(dir, 'src/server/pool-worker.mjs'), bundled: false };
    expect(workerEntry(dir, {})).toEqual(sources);
    writeFileSync(join(dir, 'build/cli/pool-thread.cjs'), '');
    expect(workerEntry(dir, {})).toEqual({ file: join(dir, 'build/cli/pool-thread.cjs'), bundled: true });
    expect(workerEntry(dir, { DCQ_FROM_SOURCE: '1' })).toEqual(sources);
    utimesSync(r.src, 1_700_000_001, 1_700_000_001);
    expect(workerEntry(dir, {})).toEqual(sources);
  });
});

describe('bin/dcq.mjs', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/cli/build.ts')], { cwd: root, stdio: 'pipe' });
  }, 120_000);

  it('runs the fresh bundle and prints exactly what the sources print', () => {
    expect(freshBundle(pathToFileURL(`${root}/`))).toBeDefined();
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [dcq, 'quote', '--json', sample], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    const bundled = run({});
    const fromSource = run({ DCQ_FROM_SOURCE: '1' });
    expect(bundled.status).toBe(fromSource.status);
    expect(bundled.stderr).toBe(fromSource.stderr);
    expect(bundled.stdout).toBe(fromSource.stdout);
    // twice: the second answer comes from the load cache and must not differ
    expect(run({}).stdout).toBe(fromSource.stdout);
    // and the bundle was compiled through the code cache (bin/code-cache.mjs) the build's warm-up wrote:
    // a start that used it does not write it again
    const mainText = readFileSync(join(root, 'build/cli/main.cjs'));
    const cacheFile = join(root, 'build/cli/code-cache', `${createHash('sha256').update(mainText).digest('hex').slice(0, 32)}.v8`);
    const written = statSync(cacheFile).mtimeMs;
    expect(run({}).stdout).toBe(fromSource.stdout);
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  }, 60_000);

  it('a server worker starts from the bundle, answers as the sources do, and is back within seconds when killed', async () => {
    const entry = workerEntry();
    expect(entry.bundled).toBe(true);
    const templates = readTemplates();
    if (!templates.ok) throw new Error('templates');
    const knowledge = await shippedKnowledge();
    const catalog = { version: knowledge.catalog.version, compiled: () => compileKnowledge(knowledge, []) };
    const project = JSON.parse(readFileSync(sample, 'utf8'));
    const task = { kind: 'facts', project, now: '2026-11-30T00:00:00Z' } as const;
    const pool = new WorkerPool(1, { templates: templates.value }, entry);
    try {
      await pool.whenReady(catalog);
      const inline = await runTask(knowledge, templates.value, task);
      expect(await pool.run(task, catalog)).toEqual(inline);
      // Kill the worker: the pool replaces it; time until the new one has answered a task.
      const t0 = performance.now();
      await (pool as unknown as { slots: { worker: { terminate: () => Promise<number> } }[] }).slots[0]!.worker.terminate();
      expect(await pool.run(task, catalog)).toEqual(inline);
      const backMs = performance.now() - t0;
      process.stdout.write(`server worker back after a kill in ${backMs.toFixed(0)} ms (bundle)\n`);
      // About 1 s on a loaded two-core machine; tsx on the sources took several (35 s for a whole server).
      expect(backMs).toBeLessThan(5000);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('refuses bad input with the same exit code and message in both modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-bundle-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 1, "requirements": ');
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [dcq, 'size', bad], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    const a = run({});
    const b = run({ DCQ_FROM_SOURCE: '1' });
    expect(a.status).toBe(1);
    expect(a.status).toBe(b.status);
    expect(a.stderr).toBe(b.stderr);
  }, 60_000);
});
