/**
 * The catalog/rules load cache of the bundled CLI (src/node/load-cache.ts): it may make a command
 * faster, never wrong. A changed source, another build or a corrupt entry always loads afresh.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedLoad } from '../../src/node/load-cache.ts';

const sources = [{ path: 'catalog/items/a.yaml', text: 'items: [1]' }];

function counter() {
  let calls = 0;
  return { load: () => ({ calls: ++calls, byCode: new Map([['X', { price: '12.30' }]]) }), calls: () => calls };
}

describe('cachedLoad', () => {
  it('returns the earlier result of the same build on the same sources, Maps intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-cache-'));
    const c = counter();
    const first = cachedLoad('catalog', sources, '', c.load, { buildId: 'b1', dir });
    const second = cachedLoad('catalog', sources, '', c.load, { buildId: 'b1', dir });
    expect(c.calls()).toBe(1);
    expect(second).toEqual(first);
    expect(second.byCode.get('X')).toEqual({ price: '12.30' });
  });

  it('loads afresh when one character of a source, its path, the extra key or the build changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-cache-'));
    const c = counter();
    cachedLoad('catalog', sources, '', c.load, { buildId: 'b1', dir });
    cachedLoad('catalog', [{ ...sources[0]!, text: 'items: [2]' }], '', c.load, { buildId: 'b1', dir });
    cachedLoad('catalog', [{ ...sources[0]!, path: 'catalog/items/b.yaml' }], '', c.load, { buildId: 'b1', dir });
    cachedLoad('catalog', sources, 'kc-2v-1.85', c.load, { buildId: 'b1', dir });
    cachedLoad('catalog', sources, '', c.load, { buildId: 'b2', dir });
    expect(c.calls()).toBe(5);
  });

  it('never caches without a build id (tests and runs from the sources)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-cache-'));
    const c = counter();
    cachedLoad('catalog', sources, '', c.load, { buildId: undefined, dir });
    cachedLoad('catalog', sources, '', c.load, { buildId: undefined, dir });
    expect(c.calls()).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a corrupt entry or an unwritable folder falls back to loading', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-cache-'));
    const c = counter();
    cachedLoad('catalog', sources, '', c.load, { buildId: 'b1', dir });
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), 'garbage');
    expect(cachedLoad('catalog', sources, '', c.load, { buildId: 'b1', dir }).calls).toBe(2);
    const blocked = join(dir, 'file-not-folder');
    writeFileSync(blocked, 'x');
    expect(cachedLoad('catalog', sources, '', c.load, { buildId: 'b1', dir: blocked }).calls).toBe(3);
  });

  it('keeps a bounded number of entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-cache-'));
    const c = counter();
    for (let i = 0; i < 30; i++) cachedLoad('catalog', [{ path: 'a', text: String(i) }], '', c.load, { buildId: 'b1', dir });
    expect(readdirSync(dir).length).toBeLessThanOrEqual(12);
  });
});
