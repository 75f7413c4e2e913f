import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The core/UI boundary is a test failure: src/core stays pure (no React, zustand, exceljs, pdfmake,
 * node built-ins or DOM globals) so the app, the CLI and the tests share it, and it has no import cycles.
 */
const root = resolve(__dirname, '..');
const coreDir = join(root, 'src/core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) specs.push((m[1] ?? m[2]) as string);
  return specs;
}

const forbidden = [/^react/, /^zustand/, /^exceljs/, /^pdfmake/, /^node:/, /^(fs|path|os|child_process|url)$/, /^commander$/];

describe('domain core boundary', () => {
  const files = tsFiles(coreDir);

  it('has source files', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('imports no UI, I/O or document library', () => {
    const offenders = files.flatMap((f) =>
      importsOf(f)
        .filter((s) => forbidden.some((re) => re.test(s)))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('never reaches outside src/core', () => {
    const offenders = files.flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith('.'))
        .filter((s) => !resolve(dirname(f), s).startsWith(coreDir))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('uses no DOM or Node globals', () => {
    const offenders = files.filter((f) => /\b(window|document|localStorage|indexedDB|process\.env|Date\.now|new Date\(\))\b/.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const f of files) {
      graph.set(
        f,
        importsOf(f)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolve(dirname(f), s)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, stack: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map((p) => relative(root, p)).join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const dep of graph.get(f) ?? []) visit(dep, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
