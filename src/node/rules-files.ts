import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSource } from '../core/rules/load.ts';

/** The DL/T 5044 rules directory shipped with the repository (rules/pricing belongs to pricing). */
export const DEFAULT_RULES_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../rules/dlt5044');

/** Reads every *.yaml / *.yml under `dir` (recursively, sorted) as rule sources; paths relative to `dir`'s parent. */
export function readRuleSources(dir: string = DEFAULT_RULES_DIR): RuleSource[] {
  const base = resolve(dir, '..');
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((name) => {
        const p = join(d, name);
        if (statSync(p).isDirectory()) return walk(p);
        return /\.ya?ml$/.test(name) ? [p] : [];
      });
  return walk(resolve(dir)).map((p) => ({ path: relative(base, p), text: readFileSync(p, 'utf8') }));
}
