#!/usr/bin/env node
// `dcq`: the command-line face of the same core the app uses.
// It runs the bundle built at install time (build/cli; `npm run build:cli` rebuilds it) while every
// source it was built from is unchanged, compiled through V8's code cache (bin/code-cache.mjs);
// otherwise (a fresh edit, no build yet, DCQ_FROM_SOURCE=1) it runs the TypeScript sources through tsx,
// so a changed source never runs stale.
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from './code-cache.mjs';
import { freshBundle } from './fresh-bundle.mjs';

const root = new URL('../', import.meta.url);
const bundle = process.env.DCQ_FROM_SOURCE ? undefined : freshBundle(root);
let code;
if (bundle) {
  // Names the code for the catalog/rules load cache (src/node/load-cache.ts).
  globalThis.__dcqBuildId = bundle.buildId;
  const bundleDir = fileURLToPath(new URL('build/cli/', root));
  const loaded = requireWithCodeCache(`${bundleDir}main.cjs`, bundleDir, `${bundleDir}code-cache`);
  code = await loaded.exports.main(process.argv.slice(2));
  loaded.saveCodeCache();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  code = await main(process.argv.slice(2));
}
// Exit once the answer is out. Every command has awaited its work by now (`dcq serve` never returns
// from main); waiting for the event loop to empty only waited for V8's background garbage collection,
// 20–30 ms of every command (issue #16). The callbacks fire when what was written before is flushed.
await new Promise((resolve) => process.stdout.write('', resolve));
await new Promise((resolve) => process.stderr.write('', resolve));
process.exit(code);
