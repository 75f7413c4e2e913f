import type { Content, DynamicContent, TDocumentDefinitions, TFontDictionary, Watermark } from 'pdfmake/interfaces';
import type { PdfFontSet } from './fonts.ts';

/**
 * The one place that talks to pdfmake. Document builders (pdf/*-doc.ts) turn our pure document models
 * into pdfmake definitions; this adapter registers the CJK font, locks down what pdfmake may read,
 * adds the page-number footer and the optional draft watermark, and returns the PDF bytes.
 *
 * Works in Node (`pdfmake` → js/index.js, fonts as file paths) and in the browser (Vite resolves
 * `pdfmake` to its browser build through the package's "browser" field; fonts as absolute URLs).
 * pdfmake is imported dynamically so it stays out of the app's first load.
 */
export interface RenderPdfOptions {
  fonts: PdfFontSet;
  /** Text drawn diagonally on every page, e.g. "草稿 DRAFT"; omitted or empty: none. */
  watermark?: string;
  /** Adds "第 n 页 / 共 m 页" (zh) or "Page n of m" (en) in the footer, with an optional left text. */
  pageNumbers?: { lang: 'zh' | 'en'; leftText?: string };
}

interface PdfMakeApi {
  setFonts(fonts: TFontDictionary): void;
  /** pdfmake's in-memory files: a font path found here is not read from disk. */
  virtualfs?: { existsSync(path: string): boolean; writeFileSync(path: string, content: Uint8Array): void };
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy?: (cb: (path: string) => boolean) => void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Uint8Array> };
}

let pdfMakePromise: Promise<PdfMakeApi> | undefined;

async function loadPdfMake(): Promise<PdfMakeApi> {
  pdfMakePromise ??= import('pdfmake').then((m) => {
    const mod = m as unknown as { default?: PdfMakeApi } & PdfMakeApi;
    return mod.default ?? mod;
  });
  return pdfMakePromise;
}

export function pageNumberText(lang: 'zh' | 'en', current: number, count: number): string {
  return lang === 'zh' ? `第 ${current} 页 / 共 ${count} 页` : `Page ${current} of ${count}`;
}

export function withFooterAndWatermark(doc: TDocumentDefinitions, options: RenderPdfOptions): TDocumentDefinitions {
  const out: TDocumentDefinitions = {
    ...doc,
    defaultStyle: { ...doc.defaultStyle, font: options.fonts.family },
  };
  if (options.watermark && options.watermark.trim() !== '') {
    const wm: Watermark = { text: options.watermark, color: '#c00000', opacity: 0.12, bold: true };
    out.watermark = wm;
  }
  if (options.pageNumbers && doc.footer === undefined) {
    const { lang, leftText } = options.pageNumbers;
    const footer: DynamicContent = (current: number, count: number): Content => ({
      margin: [40, 12, 40, 0],
      fontSize: 8,
      color: '#555555',
      columns: [
        { text: leftText ?? '', alignment: 'left' },
        { text: pageNumberText(lang, current, count), alignment: 'right', width: 'auto' },
      ],
    });
    out.footer = footer;
  }
  return out;
}

export async function renderPdf(doc: TDocumentDefinitions, options: RenderPdfOptions): Promise<Uint8Array> {
  const pdfMake = await loadPdfMake();
  const { fonts } = options;
  // A fresh dictionary per call: pdfmake rewrites font entries in place while resolving URLs.
  pdfMake.setFonts({
    [fonts.family]: { normal: fonts.regular, bold: fonts.bold, italics: fonts.regular, bolditalics: fonts.bold },
  });
  // Node: the font files' bytes, read once per process, under their own paths (the same fonts, the same PDF).
  if (fonts.source === 'file' && fonts.bytes && pdfMake.virtualfs) {
    for (const [path, bytes] of fonts.bytes()) if (!pdfMake.virtualfs.existsSync(path)) pdfMake.virtualfs.writeFileSync(path, bytes);
  }
  const allowed = new Set([fonts.regular, fonts.bold]);
  // Nothing but our two font files may be fetched or read: no remote images, no local paths from data.
  pdfMake.setUrlAccessPolicy((url) => fonts.source === 'url' && allowed.has(url));
  pdfMake.setLocalAccessPolicy?.((path) => fonts.source === 'file' && allowed.has(path));
  const bytes = await pdfMake.createPdf(withFooterAndWatermark(doc, options)).getBuffer();
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}
