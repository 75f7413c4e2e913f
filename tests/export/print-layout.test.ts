import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerWorkbook } from '../../src/core/export/customer-quote.ts';
import { breakableId, breakBeforeBracket, keepTogetherBreaks, text, wrappedLines, wrappedRowHeights, type Sheet } from '../../src/core/export/sheet-model.ts';
import { writeWorkbook } from '../../src/export/xlsx/workbook-writer.ts';
import { sampleProject } from '../fixtures/knowledge.ts';
import { inputFor } from './helpers/documents.ts';
import { zipEntry } from './helpers/zip.ts';

/**
 * How the workbooks plan their print (issue 11), without LibreOffice: text widths per script, headings and
 * names broken at their bracket, ids at their separators, and the manual page breaks that keep a subtotal
 * with its panel, the totals block whole and the notes with the seal block. xlsx-print.test.ts checks the
 * same through a LibreOffice print.
 */
describe('wrapped text measured per script', () => {
  it('a 22-wide column holds what LibreOffice prints on one line there (Latin about half a CJK character)', () => {
    const lines = (t: string) => {
      const sheet: Sheet = { name: 'S', columns: [{ width: 22 }], rows: [[text(t, { wrap: true })]] };
      return Math.round(((wrappedRowHeights(sheet, [22]).get(0) ?? 15) - 2) / 14.5);
    };
    // as printed in the 110 kV quote (tests/export/reference/*-lo-*.png)
    expect(lines('C65H-DC 2P C50 DC440V')).toBeLessThanOrEqual(1);
    expect(lines('C65H-DC 2P C50 DC440V 10kA')).toBe(2);
    expect(lines('直流电源系统直流电源系')).toBeLessThanOrEqual(1);
    expect(lines('直流电源系统直流电源系统直流电源系统直流电源系')).toBe(3);
  });

  it('breaks Latin at spaces and hyphens, never before closing punctuation', () => {
    expect(wrappedLines('abc def', 1000, 10)).toBe(1);
    expect(wrappedLines('a\nb', 1000, 10)).toBe(2);
    // a line that would start with "）" takes the character before it along
    const w = 60;
    const n = wrappedLines('单价（不含税，元）', w, 10);
    expect(n).toBeGreaterThan(1);
  });

  it('never counts fewer lines for longer text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('直', 'a', 'B', ' ', '-', '（', '）', '2') }), fc.constantFrom('直', 'a', ' '), fc.integer({ min: 40, max: 300 }), (s, extra, width) => {
        expect(wrappedLines(s + extra, width, 10)).toBeGreaterThanOrEqual(wrappedLines(s, width, 10));
      }),
    );
  });
});

describe('deliberate line breaks', () => {
  it('a heading too wide for its column breaks before its bracket', () => {
    expect(breakBeforeBracket('单价（不含税，元）', 14, 10, true)).toBe('单价\n（不含税，元）');
    expect(breakBeforeBracket('Unit price excl. VAT (CNY)', 14, 10, true)).toBe('Unit price excl. VAT\n(CNY)');
    expect(breakBeforeBracket('阀控式密封铅酸蓄电池（2 V 单体）', 21)).toBe('阀控式密封铅酸蓄电池\n（2 V 单体）');
    // fits: unchanged
    expect(breakBeforeBracket('数量', 7)).toBe('数量');
    expect(breakBeforeBracket('蓄电池（2 V）', 30)).toBe('蓄电池（2 V）');
  });

  it('an id wraps at its separators only', () => {
    expect(breakableId('cfg.breakers.chargerOutput')).toBe('cfg.\u200bbreakers.\u200bcharger\u200bOutput');
    expect(breakableId('sundry.terminals').replace(/\u200b/g, '')).toBe('sundry.terminals');
  });
});

describe('manual page breaks keep blocks together', () => {
  it('moves a kept block to the next page whole', () => {
    // rows of 100 pt, a page of 450: rows 0–3 fit; row 4 is kept with 3, so the page breaks before 3
    expect(keepTogetherBreaks([100, 100, 100, 100, 100, 100], new Set([4]), 450)).toEqual([3]);
    // without keep rules the page fills
    expect(keepTogetherBreaks([100, 100, 100, 100, 100, 100], new Set(), 450)).toEqual([4]);
    // repeated title rows take their height on every later page
    expect(keepTogetherBreaks([50, 100, 100, 100, 100, 100, 100, 100], new Set(), 360, { first: 0, last: 0 })).toEqual([4, 7]);
  });

  it('a block taller than a page is broken where it must (property: breaks ascend, every page fits)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 15, max: 120 }), { minLength: 1, maxLength: 200 }), fc.array(fc.boolean(), { maxLength: 200 }), (heights, keeps) => {
        const keep = new Set(keeps.flatMap((k, i) => (k ? [i] : [])));
        const breaks = keepTogetherBreaks(heights, keep, 400);
        const starts = [0, ...breaks, heights.length];
        for (let i = 0; i + 1 < starts.length; i++) {
          const [a, b] = [starts[i] as number, starts[i + 1] as number];
          expect(b).toBeGreaterThan(a);
          const h = heights.slice(a, b).reduce((x, y) => x + y, 0);
          if (b - a > 1) expect(h).toBeLessThanOrEqual(400);
        }
      }),
    );
  });
});

describe('the customer quote workbook plans its print', () => {
  it('headings break at their bracket, model and spec on their own lines, subtotals and the tail kept', async () => {
    const input = await inputFor(await sampleProject('sample-110kv.json'));
    const wb = customerWorkbook(input);
    const sheet = wb.sheets[0]!;
    const cellText = (r: number, c: number) => {
      const cell = sheet.rows[r]?.[c];
      return cell?.kind === 'text' ? cell.text : '';
    };
    const head = sheet.printTitleRows!.first;
    expect(cellText(head, 6)).toBe('单价\n（不含税，元）');
    expect(cellText(head, 7)).toBe('金额\n（不含税，元）');
    const keep = new Set(sheet.keepWithPrevious);
    const rows = sheet.rows.map((_, r) => r);
    const subtotals = rows.filter((r) => cellText(r, 0).startsWith('小计'));
    expect(subtotals.length).toBeGreaterThan(3);
    for (const r of subtotals) expect(keep.has(r), `subtotal row ${r + 1}`).toBe(true);
    // from the last subtotal to the date of the seal block, one unit
    const last = subtotals[subtotals.length - 1]!;
    for (let r = last; r < sheet.rows.length; r++) expect(keep.has(r), `row ${r + 1}`).toBe(true);
    // a model code is a line of its own above the spec
    const specs = rows.map((r) => cellText(r, 2)).filter((t) => t.startsWith('SCH-C65HDC'));
    expect(specs.length).toBeGreaterThan(0);
    for (const s of specs) expect(s).toMatch(/^SCH-C65HDC-2P-C\d+\nC65H-DC/);
    const battery = rows.map((r) => cellText(r, 1)).find((t) => t.startsWith('阀控式密封铅酸蓄电池'));
    expect(battery).toBe('阀控式密封铅酸蓄电池\n（2\u00a0V 单体）');
  });

  it('names the CJK font as the workbook default, so a column width means the same in LibreOffice and Excel', async () => {
    const input = await inputFor(await sampleProject('sample-110kv.json'));
    const bytes = await writeWorkbook(customerWorkbook(input));
    const file = join(mkdtempSync(join(tmpdir(), 'default-font-')), 'q.xlsx');
    writeFileSync(file, bytes);
    const styles = zipEntry(file, 'xl/styles.xml');
    const firstFont = /<fonts[^>]*>(<font>.*?<\/font>)/.exec(styles)?.[1] ?? '';
    expect(firstFont).toContain('Noto Sans CJK SC');
    expect(firstFont).not.toContain('Calibri');
    // and the manual page breaks are in the sheet
    expect(zipEntry(file, 'xl/worksheets/sheet1.xml')).toMatch(/<rowBreaks count="\d+"/);
  });
});

describe('the English customer quote says its own words in English', () => {
  it('headings, totals, words, notes, bank and sign-off carry no Chinese and no full-width punctuation', async () => {
    const input = await inputFor(await sampleProject('sample-110kv.json'), 'en');
    const sheet = customerWorkbook(input).sheets[0]!;
    const userText = [input.project.meta.customer, input.project.meta.name, input.project.meta.siteName ?? ''].filter(Boolean);
    const head = sheet.printTitleRows!.first;
    const firstGroup = head + 1;
    const tail = sheet.rows.findIndex((row, r) => r > head && row.length === 0 && sheet.rows[r + 1]?.[0]?.kind === 'text' && /Total|Header discount/.test((sheet.rows[r + 1]![0] as { text: string }).text));
    expect(tail).toBeGreaterThan(firstGroup);
    const ours = [...sheet.rows.slice(0, firstGroup), ...sheet.rows.slice(tail)]
      .flat()
      .flatMap((c) => (c.kind === 'text' ? [c.text] : []))
      .filter((t) => !userText.some((u) => t.replace(/\n/g, '').includes(u)));
    for (const t of ours) expect(t, t).not.toMatch(/[\u4e00-\u9fff（），；：]/);
    expect(ours.some((t) => /^RMB .* Only$/.test(t))).toBe(true);
  });
});
