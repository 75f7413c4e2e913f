import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerWorkbook, quoteDocument } from '../../src/core/export/customer-quote.ts';
import { breakableId, breakBeforeBracket, keepTogetherBreaks, printPlan, text, wrappedLines, wrappedRowHeights, type Sheet } from '../../src/core/export/sheet-model.ts';
import { writeWorkbook } from '../../src/export/xlsx/workbook-writer.ts';
import { SAMPLE_PROJECTS, sampleProject } from '../fixtures/knowledge.ts';
import { bigQuote, inputFor } from './helpers/documents.ts';
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

describe('rows that must open a page', () => {
  it('a forced page start breaks there whatever room is left, and the page after it fills from there', () => {
    // rows of 100 pt, a page of 450: row 2 is made to open a page
    expect(keepTogetherBreaks([100, 100, 100, 100, 100, 100, 100], new Set(), 450, undefined, new Set([2]))).toEqual([2, 6]);
  });

  it('property: every forced row opens a page, breaks ascend, every page of more than one row fits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 15, max: 120 }), { minLength: 1, maxLength: 150 }), fc.array(fc.boolean(), { maxLength: 150 }), fc.array(fc.nat(149), { maxLength: 10 }), (heights, keeps, forced) => {
        const keep = new Set(keeps.flatMap((k, i) => (k ? [i] : [])));
        const starts = new Set(forced.filter((r) => r > 0 && r < heights.length));
        const breaks = keepTogetherBreaks(heights, keep, 400, undefined, starts);
        for (const r of starts) expect(breaks).toContain(r);
        const bounds = [0, ...breaks, heights.length];
        for (let i = 0; i + 1 < bounds.length; i++) {
          const [a, b] = [bounds[i] as number, bounds[i + 1] as number];
          expect(b).toBeGreaterThan(a);
          if (b - a > 1) expect(heights.slice(a, b).reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(400);
        }
      }),
    );
  });
});

/** A customer-quote sheet's rows: a numbered table line (序号 in column A) or a text row (headings, （续）, tail). */
function lineNo(sheet: Sheet, r: number): number | undefined {
  const c = sheet.rows[r]?.[0];
  return c?.kind === 'number' ? Number(c.value) : undefined;
}
const cellText0 = (sheet: Sheet, r: number) => {
  const c = sheet.rows[r]?.[0];
  return c?.kind === 'text' ? c.text : '';
};

describe('a panel continued on the next printed page of the customer quote workbook is titled （续）', () => {
  const cases: [string, () => Promise<Parameters<typeof inputFor>[0]>][] = [...SAMPLE_PROJECTS.map((s) => [s, () => sampleProject(s)] as [string, () => Promise<Parameters<typeof inputFor>[0]>]), ['300 lines', () => bigQuote(300)]];
  it.each(cases)('%s: no page opens with a table line; each （续） row opens a page and names the panel above it', async (_, load) => {
    const sheet = customerWorkbook(await inputFor(await load())).sheets[0]!;
    const { breaks } = printPlan(sheet);
    for (const b of breaks) expect(lineNo(sheet, b), `page opening at row ${b + 1}: ${cellText0(sheet, b)}`).toBeUndefined();
    const continued = sheet.rows.flatMap((_, r) => (cellText0(sheet, r).endsWith('（续）') ? [r] : []));
    expect(continued).toEqual(sheet.pageStarts ?? []);
    for (const r of continued) {
      expect(breaks).toContain(r);
      // the panel it continues: the last title row above it, whose lines run up to it
      const title = cellText0(sheet, r).replace(/（续）$/, '');
      const above = sheet.rows.slice(0, r).map((_, i) => cellText0(sheet, i)).lastIndexOf(title);
      expect(above, title).toBeGreaterThanOrEqual(0);
      expect(lineNo(sheet, r - 1)).toBeGreaterThan(0);
      expect(lineNo(sheet, r + 1)).toBe((lineNo(sheet, r - 1) ?? 0) + 1);
    }
  });

  it('the 300-line quote needs them (the rule is exercised), and the subtotals still sum their panel across the break', async () => {
    const sheet = customerWorkbook(await inputFor(await bigQuote(300))).sheets[0]!;
    expect(sheet.pageStarts?.length ?? 0).toBeGreaterThanOrEqual(5);
    // writing checks every formula's stated result against the formula (a SUM range over a （续） row included)
    await expect(writeWorkbook({ audience: 'customer', sheets: [sheet], properties: { title: 't', creator: 'c', created: new Date(0) } })).resolves.toBeInstanceOf(Uint8Array);
  });

  it('property: for any number of lines, no page of the plan opens with a table line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 60, max: 420 }), async (n) => {
        const sheet = customerWorkbook(await inputFor(await bigQuote(n))).sheets[0]!;
        for (const b of printPlan(sheet).breaks) expect(lineNo(sheet, b), `${n} lines, row ${b + 1}`).toBeUndefined();
      }),
      { numRuns: 6 },
    );
  }, 120_000);
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

  it('a continued panel reads "Feeder panel 1 (continued)", with its word space, in the workbook and the PDF model', async () => {
    const input = await inputFor(await bigQuote(300), 'en');
    const sheet = customerWorkbook(input).sheets[0]!;
    const starts = (sheet.pageStarts ?? []).map((r) => cellText0(sheet, r));
    expect(starts.length).toBeGreaterThan(0);
    for (const title of starts) expect(title).toMatch(/\S \(continued\)$/);
    for (const g of quoteDocument(input).groups) expect(g.continuedTitle).toBe(`${g.title} (continued)`);
  });
});
