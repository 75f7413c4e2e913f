import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { REPO_ROOT } from './paths.ts';

declare global {
  // Set by bin/dcq.mjs when it runs the bundle built from unchanged sources (build/cli/manifest.json).
  var __dcqBuildId: string | undefined;
}

export const DEFAULT_CACHE_DIR = join(REPO_ROOT, 'build', 'cache');
/** Old entries beyond this many are removed: each catalog edit makes a new one. */
const KEEP_ENTRIES = 12;

export interface LoadCacheOptions {
  /** Names the code that loads; without one nothing is cached (tests and tsx runs load afresh). */
  buildId?: string | undefined;
  dir?: string;
}

/**
 * Runs `load`, a pure function of the text sources (parsing and validating catalog/ or rules/ costs
 * about a second), or returns its result from an earlier run of the same build on the same sources.
 * The key covers the build id, `extra` and every source's path and full text, so a changed file or a
 * changed loader is always loaded afresh: a result is never used stale. Results are stored with
 * node:v8 serialize (Maps survive). Any cache trouble (unreadable, corrupt, read-only folder) falls back
 * to loading: the cache can make a command faster, never wrong.
 */
export function cachedLoad<T>(kind: string, sources: readonly { path: string; text: string }[], extra: string, load: () => T, options: LoadCacheOptions = {}): T {
  const buildId = 'buildId' in options ? options.buildId : globalThis.__dcqBuildId;
  if (!buildId) return load();
  const dir = options.dir ?? DEFAULT_CACHE_DIR;
  const hash = createHash('sha256').update(`${buildId}\0${kind}\0${extra}\0`);
  for (const s of sources) hash.update(s.path).update('\0').update(s.text).update('\0');
  const file = join(dir, `${kind}-${hash.digest('hex').slice(0, 32)}.v8`);
  try {
    return (deserialize(readFileSync(file)) as { value: T }).value;
  } catch {
    // not cached yet, or unreadable: load below
  }
  const value = load();
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, serialize({ value }));
    renameSync(tmp, file);
    prune(dir);
  } catch {
    // a read-only install still works, only without the cache
  }
  return value;
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => n.endsWith('.v8'))
    .map((n) => ({ path: join(dir, n), at: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const e of entries.slice(KEEP_ENTRIES)) rmSync(e.path, { force: true });
}
