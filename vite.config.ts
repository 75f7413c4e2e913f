/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { join } from 'node:path';

/**
 * `virtual:bundled-knowledge`: catalog/ and rules/, loaded and validated by the real loaders at build
 * (and dev-server) time. A catalog or rule book with any error fails the build with every problem
 * listed, so a broken one never ships. The build writes it as a JSON asset that index.html preloads
 * beside the first script (the app fetches it, no YAML parsing or schema checks in the browser); the
 * dev server inlines it.
 */
function bundledKnowledge(): Plugin {
  const id = 'virtual:bundled-knowledge';
  const resolved = `\0${id}`;
  const assetName = 'knowledge.json';
  let command: 'build' | 'serve' = 'serve';
  return {
    name: 'dcq-bundled-knowledge',
    configResolved: (config) => {
      command = config.command;
    },
    resolveId: (source) => (source === id ? resolved : undefined),
    async load(moduleId) {
      if (moduleId !== resolved) return undefined;
      const { readCatalogSources } = await import('./src/node/catalog-files.ts');
      const { readAllRuleSources } = await import('./src/node/knowledge-files.ts');
      const { loadKnowledge } = await import('./src/core/knowledge.ts');
      const { compileKnowledge } = await import('./src/core/knowledge-compiled.ts');
      const { formatProblem } = await import('./src/core/problems.ts');
      const root = process.cwd();
      const catalog = await readCatalogSources(join(root, 'catalog'));
      if (!catalog.ok) this.error(catalog.problems.map((p) => formatProblem(p, 'en')).join('\n'));
      const rules = readAllRuleSources(join(root, 'rules'));
      for (const s of catalog.value) this.addWatchFile(s.path);
      for (const s of rules) this.addWatchFile(join(root, 'rules', s.path));
      const result = loadKnowledge({ catalog: catalog.value, rules });
      if (!result.ok) this.error(`catalog/ and rules/ do not load:\n${result.problems.map((p) => formatProblem(p, 'en')).join('\n')}`);
      const text = compileKnowledge(result.value, result.warnings);
      if (command === 'serve') return `export const knowledgeUrl = undefined;\nexport const knowledgeText = ${JSON.stringify(text)};`;
      const ref = this.emitFile({ type: 'asset', name: assetName, source: text });
      return `export const knowledgeUrl = import.meta.ROLLUP_FILE_URL_${ref};\nexport const knowledgeText = undefined;`;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const asset = Object.values(ctx.bundle ?? {}).find((f) => f.type === 'asset' && (f.names ?? []).includes(assetName));
        if (!asset) return undefined;
        return [{ tag: 'link', attrs: { rel: 'preload', href: `./${asset.fileName}`, as: 'fetch', crossorigin: '' }, injectTo: 'head' }];
      },
    },
  };
}

// The app is a static site: `npm run build` writes dist/ for any intranet web server.
// `base: './'` keeps every asset path relative so it can live under any sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), bundledKnowledge()],
  server: { fs: { allow: ['.'] } },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20000,
  },
});
