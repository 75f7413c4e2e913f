import { createRequire } from 'node:module';

/** The pdfkit version our patches (pdfkit-colour-cache.ts, pdfkit-font-key.ts) were written against. */
export const PATCHED_PDFKIT_VERSION = '0.19.1';

/**
 * Node only: pdfkit's document prototype when node_modules holds the version our patches were written
 * against, otherwise undefined, so an upgraded pdfkit is left alone (and their tests fail, to be noticed).
 */
export function patchablePdfkitPrototype<T>(): T | undefined {
  const require = createRequire(import.meta.url);
  const version = (require('pdfkit/package.json') as { version: string }).version;
  if (version !== PATCHED_PDFKIT_VERSION) return undefined;
  const mod = require('pdfkit') as { default?: { prototype: T }; prototype: T };
  return (mod.default ?? mod).prototype;
}
