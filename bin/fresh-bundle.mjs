// Is the CLI bundle (build/cli) built from the sources as they are now? Every source it was built from
// must have the size and mtime its manifest recorded; anything else (no build, a changed, moved or
// deleted source, an unknown manifest format) means "run the sources instead".
import { readFileSync, statSync } from 'node:fs';

/** The bundle's manifest when the bundle under `rootUrl` is fresh, otherwise undefined. */
export function freshBundle(rootUrl) {
  try {
    const manifest = JSON.parse(readFileSync(new URL('build/cli/manifest.json', rootUrl), 'utf8'));
    if (manifest.format !== 'dcq-cli-build/1' || !Array.isArray(manifest.files) || manifest.files.length === 0) return undefined;
    for (const f of manifest.files) {
      const st = statSync(new URL(f.path, rootUrl), { throwIfNoEntry: false });
      if (!st || st.size !== f.size || st.mtimeMs !== f.mtimeMs) return undefined;
    }
    return manifest;
  } catch {
    return undefined;
  }
}
