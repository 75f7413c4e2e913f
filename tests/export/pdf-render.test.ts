import { join } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { describe, expect, it } from 'vitest';
import { checkGlyphCoverage, findUnsupportedChars } from '../../src/core/format/glyph-coverage.ts';
import { fullFontCoverage, subsetFontCoverage, PDF_FONT_FAMILY } from '../../src/export/pdf/fonts.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { renderPdf } from '../../src/export/pdf/render.ts';
import { ARTIFACTS, darkPixels, hasTool, pdfPageCount, pdfToText, rasterizePage, writeArtifact } from './helpers/poppler.ts';

const SYMBOLS = '² ³ µ ± ≥ ≤ Ω ℃ × ÷ · – — ¥ Σ √ Δ ρ η φ ‰ ° → ✓';
const CHINESE = '直流电源系统报价单 蓄电池容量计算 充电装置 馈线屏';
const LONG_PART = 'GZDW-220V/200Ah-4×ZHR22010-PCST-HX-2024-A1B2C3D4E5F6G7H8I9J0';

function sampleDoc(): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    info: { title: '字体测试', creationDate: new Date('2025-01-01T00:00:00Z') },
    content: [
      { text: CHINESE, fontSize: 20, bold: true, margin: [0, 0, 0, 10] },
      { text: `符号：${SYMBOLS}`, fontSize: 16, margin: [0, 0, 0, 10] },
      { text: '全角标点：，。：；！？（）【】“”《》、…￥', fontSize: 16, margin: [0, 0, 0, 10] },
      {
        table: {
          widths: [60, 120, '*'],
          body: [
            [{ text: '序号', bold: true }, { text: '型号规格', bold: true }, { text: '说明', bold: true }],
            ['1', { text: LONG_PART, wordBreak: 'break-all' }, '长型号必须在单元格内换行'],
          ],
        },
      },
      { text: '第二页', pageBreak: 'before', fontSize: 20 },
    ],
  };
}

const havePoppler = hasTool('pdftoppm') && hasTool('pdftotext');

describe('PDF rendering with the embedded CJK font', () => {
  it.skipIf(!havePoppler)('round-trips Chinese and symbols through pdftotext and draws visible glyphs', async () => {
    const bytes = await renderPdf(sampleDoc(), { fonts: nodeFontSet(), watermark: '草稿 DRAFT', pageNumbers: { lang: 'zh', leftText: '测试' } });
    expect(bytes.byteLength).toBeLessThan(300_000); // subset embedded, not the 8 MB font
    const file = writeArtifact('pdf', 'font-sample.pdf', bytes);
    expect(pdfPageCount(file)).toBe(2);
    const text = pdfToText(file);
    for (const word of CHINESE.split(' ')) expect(text).toContain(word);
    for (const s of SYMBOLS.split(' ')) expect(text, s).toContain(s);
    expect(text).toContain('第 1 页 / 共 2 页');
    expect(text).toContain('第 2 页 / 共 2 页');
    const flat = text.replace(/\s+/g, '');
    expect(flat.split('草稿DRAFT').length - 1).toBe(2); // the watermark, once on every page
    // the long part number is complete, broken over lines inside its cell rather than overflowing
    expect(flat).toContain(LONG_PART);
    expect(text).not.toContain(LONG_PART);

    const img = rasterizePage(file, 1, join(ARTIFACTS, 'pdf', 'font-sample-p1'));
    // title line (top 4–9 % of the page, left half) and the symbol line must have ink
    const title = darkPixels(img, { x0: 0.05, y0: 0.03, x1: 0.6, y1: 0.09 });
    const symbols = darkPixels(img, { x0: 0.05, y0: 0.09, x1: 0.9, y1: 0.14 });
    expect(title).toBeGreaterThan(300);
    expect(symbols).toBeGreaterThan(200);
    // the bottom margin strip outside the footer stays white
    expect(darkPixels(img, { x0: 0, y0: 0.985, x1: 1, y1: 1 })).toBe(0);
  });

  it.skipIf(!havePoppler)('the committed browser subset (WOFF2, CFF) also draws visible glyphs', async () => {
    const fonts = {
      ...nodeFontSet(),
      regular: join(__dirname, '../../src/export/pdf/fonts/NotoSansHans-Regular.subset.woff2'),
      bold: join(__dirname, '../../src/export/pdf/fonts/NotoSansHans-Bold.subset.woff2'),
      coverage: subsetFontCoverage(),
    };
    const bytes = await renderPdf(sampleDoc(), { fonts });
    const file = writeArtifact('pdf', 'font-sample-subset.pdf', bytes);
    const text = pdfToText(file);
    for (const word of CHINESE.split(' ')) expect(text).toContain(word);
    const img = rasterizePage(file, 1, join(ARTIFACTS, 'pdf', 'font-sample-subset-p1'));
    expect(darkPixels(img, { x0: 0.05, y0: 0.03, x1: 0.6, y1: 0.09 })).toBeGreaterThan(300);
    expect(bytes.byteLength).toBeLessThan(300_000);
  });

  it('a blank page has no ink in the text region (the pixel check can fail)', async () => {
    if (!havePoppler) return expect.soft(havePoppler, 'poppler-utils missing').toBe(true);
    const doc: TDocumentDefinitions = { content: [{ text: ' ' }] };
    const file = writeArtifact('pdf', 'blank.pdf', await renderPdf(doc, { fonts: nodeFontSet() }));
    const img = rasterizePage(file, 1, join(ARTIFACTS, 'pdf', 'blank-p1'));
    expect(darkPixels(img, { x0: 0.05, y0: 0.03, x1: 0.6, y1: 0.09 })).toBe(0);
  });

  it('refuses to read anything but the font files (local access policy)', async () => {
    const doc: TDocumentDefinitions = { content: [{ image: '/etc/passwd' }] };
    await expect(renderPdf(doc, { fonts: nodeFontSet() })).rejects.toThrow(/denied|policy/i);
  });

  it('sets the CJK family as the default font', async () => {
    expect(nodeFontSet().family).toBe(PDF_FONT_FAMILY);
  });
});

describe('glyph coverage', () => {
  const rare = '喆堃昇镕珺';
  it('the browser subset lacks names outside GB2312 and reports each of them', () => {
    expect(findUnsupportedChars(`客户：张${rare}公司 220V ±5% ℃ ²³µΩ≥`, subsetFontCoverage())).toEqual([...rare]);
    const problems = checkGlyphCoverage([{ path: 'customer.name', text: `王喆电力` }, { path: 'project.name', text: '某220kV变电站' }], subsetFontCoverage());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'export.font.missing-glyph', severity: 'error', path: 'customer.name', value: '喆' });
    expect(problems[0]?.message.zh).toContain('喆 (U+5586)');
  });
  it('the full font (Node) has them; characters beyond it are still reported', () => {
    expect(findUnsupportedChars(rare, fullFontCoverage())).toEqual([]);
    expect(findUnsupportedChars('𠀀a\n\t', fullFontCoverage())).toEqual(['𠀀']);
  });
  it('the subset covers all 6,763 GB2312 hanzi and the document symbols', () => {
    const dec = new TextDecoder('gbk');
    let count = 0;
    for (let hi = 0xb0; hi <= 0xf7; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const ch = dec.decode(new Uint8Array([hi, lo]));
        const cp = ch.codePointAt(0) as number;
        if (cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff)) continue;
        count++;
        expect(subsetFontCoverage().has(cp), ch).toBe(true);
      }
    }
    expect(count).toBe(6763);
    expect(findUnsupportedChars(SYMBOLS + '，。：；！？（）【】“”《》、…￥', subsetFontCoverage())).toEqual([]);
  });
});
