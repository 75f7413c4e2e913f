// Runs the CommonJS bundle (build/cli/*.cjs) through V8's code cache, so a `dcq` command does not parse
// and compile the same 1.3 MB of JavaScript again at every start (issue #16: Node 20 has no compile cache
// of its own; module.enableCompileCache came in Node 22).
//
// Each bundle file is compiled as Node compiles any CommonJS file (the same wrapper, filename and
// require), but with the cached data V8 wrote after an earlier run, which holds the functions that run
// used, not only the top level. The cache file is named by the SHA-256 of the bundle file's text, so a
// rebuilt or edited bundle never meets another text's cache (V8's own check compares only the length);
// V8 still checks its version and flags and refuses a cache made by another Node, which is then rewritten.
// Files outside the bundle directory are compiled by Node as usual. A cache that cannot be written (a
// read-only install) only means the next start compiles again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import vm from 'node:vm';

/**
 * Requires `entry` (an absolute path inside `bundleDir`) with every bundle file compiled through the code
 * cache in `cacheDir`. Call `saveCodeCache()` once the command has run: it writes the cache of each file
 * that had none, or whose cache V8 refused (another Node version or other V8 flags).
 */
export function requireWithCodeCache(entry, bundleDir, cacheDir) {
  const inBundle = bundleDir.endsWith(sep) ? bundleDir : bundleDir + sep;
  const toSave = [];
  const files = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCodeCache(content, filename, ...rest) {
    if (!filename.startsWith(inBundle)) return compile.call(this, content, filename, ...rest);
    const cacheFile = join(cacheDir, `${createHash('sha256').update(content).digest('hex').slice(0, 32)}.v8`);
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    // The bundle has no import(): scripts/cli/build.ts makes it require() (dynamicImportInCjs: false).
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    files.push({ filename, cacheFile, cache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used' });
    if (cachedData === undefined || script.cachedDataRejected) toSave.push({ script, cacheFile });
    const wrapper = script.runInThisContext({ displayErrors: true });
    const require = (id) => this.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    require.cache = Module._cache;
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  const exports = createRequire(entry)(entry);
  return {
    exports,
    /** Each bundle file compiled so far, and whether its cache was used, refused or not there. */
    files,
    saveCodeCache() {
      for (const { script, cacheFile } of toSave.splice(0)) {
        try {
          mkdirSync(cacheDir, { recursive: true });
          const temporary = `${cacheFile}.${process.pid}.tmp`;
          writeFileSync(temporary, script.createCachedData());
          renameSync(temporary, cacheFile); // another dcq reading it sees the old file or the whole new one
        } catch {
          // read-only or full disk: the next start compiles without a cache
        }
      }
    },
  };
}
