import { readdir, readFile } from 'node:fs/promises';
import { replaceFilesAtomically } from './atomic-write.ts';
import { basename, join } from 'node:path';
import type { CatalogSource } from '../core/catalog/source-files.ts';
import { fail, ok, type Problem, type Result } from '../core/problems.ts';

/**
 * The file-system edge of the catalog: reads catalog/catalog.yaml and catalog/items/*.yaml into text
 * sources for the pure loader, and writes edited sources back. File order is sorted so every run
 * (and every machine) sees the items in the same order.
 */
export async function readCatalogSources(dir: string): Promise<Result<CatalogSource[]>> {
  const header = join(dir, 'catalog.yaml');
  const itemsDir = join(dir, 'items');
  try {
    const names = (await readdir(itemsDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
    const paths = [header, ...names.map((n) => join(itemsDir, n))];
    const sources = await Promise.all(paths.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
    return ok(sources);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const file = err.path ?? dir;
    return fail([
      {
        code: 'catalog.io',
        severity: 'error',
        path: '',
        message: { zh: `无法读取目录文件：${file}（${err.code ?? err.message}）`, en: `cannot read catalog file: ${file} (${err.code ?? err.message})` },
        location: { file },
      },
    ]);
  }
}

/**
 * Ids of the capacity-conversion tables: the file names of rules/dlt5044/kc/*.yaml. Undefined when
 * that folder does not exist yet, which tells the loader to skip the kcTable check.
 */
export async function listKnownKcTables(rulesDir: string): Promise<string[] | undefined> {
  try {
    const names = await readdir(join(rulesDir, 'dlt5044', 'kc'));
    return names.filter((n) => /\.ya?ml$/.test(n)).map((n) => basename(n).replace(/\.ya?ml$/, '')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Writes the sources whose text changed, all or nothing: each to a temporary file beside it, every
 * temporary read back and the whole catalog reloaded from them (`check` must find no error), then
 * renamed into place. On any failure the catalog folder is left byte-identical. Returns the paths written.
 */
export async function writeChangedSources(before: readonly CatalogSource[], after: readonly CatalogSource[], check: (sources: CatalogSource[]) => Problem[]): Promise<Result<string[]>> {
  const old = new Map(before.map((s) => [s.path, s.text]));
  const changed = after.filter((s) => old.get(s.path) !== s.text);
  if (changed.length === 0) return ok([]);
  return replaceFilesAtomically(
    changed.map((s) => ({ name: s.path, bytes: s.text })),
    async (temps) => {
      const reread = new Map<string, string>();
      for (const t of temps) reread.set(t.target, await readFile(t.temp, 'utf8'));
      const mismatch = changed.filter((s) => reread.get(s.path) !== s.text);
      if (mismatch.length > 0) {
        return mismatch.map((s) => ({ code: 'IO_ERROR', severity: 'error' as const, path: '', location: { file: s.path }, message: { zh: `写入后读回的内容不一致：${s.path}`, en: `the file read back differs from what was written: ${s.path}` } }));
      }
      return check(after.map((s) => ({ ...s, text: reread.get(s.path) ?? s.text })));
    },
  );
}
