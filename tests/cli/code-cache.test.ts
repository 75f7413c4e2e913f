/**
 * The code cache under the `dcq` bundle (bin/code-cache.mjs, issue #16): a start after the first reuses what
 * V8 compiled, never another text's cache, and a cache V8 refuses costs one compile, never a wrong answer.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const loader = pathToFileURL(join(root, 'bin/code-cache.mjs')).href;

/** A two-file CommonJS "bundle" and a file outside it, like build/cli's chunks and node_modules. */
function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'dcq-code-cache-'));
  const bundle = join(dir, 'bundle');
  mkdirSync(bundle);
  writeFileSync(join(bundle, 'main.cjs'), "const b = require('./chunk.cjs');\nconst o = require('../outside.cjs');\nexports.answer = () => b.twice(21) + o.one;\n");
  writeFileSync(join(bundle, 'chunk.cjs'), 'exports.twice = (x) => x * 2;\n');
  writeFileSync(join(dir, 'outside.cjs'), 'exports.one = 1;\n');
  return { dir, bundle, cache: join(dir, 'cache') };
}

/** Runs the loader in a fresh Node process, as bin/dcq.mjs does, and reports what it compiled how. */
function run(f: ReturnType<typeof fixture>): { answer: number; files: Record<string, string> } {
  const script = `
    import { requireWithCodeCache } from ${JSON.stringify(loader)};
    const l = requireWithCodeCache(${JSON.stringify(join(f.bundle, 'main.cjs'))}, ${JSON.stringify(f.bundle)}, ${JSON.stringify(f.cache)});
    const answer = l.exports.answer();
    l.saveCodeCache();
    console.log(JSON.stringify({ answer, files: Object.fromEntries(l.files.map((x) => [x.filename.split('/').pop(), x.cache])) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { answer: number; files: Record<string, string> };
}

const cacheName = (text: string) => `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.v8`;

describe('requireWithCodeCache', () => {
  it('compiles without a cache the first time, writes one per bundle file, and uses it the next time', () => {
    const f = fixture();
    expect(run(f)).toEqual({ answer: 43, files: { 'main.cjs': 'none', 'chunk.cjs': 'none' } });
    // named by the text's SHA-256; the file outside the bundle is compiled by Node as usual, without one
    expect(readdirSync(f.cache).sort()).toEqual([cacheName('exports.twice = (x) => x * 2;\n'), cacheName("const b = require('./chunk.cjs');\nconst o = require('../outside.cjs');\nexports.answer = () => b.twice(21) + o.one;\n")].sort());
    const written = statSync(join(f.cache, cacheName('exports.twice = (x) => x * 2;\n'))).mtimeMs;
    expect(run(f)).toEqual({ answer: 43, files: { 'main.cjs': 'used', 'chunk.cjs': 'used' } });
    expect(statSync(join(f.cache, cacheName('exports.twice = (x) => x * 2;\n'))).mtimeMs).toBe(written); // not written again
  });

  it('never gives a changed file the cache of its old text, even of the same length', () => {
    const f = fixture();
    run(f);
    writeFileSync(join(f.bundle, 'chunk.cjs'), 'exports.twice = (x) => x * 3;\n'); // same length: V8's own check would take the old cache
    expect(run(f)).toEqual({ answer: 64, files: { 'main.cjs': 'used', 'chunk.cjs': 'none' } });
  });

  it('replaces a cache V8 refuses, and the answer is the same', () => {
    const f = fixture();
    run(f);
    writeFileSync(join(f.cache, cacheName('exports.twice = (x) => x * 2;\n')), Buffer.alloc(64, 7));
    expect(run(f)).toEqual({ answer: 43, files: { 'main.cjs': 'used', 'chunk.cjs': 'rejected' } });
    expect(run(f)).toEqual({ answer: 43, files: { 'main.cjs': 'used', 'chunk.cjs': 'used' } });
  });

  it('still answers when the cache cannot be written (a read-only install)', () => {
    const f = fixture();
    writeFileSync(f.cache, 'a file where the cache folder would be');
    expect(run(f)).toEqual({ answer: 43, files: { 'main.cjs': 'none', 'chunk.cjs': 'none' } });
    expect(run(f).answer).toBe(43);
  });
});
