import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * First load ≤ 150 KB gzip (issue #16): the app's entry (src/app/main.tsx and everything it imports
 * statically, i.e. what the first script and its modulepreloads carry) must not pull in the project
 * engine — validation schemas, the sizing → BOM → pricing pipeline, the YAML parser. Those come as
 * chunks fetched in parallel (src/app/store/engine.ts) or with the screens that show them (React.lazy).
 * `import type` and dynamic `import()` do not count: they add nothing to the entry chunk.
 */
const root = resolve(__dirname, '../..');

/** The modules a file imports with a value import or re-export (what a bundler keeps). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const specs: string[] = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly && ts.isStringLiteral(st.moduleSpecifier)) specs.push(st.moduleSpecifier.text);
    if (ts.isExportDeclaration(st) && !st.isTypeOnly && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) specs.push(st.moduleSpecifier.text);
  }
  return specs;
}

/** Every module reached from `entry` by static imports: project files by path, packages by name. */
function staticGraph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (/\.(tsx?)$/.test(target) && existsSync(target)) todo.push(target);
      } else if (!spec.startsWith('virtual:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
        if (!packages.has(name)) packages.set(name, relative(root, file));
      }
    }
  }
  return { files, packages };
}

describe('the first load carries only the first screen (issue #16)', () => {
  const { files, packages } = staticGraph(join(root, 'src/app/main.tsx'));
  const reached = [...files].map((f) => relative(root, f));

  it('follows the entry into the store and the project list', () => {
    // The walk itself works: these are what the first screen needs.
    expect(reached).toContain('src/app/App.tsx');
    expect(reached).toContain('src/app/store/project-slice.ts');
    expect(reached).toContain('src/app/screens/ProjectsScreen.tsx');
    expect(reached).toContain('src/app/store/engine-loader.ts');
  });

  it('does not import the sizing, BOM, pricing or quote pipeline, nor project validation, statically', () => {
    const engine = reached.filter((f) => /^src\/core\/(pipeline|sizing|bom|pricing|quote|project|tender|drawing|knowledge\.ts|catalog\/load|rules)|^src\/export\/|^src\/app\/store\/engine\.ts$|^src\/app\/screens\/(?!ProjectsScreen)/.test(f));
    expect(engine).toEqual([]);
  });

  it('does not import the schema library, the YAML parser, decimal.js or the document libraries statically', () => {
    const heavy = ['zod', 'yaml', 'decimal.js', 'exceljs', 'pdfmake', '@noble/curves', '@noble/hashes'].filter((p) => packages.has(p)).map((p) => `${p} (from ${packages.get(p)})`);
    expect(heavy).toEqual([]);
  });
});
