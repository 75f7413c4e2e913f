import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { quoteDocument, type QuoteDocument } from '../../src/core/export/customer-quote.ts';
import { englishWords, internalIds } from '../../src/core/format/latin-words.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { exportDocuments } from '../../src/export/node.ts';
import { SAMPLE_PROJECTS, sampleProject } from '../fixtures/knowledge.ts';
import { bigQuote, DATE, inputFor, shippedTemplates } from './helpers/documents.ts';
import { hasTool, pdfPageCount, rasterizePage, writeArtifact } from './helpers/poppler.ts';

/**
 * The customer quote read page by page, as a bid reviewer reads it printed: the text of each page
 * (pdftotext -f N -l N) must show the keep-together rules. Nothing here knows where pdfmake breaks;
 * the assertions hold for any layout that keeps the rules.
 */
const havePoppler = hasTool('pdftotext');
const t = shippedTemplates().quote.zh.labels;

function pageTexts(file: string): string[] {
  const n = pdfPageCount(file);
  return Array.from({ length: n }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' '));
}

/** The lines of a page's body: without the running footer, the watermark and blank lines. */
function bodyLines(page: string): string[] {
  return page
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/第 \d+ 页 \/ 共 \d+ 页/.test(l) && !/^(草|稿|D|R|A|F|T|—|未|审|批|\s)+$/.test(l));
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** `needle`'s characters in order in `hay`, all within `window` characters of the first. */
function inOrderWithin(hay: string, needle: string, window: number): boolean {
  const chars = [...needle];
  for (let start = hay.indexOf(chars[0] ?? ''); start >= 0; start = hay.indexOf(chars[0] ?? '', start + 1)) {
    let pos = start;
    let ok = true;
    for (const ch of chars.slice(1)) {
      pos = hay.indexOf(ch, pos + 1);
      if (pos < 0 || pos - start > window) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

interface Made {
  doc: QuoteDocument;
  pages: string[];
  file: string;
}

async function make(project: ProjectFile, tag: string): Promise<Made> {
  const input = await inputFor(project);
  const r = await exportDocuments({ project, knowledge: input.knowledge, templates: input.templates, lang: 'zh', date: DATE, evaluation: input.evaluation, only: ['quotePdf'] });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
  const file = writeArtifact(`quote-pages/${tag}`, r.value[0]!.name, r.value[0]!.bytes);
  return { doc: quoteDocument(input), pages: pageTexts(file), file };
}

function checkKeepTogether(m: Made) {
  const { doc, pages } = m;
  const bodies = pages.map(bodyLines);
  const total = (label: string) => pages.findIndex((p) => squash(p).includes(squash(label)));
  // 1. The totals block is one unit on one page: 合计（不含税）, 增值税, 合计（含税）, 人民币大写.
  const totalsPages = [t.totalExVat, t.vat, t.totalIncVat, t.amountInWords].map(total);
  expect(new Set(totalsPages).size, `totals on pages ${totalsPages.map((p) => p + 1).join(', ')}`).toBe(1);
  // 2. Notes stay with the seal and signature block.
  const notesPage = pages.findIndex((p) => bodyLines(p).includes(t.notes));
  expect(notesPage).toBeGreaterThanOrEqual(0);
  expect(squash(pages[notesPage]!)).toContain(squash(t.seal));
  expect(squash(pages[notesPage]!)).toContain(squash(t.signature));
  // 3. Every panel title: never the last body line of a page; where a panel runs onto the next page, that
  //    page opens with the column headings and "<title>（续）".
  doc.groups.forEach((g) => {
    const titlePage = bodies.findIndex((b) => b.includes(g.title));
    expect(titlePage, g.title).toBeGreaterThanOrEqual(0);
    const b = bodies[titlePage]!;
    expect(b[b.length - 1], `${g.title} is the last line of page ${titlePage + 1}`).not.toBe(g.title);
    // 4. The subtotal is on the page of the panel's last line, and never the first row of a page.
    const subtotal = `${g.subtotalLabel} — ${g.title}`;
    const subPage = pages.findIndex((p) => squash(p).includes(squash(subtotal)));
    expect(subPage, subtotal).toBeGreaterThanOrEqual(titlePage);
    for (let p = titlePage + 1; p <= subPage; p++) {
      const head = squash(bodies[p]!.slice(0, 4).join(' '));
      expect(head, `page ${p + 1} continues ${g.title}`).toContain(squash(`${t.continued}`));
      expect(head).toContain(squash(g.continuedTitle));
      expect(head).toContain('单价');
    }
  });
  // 5. No table row is split: every line's name is whole on one page — its characters in order within
  //    a few layout lines (wrapped cells interleave with their neighbours in the text layer).
  const all = pages.map(squash);
  for (const g of doc.groups) for (const l of g.lines) expect(all.some((p) => inOrderWithin(p, squash(l.name), 160)), l.name).toBe(true);
}

describe.skipIf(!havePoppler)('customer quote PDF: keep-together rules, page by page', () => {
  const made = new Map<string, Made>();
  beforeAll(async () => {
    for (const s of SAMPLE_PROJECTS) made.set(s, await make(await sampleProject(s), s.replace('.json', '')));
    made.set('300', await make(await bigQuote(), 'lines-300'));
  }, 180_000);

  it.each([...SAMPLE_PROJECTS, '300'])('%s', (name) => {
    const m = made.get(name)!;
    if (name === '300') expect(m.doc.groups.reduce((n, g) => n + g.lines.length, 0)).toBeGreaterThan(250);
    checkKeepTogether(m);
  });

  it('the 300-line quote continues panels across pages with （续） titles (the rule is exercised)', () => {
    const pages = made.get('300')!.pages;
    expect(pages.filter((p) => p.includes(t.continued)).length).toBeGreaterThan(3);
  });

  it('the 300-line quote: every page but the last two repeats the column headings at its top; the visual reference', () => {
    const m = made.get('300')!;
    // Looked at page by page (pdftoppm -r 60); kept: tests/export/reference/lines-300-quote-p{2,7,8}.png (8 pages) —
    // a page opening with "（续）", the last table page, the totals with notes and seal.
    expect(m.pages.length).toBeGreaterThan(6);
    const bodies = m.pages.map(bodyLines);
    const tableEnd = m.pages.findIndex((p) => squash(p).includes(squash(t.totalExVat)));
    // the price headings break before their bracket, never leaving "元）" alone
    for (const page of m.pages) expect(page).not.toMatch(/^\s*元）/m);
    expect(m.pages[0]).toMatch(/（不含税，元）\s+（不含税，元）/);
    for (let p = 1; p < tableEnd; p++) {
      const head = squash(bodies[p]!.slice(0, 3).join(' '));
      expect(head, `page ${p + 1} repeats the headings`).toContain('序号');
      expect(head).toContain('单价');
    }
    // totals, notes and the seal block fall on the last pages, together
    const last = squash(m.pages[m.pages.length - 1]!);
    expect(last).toContain(squash(t.seal));
    expect(last).toContain(squash(t.notes));
    for (let p = 1; p <= m.pages.length; p++) rasterizePage(m.file, p, m.file.replace(/\.pdf$/, `-p${p}`));
  });

  it.each(SAMPLE_PROJECTS)('%s: the visual reference — page count and where the totals fall', (name) => {
    const m = made.get(name)!;
    // Reference pages rasterized by hand and looked at (tests/export/reference/*.png).
    const expected: Record<string, { pages: number; totalsPage: number }> = { 'sample-110kv.json': { pages: 3, totalsPage: 3 }, 'sample-220kv.json': { pages: 4, totalsPage: 3 } };
    expect(m.pages.length).toBe(expected[name]!.pages);
    expect(m.pages.findIndex((p) => squash(p).includes(squash(t.totalIncVat))) + 1).toBe(expected[name]!.totalsPage);
    for (let p = 1; p <= m.pages.length; p++) rasterizePage(m.file, p, m.file.replace(/\.pdf$/, `-p${p}`));
  });

  it.each(SAMPLE_PROJECTS)('%s: the Chinese quote carries no English words and no internal ids', (name) => {
    const text = made.get(name)!.pages.join('\n');
    // the bilingual company name of the letterhead and the DRAFT watermark are deliberate
    const words = englishWords(text, ['Huaneng', 'Zhidian', 'Power', 'Equipment', 'Co', 'Ltd', 'com', 'example', 'sales', 'www', 'DRAFT']);
    expect(words).toEqual([]);
    expect(internalIds(text)).toEqual([]);
  });
});
