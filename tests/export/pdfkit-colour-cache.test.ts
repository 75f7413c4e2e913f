import { afterAll, describe, expect, it } from 'vitest';
import { quoteDocument } from '../../src/core/export/customer-quote.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { installPdfkitColourCache, pdfkitColourCacheSize, removePdfkitColourCache } from '../../src/export/pdf/pdfkit-colour-cache.ts';
import { PATCHED_PDFKIT_VERSION } from '../../src/export/pdf/pdfkit-prototype.ts';
import { installPdfkitFontKey } from '../../src/export/pdf/pdfkit-font-key.ts';
import { quoteDefinition } from '../../src/export/pdf/quote-doc.ts';
import { renderPdf } from '../../src/export/pdf/render.ts';
import { sampleProject } from '../fixtures/knowledge.ts';
import { inputFor } from './helpers/documents.ts';

/**
 * The colour-operand cache patches pdfkit (pdfkit-colour-cache.ts): it must be installed over the pdfkit in
 * node_modules (an upgrade fails here, not silently), and the PDF must be byte-for-byte pdfkit's own.
 */
describe('pdfkit colour cache', () => {
  afterAll(() => {
    installPdfkitColourCache();
  });

  it('is installed over the pdfkit version it was written for', async () => {
    const { createRequire } = await import('node:module');
    const version = (createRequire(import.meta.url)('pdfkit/package.json') as { version: string }).version;
    expect(version).toBe(PATCHED_PDFKIT_VERSION);
    nodeFontSet();
    expect(installPdfkitColourCache()).toBe(true);
  });

  it('writes the same PDF bytes as pdfkit alone (quote with rules, fills, coloured text and a watermark)', async () => {
    const fonts = nodeFontSet();
    const input = await inputFor(await sampleProject('sample-220kv.json'));
    const doc = quoteDocument(input);
    const make = async () => {
      const def = quoteDefinition(doc);
      return Buffer.from(await renderPdf({ ...def, info: { ...def.info, creationDate: new Date('2026-01-01T00:00:00Z') } }, { fonts, watermark: '草稿 DRAFT', pageNumbers: { lang: 'zh', leftText: doc.footerText } }));
    };
    const cached = await make();
    expect(pdfkitColourCacheSize()).toBeGreaterThanOrEqual(4); // rules, fills, blue and grey text went through it
    removePdfkitColourCache();
    const plain = await make();
    expect(cached.byteLength).toBe(plain.byteLength);
    expect(cached.equals(plain)).toBe(true);
  });
});

describe('pdfkit font key (pdfkit-font-key.ts)', () => {
  it('is installed over the pdfkit version it was written for, so an upgrade is noticed here', () => {
    nodeFontSet();
    expect(installPdfkitFontKey()).toBe(true);
  });
});
