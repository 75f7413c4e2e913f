#!/usr/bin/env node
// `dcq`: the command-line face of the same core the app uses.
// It runs the bundle built at install time (build/cli; `npm run build:cli` rebuilds it) while every
// source it was built from is unchanged; otherwise (a fresh edit, no build yet, DCQ_FROM_SOURCE=1) it
// runs the TypeScript sources through tsx, so a changed source never runs stale.
import { freshBundle } from './fresh-bundle.mjs';

const root = new URL('../', import.meta.url);
const bundle = process.env.DCQ_FROM_SOURCE ? undefined : freshBundle(root);
let main;
if (bundle) {
  // Names the code for the catalog/rules load cache (src/node/load-cache.ts).
  globalThis.__dcqBuildId = bundle.buildId;
  ({ main } = await import(new URL('build/cli/main.mjs', root).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
