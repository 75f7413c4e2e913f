import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fullFontCoverage, PDF_FONT_FAMILY, type PdfFontSet } from './fonts.ts';
import { installPdfkitColourCache } from './pdfkit-colour-cache.ts';
import { installPdfkitFontKey } from './pdfkit-font-key.ts';

/** Node: embed the full .otf files straight from the npm package (pdfkit subsets them per document). */
export function nodeFontSet(): PdfFontSet {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  const regular = join(dir, 'NotoSansHans-Regular.otf');
  const bold = join(dir, 'NotoSansHans-Bold.otf');
  for (const f of [regular, bold]) if (!existsSync(f)) throw new Error(`CJK font missing: ${f} (npm ci?)`);
  installPdfkitColourCache(); // every PDF made in Node comes through here
  installPdfkitFontKey();
  return { family: PDF_FONT_FAMILY, regular, bold, source: 'file', coverage: fullFontCoverage(), bytes: () => fontBytes([regular, bold]) };
}

/** The font files' bytes by path, each file read once per process (only when a PDF is made). */
const read = new Map<string, Uint8Array>();
function fontBytes(paths: readonly string[]): ReadonlyMap<string, Uint8Array> {
  for (const p of paths) if (!read.has(p)) read.set(p, readFileSync(p));
  return read;
}
