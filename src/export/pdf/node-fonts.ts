import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fullFontCoverage, PDF_FONT_FAMILY, type PdfFontSet } from './fonts.ts';
import { installPdfkitColourCache } from './pdfkit-colour-cache.ts';

/** Node: embed the full .otf files straight from the npm package (pdfkit subsets them per document). */
export function nodeFontSet(): PdfFontSet {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  const regular = join(dir, 'NotoSansHans-Regular.otf');
  const bold = join(dir, 'NotoSansHans-Bold.otf');
  for (const f of [regular, bold]) if (!existsSync(f)) throw new Error(`CJK font missing: ${f} (npm ci?)`);
  installPdfkitColourCache(); // every PDF made in Node comes through here
  // Paths, not bytes read once per process: pdfkit keeps a font opened from a path under that path for the
  // rest of the document, and the drawings' SVG text asks for the font by its path. Given bytes, pdfmake's
  // text had the font under no such key, and every SVG text opened the 8 MB font again (dcq export of the
  // largest project: 8 → 19 s; tests/export/pdf-render.test.ts counts the reads).
  return { family: PDF_FONT_FAMILY, regular, bold, source: 'file', coverage: fullFontCoverage() };
}
