import { describe, expect, it } from 'vitest';
import { inflatedBytesWithin, readZipDirectory, workbookZipProblems } from '../../src/core/catalog/zip-directory.ts';
import { readPriceListWorkbook } from '../../src/export/xlsx/price-list-workbook.ts';
import { priceListXlsx, zipBomb, zipOf } from '../hostile/corpus.ts';

/**
 * Issue 12, zip bombs whose directory lies: the declared uncompressed sizes are checked first, then
 * the parts are inflated as streams with the limit as budget, so a crafted directory cannot make the
 * spreadsheet library expand past the limit. Refused in < 2 s and < 300 MB.
 */
const LIMITS = { maxFileBytes: 20_000_000, maxUncompressedBytes: 100_000_000, maxRows: 50_000, maxColumns: 100 };

describe('zip guard: actual inflated bytes, not only the declared ones', () => {
  it('a 150 MB sheet declared as 4 KB is refused by measuring, in < 2 s and < 300 MB', async () => {
    const bomb = zipBomb(150, true);
    const dir = readZipDirectory(bomb);
    expect(dir.ok && dir.uncompressedBytes).toBeLessThan(10_000); // the directory lies
    const rss0 = process.memoryUsage().rss;
    // CPU time, as the bench measures it: on a shared 2-core machine wall time measures the neighbours.
    const t0 = process.cpuUsage();
    const zip = await workbookZipProblems(bomb, LIMITS.maxUncompressedBytes, 'bomb.xlsx');
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    const grewMB = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    expect(zip.problems.map((p) => p.code)).toEqual(['priceList.tooLarge']);
    expect(zip.problems[0]!.message.en).toMatch(/more than 100000000 bytes.*understates/);
    expect(zip.problems[0]!.message.zh).toMatch(/声明的大小不实/);
    expect(ms).toBeLessThan(2000);
    expect(grewMB).toBeLessThan(300);
    // Through the reader the spreadsheet library never sees it.
    const r = await readPriceListWorkbook(bomb, { name: 'bomb.xlsx', limits: LIMITS });
    if (r.ok) throw new Error('the lying bomb was read');
    expect(r.problems.map((p) => p.code)).toEqual(['priceList.tooLarge']);
  }, 30_000);

  it('counts exactly what the parts expand to, stopping at the first byte over the limit', async () => {
    const data = new Uint8Array(300_000).fill(0x41);
    const zip = zipOf([{ name: 'a.xml', data, declared: 10 }, { name: 'b.xml', data: new Uint8Array(1000).fill(0x42) }]);
    const dir = readZipDirectory(zip);
    if (!dir.ok) throw new Error('not a zip');
    expect(await inflatedBytesWithin(zip, dir.entries, 1_000_000)).toEqual({ bytes: 301_000, over: false });
    const capped = await inflatedBytesWithin(zip, dir.entries, 200_000);
    expect(capped.over).toBe(true);
    expect(capped.bytes).toBeGreaterThan(200_000);
  });

  it('an honest workbook still reads (the bytes are left intact for the reader)', async () => {
    const bytes = await priceListXlsx([['code', 'costPrice', 'listPrice'], ['LC-DJ100', 260, 333]]);
    const copy = bytes.slice();
    const r = await readPriceListWorkbook(bytes, { name: 'ok.xlsx', limits: LIMITS });
    expect(r.ok).toBe(true);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(copy))).toBe(0);
  });
});
