import { parseCoverage, type GlyphCoverage } from '../../core/format/glyph-coverage.ts';
import { FULL_FONT_COVERAGE, SUBSET_FONT_COVERAGE } from './fonts/coverage.generated.ts';

/**
 * The CJK font of every PDF we make: Noto Sans Hans (CFF outlines, OFL-1.1) from @embedpdf/fonts-sc.
 * - Node (CLI, tests): the full .otf files, 30,789 characters (node-fonts.ts).
 * - Browser (app): GB2312 + document symbols cut to WOFF2 by scripts/fonts/subset.ts, ≈ 1.4–1.5 MB per
 *   weight, fetched only when a PDF is made (browser-fonts.ts).
 * Both sources draw the same glyphs; they differ only in coverage, which is known without parsing fonts.
 */
export const PDF_FONT_FAMILY = 'NotoSansHans';

export interface PdfFontSet {
  family: string;
  /** File paths (Node) or absolute http(s) URLs (browser). */
  regular: string;
  bold: string;
  source: 'file' | 'url';
  coverage: GlyphCoverage;
  /**
   * Node: the two files' bytes, read once per process (two 8 MB files read again for every PDF were a
   * good part of its time, issue #16). renderPdf hands them to pdfmake under the same paths.
   */
  bytes?: () => ReadonlyMap<string, Uint8Array>;
}

let full: GlyphCoverage | undefined;
let subset: GlyphCoverage | undefined;

export function fullFontCoverage(): GlyphCoverage {
  full ??= parseCoverage('Noto Sans Hans', FULL_FONT_COVERAGE);
  return full;
}

export function subsetFontCoverage(): GlyphCoverage {
  subset ??= parseCoverage('Noto Sans Hans (GB2312)', SUBSET_FONT_COVERAGE);
  return subset;
}
