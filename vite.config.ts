/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { join } from 'node:path';

/**
 * `virtual:bundled-catalog`: the catalog/ folder, loaded and validated by the real loader at build
 * (and dev-server) time and handed to the app as JSON. A catalog with any error fails the build with
 * every problem listed, so a broken catalog never ships.
 */
function bundledCatalog(): Plugin {
  const id = 'virtual:bundled-catalog';
  const resolved = `\0${id}`;
  return {
    name: 'dcq-bundled-catalog',
    resolveId: (source) => (source === id ? resolved : undefined),
    async load(moduleId) {
      if (moduleId !== resolved) return undefined;
      const { readCatalogSources, listKnownKcTables } = await import('./src/node/catalog-files.ts');
      const { loadCatalog } = await import('./src/core/catalog/load.ts');
      const { compileCatalog } = await import('./src/core/catalog/compiled.ts');
      const { formatProblem } = await import('./src/core/problems.ts');
      const root = process.cwd();
      const sources = await readCatalogSources(join(root, 'catalog'));
      if (!sources.ok) this.error(sources.problems.map((p) => formatProblem(p, 'en')).join('\n'));
      for (const s of sources.value) this.addWatchFile(s.path);
      const result = loadCatalog(sources.value, { knownKcTables: await listKnownKcTables(join(root, 'rules')) });
      if (!result.ok) this.error(`catalog/ does not load:\n${result.problems.map((p) => formatProblem(p, 'en')).join('\n')}`);
      return `export default ${JSON.stringify(compileCatalog(result.value))};`;
    },
  };
}

// The app is a static site: `npm run build` writes dist/ for any intranet web server.
// `base: './'` keeps every asset path relative so it can live under any sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), bundledCatalog()],
  server: { fs: { allow: ['.'] } },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20000,
  },
});
