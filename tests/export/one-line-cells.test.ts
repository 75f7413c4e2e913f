import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { describe, expect, it } from 'vitest';
import { quoteDocument } from '../../src/core/export/customer-quote.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { quoteDefinition, WIDE_GLYPHS } from '../../src/export/pdf/quote-doc.ts';
import { renderPdf } from '../../src/export/pdf/render.ts';
import { bigQuote, inputFor } from './helpers/documents.ts';
import { hasTool, writeArtifact } from './helpers/poppler.ts';

/**
 * The quote's table cells that surely fit on one line are laid out as one text run (noWrap) instead of one
 * run per Chinese character (quote-doc.ts, oneLine): the printed pages must be the very same pixels.
 */
const havePoppler = hasTool('pdftoppm') && hasTool('pdftotext');

interface Glyphs {
  characterSet: number[];
  glyphForCodePoint(cp: number): { advanceWidth: number };
  unitsPerEm: number;
}

describe('one-run table cells in the quote PDF', () => {
  it('relies on a true bound: no glyph of either font is wider than 1 em except WIDE_GLYPHS, none wider than 3 em', async () => {
    const require = createRequire(import.meta.url);
    const fontkit = require('fontkit') as { openSync(path: string): Glyphs };
    const fonts = nodeFontSet();
    for (const file of [fonts.regular, fonts.bold]) {
      const font = fontkit.openSync(file);
      expect(font.unitsPerEm).toBe(1000);
      const wide = font.characterSet.filter((cp) => font.glyphForCodePoint(cp).advanceWidth > 1000);
      for (const cp of wide) expect(WIDE_GLYPHS).toContain(String.fromCodePoint(cp));
      expect(Math.max(...wide.map((cp) => font.glyphForCodePoint(cp).advanceWidth))).toBeLessThanOrEqual(3000);
    }
  }, 60_000);

  it.skipIf(!havePoppler)('prints the 300-line quote (zh, en, zh with the unit price incl. VAT column) pixel for pixel as with one run per character', async () => {
    const fonts = nodeFontSet();
    const project = await bigQuote(300);
    for (const [lang, variant] of [['zh', ''], ['en', ''], ['zh', 'incVat']] as const) {
      const doc = quoteDocument(await inputFor(project, lang, variant === 'incVat' ? { unitPriceIncVat: true } : {}));
      const name = `${lang}${variant}`;
      const render = async (def: TDocumentDefinitions, tag: string) => {
        const bytes = await renderPdf({ ...def, info: { ...def.info, creationDate: new Date('2026-01-01T00:00:00Z') } }, { fonts, watermark: '草稿 DRAFT', pageNumbers: { lang, leftText: doc.footerText } });
        const file = writeArtifact('one-line-cells', `quote-${name}-${tag}.pdf`, bytes);
        const out = join(dirname(file), `${name}-${tag}`);
        rmSync(out, { recursive: true, force: true });
        execFileSync('mkdir', ['-p', out]);
        execFileSync('pdftoppm', ['-r', '150', '-gray', file, join(out, 'p')]);
        const pages = readdirSync(out).sort().map((f) => readFileSync(join(out, f)));
        return { pages, text: execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }) };
      };
      const oneRun = quoteDefinition(doc);
      const perChar = quoteDefinition(doc, { joinRuns: false });
      const joined = (def: TDocumentDefinitions) => {
        let n = 0;
        for (const node of Array.isArray(def.content) ? def.content : [def.content]) for (const table of tablesIn(node)) for (const row of table) for (const cell of row) n += JSON.stringify(cell).split('"noWrap":true').length - 1;
        return n;
      };
      // zh: the names, brands and units of 300 lines; en: the few short ones (Latin words are runs already)
      expect(joined(oneRun) - joined(perChar)).toBeGreaterThan(lang === 'zh' ? 500 : 5);
      const a = await render(oneRun, 'one-run');
      const b = await render(perChar, 'per-char');
      expect(a.pages.length).toBe(b.pages.length);
      a.pages.forEach((p, i) => expect(p.equals(b.pages[i] as Buffer), `${name} page ${i + 1}`).toBe(true));
      expect(a.text).toBe(b.text);
    }
  }, 120_000);
});

/** The bodies of the tables in a pdfmake content node (the quote nests them in stacks and columns). */
function tablesIn(node: unknown): unknown[][][] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(tablesIn);
  const n = node as { table?: { body: unknown[][] }; stack?: unknown[]; columns?: unknown[] };
  return [...(n.table ? [n.table.body] : []), ...(n.stack ? tablesIn(n.stack) : []), ...(n.columns ? tablesIn(n.columns) : [])];
}

