import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { exportDocuments } from '../../src/export/node.ts';
import { sampleProject } from '../fixtures/knowledge.ts';
import { COMPLETE_TERMS, DATE, inputFor, withQuote } from './helpers/documents.ts';
import { haveSoffice } from './helpers/libreoffice.ts';
import { hasTool, pdfPageCount, writeArtifact } from './helpers/poppler.ts';

/**
 * The workbooks as LibreOffice prints them (a real client, its own profile): A4, the sheet's width on
 * the page, and the printed text size read from the PDF (word box heights of pdftotext -bbox; the CJK
 * font's box is one em, so the height is the printed point size).
 */
const ok = haveSoffice && hasTool('pdftotext');

function printedSizes(pdf: string): number[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...xml.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)].map((m) => Number(m[2]) - Number(m[1]));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Per printed page, the median word box height: the printed point size of the page's body text. */
function pagePointSizes(pdf: string): number[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return xml.split('<page ').slice(1).map((p) => median([...p.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)].map((m) => Number(m[2]) - Number(m[1]))));
}

/** Exports the workbooks of `project` and prints them through LibreOffice: 'customer' / 'internal' → PDF. */
async function printWorkbooks(project: ProjectFile, tag: string): Promise<Map<string, string>> {
  const input = await inputFor(project);
  const r = await exportDocuments({ project, knowledge: input.knowledge, templates: input.templates, lang: 'zh', date: DATE, evaluation: input.evaluation, only: ['customerQuoteXlsx', 'internalBom'] });
  if (!r.ok) throw new Error('export failed');
  const files = r.value.map((f) => writeArtifact(`xlsx-print/${tag}`, f.name, f.bytes));
  const profile = mkdtempSync(join(tmpdir(), 'lo-print-'));
  const out = mkdtempSync(join(tmpdir(), 'lo-pdf-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...files], { stdio: 'pipe', timeout: 180_000 });
  const pdfs = new Map<string, string>();
  for (const f of readdirSync(out)) pdfs.set(f.includes('customer') ? 'customer' : 'internal', join(out, f));
  return pdfs;
}

describe.skipIf(!ok)('workbooks printed through LibreOffice', () => {
  let pdfs = new Map<string, string>();
  beforeAll(async () => {
    pdfs = await printWorkbooks(await sampleProject('sample-220kv.json'), 'sample-220kv');
  }, 240_000);

  it('the customer quote prints on A4 portrait, its width on the page at 9 pt or more', () => {
    const pdf = pdfs.get('customer')!;
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(pdfPageCount(pdf)).toBeLessThanOrEqual(6);
    expect(median(printedSizes(pdf))).toBeGreaterThanOrEqual(9);
  });

  it('the internal workbook prints every sheet on A4 landscape/portrait with the internal mark', () => {
    const pdf = pdfs.get('internal')!;
    // One page per sheet for the 220 kV sample (was 19 pages at ~6.9 pt; issue 11): summary, ten panels,
    // PCST and deviations, each at 8 pt or more.
    expect(pdfPageCount(pdf)).toBeLessThanOrEqual(13);
    const perPage = pagePointSizes(pdf);
    expect(perPage.length).toBe(pdfPageCount(pdf));
    for (const [i, pt] of perPage.entries()) expect(pt, `page ${i + 1} printed at ${pt.toFixed(2)} pt`).toBeGreaterThanOrEqual(8);
    // Bold and regular cells in the named CJK font (fontconfig resolves "Noto Sans CJK SC" to the SC face of
    // the Noto CJK collection; the embedded CFF name is the collection's shared "NotoSansCJKjp"), never a serif.
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansCJK\w*-Bold/);
    expect(fonts).not.toMatch(/Serif/);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    // every printed page carries the mark in its header and footer
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    for (const p of pages) expect(p.replace(/\s+/g, '')).toContain('内部资料·含成本·不得外发');
  });
});

describe.skipIf(!ok)('the internal workbook with a header discount, printed through LibreOffice', () => {
  it('shows the discount share and net columns and still prints every page at 8 pt or more, one page per sheet but the longest panel', async () => {
    const sample = await sampleProject('sample-220kv.json');
    const project = withQuote(sample, { terms: COMPLETE_TERMS, settings: { mode: 'listPrice', lineDiscountPct: {}, unitPrices: {}, headerDiscount: { kind: 'percent', pct: '3.3' } } });
    const pdf = (await printWorkbooks(project, 'header-discount')).get('internal')!;
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('整单优惠分摊');
    expect(text).toContain('净额（不含税）');
    // Thirteen sheets; at the larger print the longest panel (馈线屏 1, 18 lines) may run onto a second
    // page, which then repeats the column headings.
    expect(pdfPageCount(pdf)).toBeLessThanOrEqual(14);
    for (const [i, pt] of pagePointSizes(pdf).entries()) expect(pt, `page ${i + 1} printed at ${pt.toFixed(2)} pt`).toBeGreaterThanOrEqual(8);
    const pages = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
    for (const [i, p] of pages.entries()) {
      const lines = p.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.includes('内部资料'));
      if (lines[0] === '序号') expect(p.replace(/\s+/g, ''), `page ${i + 1} continues a panel`).toContain('来源');
    }
  }, 240_000);
});

/**
 * The two workbooks of both samples as LibreOffice prints them, against the visual reference kept in
 * tests/export/reference/*-lo-*.png (rasterized and looked at): page count, the page of the totals block
 * (合计（含税） with 人民币大写) and of the seal and signature block.
 */
const LO_REFERENCE = {
  'sample-110kv.json': { customerPages: 3, totalsPage: 2, signPage: 3, internalPages: 11 },
  'sample-220kv.json': { customerPages: 4, totalsPage: 3, signPage: 4, internalPages: 13 },
} as const;

describe.skipIf(!ok)('workbooks printed through LibreOffice, against the visual reference', () => {
  it.each(Object.keys(LO_REFERENCE) as (keyof typeof LO_REFERENCE)[])('%s', async (name) => {
    const e = LO_REFERENCE[name];
    const pdfs = await printWorkbooks(await sampleProject(name), `reference-${name.replace('.json', '')}`);
    const customer = pdfs.get('customer')!;
    const pages = execFileSync('pdftotext', [customer, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '').map((p) => p.replace(/\s+/g, ''));
    expect(pages.length).toBe(e.customerPages);
    const at = (w: string) => pages.findIndex((p) => p.includes(w)) + 1;
    expect(at('合计（含税）')).toBe(e.totalsPage);
    expect(at('人民币大写')).toBe(e.totalsPage);
    expect(at('报价单位（盖章）')).toBe(e.signPage);
    expect(at('授权代表（签字）')).toBe(e.signPage);
    expect(pdfPageCount(pdfs.get('internal')!)).toBe(e.internalPages);
  }, 240_000);
});
