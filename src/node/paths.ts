import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's data folders, found from this module's place (src/node/ in the sources,
 * build/cli/ in the bundle: both two levels below the root).
 */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const DEFAULT_TEMPLATES_DIR = join(REPO_ROOT, 'templates');
