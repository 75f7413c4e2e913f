import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import { applyPriceListDiff, decodeText, diffPriceList, parseCsv, readPriceList, type SheetGrid } from '../../src/core/catalog/price-list.ts';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import type { CatalogSource } from '../../src/core/catalog/source-files.ts';
import { readPriceListWorkbook, writePriceListWorkbook } from '../../src/export/xlsx/price-list-workbook.ts';
import { fixture, shippedSources } from './fixtures.ts';

let shipped: CatalogSource[];
let catalog: Catalog;
beforeAll(() => {
  shipped = shippedSources();
  const r = loadCatalog(shipped);
  if (!r.ok) throw new Error('shipped catalog does not load');
  catalog = r.value;
});

function small(): { sources: CatalogSource[]; catalog: Catalog } {
  const sources = fixture();
  const r = loadCatalog(sources);
  if (!r.ok) throw new Error('fixture does not load');
  return { sources, catalog: r.value };
}
function list(grid: SheetGrid, map = {}) {
  const r = readPriceList(grid, { map });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}
const csv = (text: string) => parseCsv(text, 'prices.csv');

describe('price list export → import', () => {
  it('round-trips the shipped catalog to the same catalog and the same files', async () => {
    const bytes = await writePriceListWorkbook(catalog);
    const grid = await readPriceListWorkbook(bytes, { name: 'out.xlsx' });
    if (!grid.ok) throw new Error('unreadable');
    const diff = diffPriceList(catalog, list(grid.value));
    expect(diff).toMatchObject({ changed: [], added: [], removed: [], badRows: [], unchangedCount: catalog.items.length });
    const applied = applyPriceListDiff(shipped, diff);
    expect(applied.ok && applied.value.sources.map((s) => s.text)).toEqual(shipped.map((s) => s.text));
    expect(applied.ok && applied.value.catalog.items).toEqual(catalog.items);
  });

  it('writes a header row of field names, frozen, with numeric prices', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writePriceListWorkbook(catalog)).buffer as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['code', 'family', 'nameZh', 'nameEn', 'spec', 'unit', 'brand', 'costPrice', 'listPrice', 'leadTimeDays', 'status']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('H2').value).toBe(Number(catalog.items[0]!.costPrice));
  });
});

describe('diff of an edited list', () => {
  it('shows exactly the changed rows with old, new, delta and percent, and applies only those values', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writePriceListWorkbook(catalog)).buffer as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rowOf = (code: string) => ws.getColumn(1).values.findIndex((v) => v === code);
    const r1 = rowOf('ZHR22010-4');
    const r2 = rowOf('LC-DJ100');
    ws.getCell(r1, 8).value = 2200; // cost 2150.00 → 2200.00
    ws.getCell(r2, 9).value = { formula: 'H' + r2 + '*1.3', result: 338 }; // list 333.00 → 338.00 via a cached formula
    ws.getCell(r2, 10).value = 20; // lead time 15 → 20
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const grid = await readPriceListWorkbook(bytes);
    const diff = diffPriceList(catalog, list(grid.ok ? grid.value : { name: '', rows: [] }));
    expect(diff.changed).toEqual([
      { code: 'LC-DJ100', row: r2, listPrice: { old: '333.00', new: '338.00', delta: '5.00', percent: '1.50' }, leadTimeDays: { old: 15, new: 20 } },
      { code: 'ZHR22010-4', row: r1, costPrice: { old: '2150.00', new: '2200.00', delta: '50.00', percent: '2.33' } },
    ]);
    expect(diff.unchangedCount).toBe(catalog.items.length - 2);

    const applied = applyPriceListDiff(shipped, diff);
    if (!applied.ok) throw new Error(JSON.stringify(applied.problems));
    expect(applied.value.changedFiles.sort()).toEqual(['catalog/items/batteries.yaml', 'catalog/items/rectifier-modules.yaml']);
    const before = shipped.find((s) => s.path.endsWith('rectifier-modules.yaml'))!.text.split('\n');
    const after = applied.value.sources.find((s) => s.path.endsWith('rectifier-modules.yaml'))!.text.split('\n');
    const changedLines = after.flatMap((l, i) => (l !== before[i] ? [l] : []));
    expect(changedLines).toEqual(['    costPrice: 2200.00']);
    expect(applied.value.catalog.byCode.get('LC-DJ100')).toMatchObject({ listPrice: '338.00', leadTimeDays: 20 });
  });

  it('reports a partial list\'s missing items as removed but never deletes them', () => {
    const { sources, catalog: c } = small();
    const diff = diffPriceList(c, list(csv('code,costPrice\nSCH-10,1300\n')));
    expect(diff.removed).toEqual(['ABB-10', 'ZHR22010-4', 'ZHR22010-3', 'LC-DJ100']);
    const applied = applyPriceListDiff(sources, diff);
    expect(applied.ok && applied.value.catalog.items.length).toBe(5);
    expect(applied.ok && applied.value.catalog.byCode.get('SCH-10')?.costPrice).toBe('1300.00');
  });

  it('keeps the quoting style of a quoted price', () => {
    const { sources, catalog: c } = small();
    const applied = applyPriceListDiff(sources, diffPriceList(c, list(csv('code,cost\nABB-10,280.5\n'))));
    expect(applied.ok && applied.value.sources[1]!.text).toContain('    costPrice: "280.50"\n');
  });
});

describe('bad rows', () => {
  const text = [
    '物料编码,成本价,销售价',
    'SCH-10,abc,1500',
    'ABB-10,-5,356',
    'NOPE-1,10,20',
    'LC-DJ100,270,350',
  ].join('\n');

  it('are reported with row number and column, and block apply', () => {
    const { sources, catalog: c } = small();
    const diff = diffPriceList(c, list(csv(text)));
    expect(diff.badRows.map((p) => [p.code, p.location?.row, p.location?.column ?? null])).toEqual([
      ['priceList.badPrice', 2, 'B (成本价)'],
      ['priceList.negativePrice', 3, 'B (成本价)'],
      ['priceList.unknownCode', 4, null],
    ]);
    expect(diff.added).toEqual([{ code: 'NOPE-1', row: 4 }]);
    expect(diff.changed.map((x) => x.code)).toEqual(['LC-DJ100']);
    expect(diff.removed).toEqual(['ZHR22010-4', 'ZHR22010-3']);
    const blocked = applyPriceListDiff(sources, diff);
    expect(blocked.ok).toBe(false);
    expect(blocked.ok ? [] : blocked.problems.map((p) => p.code)).toContain('priceList.blocked');
  });

  it('are left out when the caller chooses skipBadRows', () => {
    const { sources, catalog: c } = small();
    const applied = applyPriceListDiff(sources, diffPriceList(c, list(csv(text))), { skipBadRows: true });
    if (!applied.ok) throw new Error('should apply');
    expect(applied.value.catalog.byCode.get('LC-DJ100')).toMatchObject({ costPrice: '270.00', listPrice: '350.00' });
    expect(applied.value.catalog.byCode.get('SCH-10')?.costPrice).toBe('1234.55');
    expect(applied.value.changedFiles).toEqual(['catalog/items/other.yaml']);
  });

  it('include a formula without a cached result, an empty price and a third decimal', () => {
    const { catalog: c } = small();
    const grid: SheetGrid = { name: 'x.xlsx', rows: [
      { rowNumber: 1, cells: ['code', 'cost'] },
      { rowNumber: 2, cells: ['SCH-10', { formula: 'B9*1.1' }] },
      { rowNumber: 3, cells: ['ABB-10', null] },
      { rowNumber: 4, cells: ['LC-DJ100', '12.345'] },
    ] };
    expect(diffPriceList(c, list(grid)).badRows.map((p) => [p.code, p.location?.row])).toEqual([
      ['priceList.formulaNoResult', 2], ['priceList.missingPrice', 3], ['priceList.badPrice', 4],
    ]);
  });
});

describe('reading what people actually send', () => {
  it('reads UTF-8 CSV with BOM, full-width digits, ¥ and thousands separators, CRLF, quotes, title rows and blank rows', () => {
    const { catalog: c } = small();
    const text = '\uFEFF"2026 年价格表",,\r\n\r\n编码,成本价（元）,销售价(元)\r\nSCH-10,"¥1,234.50",１５００\r\n,,\r\nLC-DJ100,￥２６５,"333"\r\n';
    const bytes = new TextEncoder().encode(text);
    const grid = parseCsv(decodeText(bytes).text, 'prices.csv');
    const diff = diffPriceList(c, list(grid));
    expect(diff.badRows).toEqual([]);
    expect(diff.changed).toEqual([
      { code: 'SCH-10', row: 4, costPrice: { old: '1234.55', new: '1234.50', delta: '-0.05', percent: '0.00' } },
      { code: 'LC-DJ100', row: 6, costPrice: { old: '260.00', new: '265.00', delta: '5.00', percent: '1.92' } },
    ]);
  });

  it('decodes a GBK CSV as saved by Excel on a Chinese Windows', () => {
    // "编码,成本价\nSCH-10,1300\n" in GBK
    const bytes = new Uint8Array([0xb1, 0xe0, 0xc2, 0xeb, 0x2c, 0xb3, 0xc9, 0xb1, 0xbe, 0xbc, 0xdb, 0x0a, ...new TextEncoder().encode('SCH-10,1300\n')]);
    const decoded = decodeText(bytes);
    expect(decoded).toEqual({ text: '编码,成本价\nSCH-10,1300\n', encoding: 'gb18030' });
    expect(list(parseCsv(decoded.text, 'g.csv')).rows).toEqual([{ row: 2, code: 'SCH-10', costPrice: '1300.00' }]);
  });

  it('takes merged cells as their top-left value and formula cells as their cached result', async () => {
    const { catalog: c } = small();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报价');
    ws.addRow(['供应商价格表']);
    ws.mergeCells('A1:C1');
    ws.addRow(['Item code', 'Cost price', 'Lead time (days)']);
    ws.addRow(['SCH-10', 1300, 12]);
    ws.addRow(['ABB-10', { formula: 'B3*1.1', result: 1430.0000000000002 }, null]);
    ws.mergeCells('C3:C4');
    const grid = await readPriceListWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()));
    const diff = diffPriceList(c, list(grid.ok ? grid.value : { name: '', rows: [] }));
    expect(diff.badRows).toEqual([]);
    expect(diff.changed).toEqual([
      { code: 'SCH-10', row: 3, costPrice: { old: '1234.55', new: '1300.00', delta: '65.45', percent: '5.30' }, leadTimeDays: { old: 10, new: 12 } },
      { code: 'ABB-10', row: 4, costPrice: { old: '270.00', new: '1430.00', delta: '1160.00', percent: '429.63' }, leadTimeDays: { old: 20, new: 12 } },
    ]);
  });

  it('maps unfamiliar headers by name or column letter, and says so when no header is found', () => {
    const grid = csv('料品,采购单价X,备注\nSCH-10,99,\n');
    expect(readPriceList(grid).ok).toBe(false);
    expect(list(grid, { code: '料品', costPrice: 'B' }).rows).toEqual([{ row: 2, code: 'SCH-10', costPrice: '99.00' }]);
    const r = readPriceList(grid);
    expect(r.ok ? '' : r.problems[0]!.code).toBe('priceList.noHeader');
  });
});

describe('catalog version bump on an applied import', () => {
  it('appends -r1, then counts up, keeping the rest of catalog.yaml byte for byte', async () => {
    const { bumpCatalogVersion, nextCatalogVersion } = await import('../../src/core/catalog/version-bump.ts');
    expect(nextCatalogVersion('2026.11-sample')).toBe('2026.11-sample-r1');
    expect(nextCatalogVersion('2026.11-sample-r9')).toBe('2026.11-sample-r10');
    const text = '# header\nversion: "2026.11-sample"  # cited by quotes\neffectiveDate: 2026-11-01\n';
    const r = bumpCatalogVersion([{ path: 'catalog/items/a.yaml', text: 'x' }, { path: 'catalog/catalog.yaml', text }]);
    expect(r.ok && r.value.sources[1]!.text).toBe('# header\nversion: "2026.11-sample-r1"  # cited by quotes\neffectiveDate: 2026-11-01\n');
    expect(r.ok && r.value.sources[0]!.text).toBe('x');
    expect(bumpCatalogVersion([{ path: 'catalog/catalog.yaml', text: 'effectiveDate: 2026-11-01\n' }]).ok).toBe(false);
  });
});
