import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import { applyPriceListDiff, diffPriceList, readPriceList } from '../../src/core/catalog/price-list.ts';
import { readPriceListWorkbook } from '../../src/export/xlsx/price-list-workbook.ts';
import { priceListXlsx } from '../hostile/corpus.ts';
import { shippedSources } from './fixtures.ts';

/**
 * Issue 12: a price list from a workbook with external links or WEBSERVICE formulas is read from cached
 * values. The core refuses to apply it until the user confirms (CLI --accept-external-data; any import
 * screen must pass the user's confirmation the same way): the rule sits in applyPriceListDiff, so no
 * caller can apply such a list by forgetting to ask.
 */
describe('external data in a price list needs explicit confirmation before it is applied', () => {
  const sources = shippedSources();
  const loaded = loadCatalog(sources);
  if (!loaded.ok) throw new Error('catalog does not load');
  const catalog = loaded.value;
  const code = catalog.items[0]!.code;

  async function diffOf(bytes: Uint8Array) {
    const grid = await readPriceListWorkbook(bytes, { name: 'web.xlsx' });
    if (!grid.ok) throw new Error('unreadable');
    const list = readPriceList(grid.value);
    if (!list.ok) throw new Error(JSON.stringify(list.problems));
    return { grid, diff: diffPriceList(catalog, list.value) };
  }

  it('WEBSERVICE: warned when read, refused unconfirmed, applied when confirmed', async () => {
    const bytes = await priceListXlsx([['code', 'costPrice', 'listPrice'], [code, { formula: 'WEBSERVICE("http://prices.example/x")', result: 271 } as never, 999]]);
    const { grid, diff } = await diffOf(bytes);
    expect(grid.warnings.map((w) => w.code)).toContain('priceList.externalData');
    expect(diff.externalData).toBe(true);
    expect(diff.changed.length).toBeGreaterThan(0);
    const refused = applyPriceListDiff(sources, diff);
    if (refused.ok) throw new Error('applied without confirmation');
    expect(refused.problems.map((p) => p.code)).toEqual(['priceList.externalDataUnconfirmed']);
    expect(refused.problems[0]!.message.zh).toMatch(/确认后再导入/);
    const applied = applyPriceListDiff(sources, diff, { confirmExternalData: true });
    expect(applied.ok).toBe(true);
  });

  it('an ordinary workbook applies without any confirmation', async () => {
    const bytes = await priceListXlsx([['code', 'costPrice', 'listPrice'], [code, 271, 999]]);
    const { grid, diff } = await diffOf(bytes);
    expect(grid.value.externalData).toBeUndefined();
    expect(diff.externalData).toBeUndefined();
    expect(applyPriceListDiff(sources, diff).ok).toBe(true);
  });
});
