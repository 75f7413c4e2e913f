import { fail, ok, type Result } from '../problems.ts';
import type { CatalogSource } from './source-files.ts';

/**
 * A changed price list is never the same catalog version: applying an import bumps `version` in
 * catalog.yaml (`2026.11-sample` → `2026.11-sample-r1` → `-r2` …), so every priced quote and the
 * server's catalog versions tell the price lists apart. Only the version line's value changes; the rest
 * of the file (comments, layout) stays byte for byte.
 */
export function nextCatalogVersion(version: string): string {
  const m = /^(.*)-r(\d+)$/.exec(version);
  return m ? `${m[1]}-r${Number(m[2]) + 1}` : `${version}-r1`;
}

export function bumpCatalogVersion(sources: readonly CatalogSource[]): Result<{ sources: CatalogSource[]; from: string; to: string }> {
  const i = sources.findIndex((s) => /(^|\/)catalog\.ya?ml$/.test(s.path.replace(/\\/g, '/')));
  const header = sources[i];
  const m = header ? /^(version:[ \t]*)(["']?)([^"'\r\n#]+?)\2([ \t]*(#.*)?)$/m.exec(header.text) : null;
  if (!header || !m) {
    return fail([{ code: 'catalog.versionLine', severity: 'error', path: 'catalog.yaml:version', message: { zh: '在 catalog.yaml 中找不到 version 行，无法更新物料库版本', en: 'catalog.yaml has no version line, so the catalog version cannot be bumped' } }]);
  }
  const from = m[3]!;
  const to = nextCatalogVersion(from);
  const text = header.text.slice(0, m.index) + `${m[1]}${m[2]}${to}${m[2]}${m[4]}` + header.text.slice(m.index + m[0].length);
  return ok({ sources: sources.map((s, j) => (j === i ? { ...s, text } : s)), from, to });
}
