import regularUrl from './fonts/NotoSansHans-Regular.subset.woff2?url';
import boldUrl from './fonts/NotoSansHans-Bold.subset.woff2?url';
import { PDF_FONT_FAMILY, subsetFontCoverage, type PdfFontSet } from './fonts.ts';

/**
 * Browser: the GB2312 subset as WOFF2. Vite's `?url` gives a (base-relative) asset URL and nothing is
 * downloaded until pdfmake fetches it; pdfmake fetches only absolute http(s) URLs, hence `new URL`.
 * Import this module dynamically from the export action so neither pdfmake nor the fonts weigh on the
 * app's first load.
 */
export function browserFontSet(base: string = globalThis.location.href): PdfFontSet {
  return {
    family: PDF_FONT_FAMILY,
    regular: new URL(regularUrl, base).href,
    bold: new URL(boldUrl, base).href,
    source: 'url',
    coverage: subsetFontCoverage(),
  };
}
