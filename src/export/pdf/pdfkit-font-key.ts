import { patchablePdfkitPrototype } from './pdfkit-prototype.ts';

/**
 * Node only. pdfmake hands pdfkit our fonts as bytes (read once per process, node-fonts.ts), but the SVG
 * text of a drawing asks pdfkit for the font by its file path. pdfkit opens that path, finds it is a font
 * the document already has (the same name) and uses that one, but returns before keeping it under the
 * path, so the next SVG text opens and parses the 8 MB file again: 389 times in the calculation book with
 * its drawing appendix, 19 s instead of 8 for the largest project's `dcq export`. This keeps the font under
 * the path once it is known. The PDF draws the same (pdfkit used the same font object before too); only
 * the numbers it gives fonts opened later may differ. Installed only over the pdfkit version it was
 * written against; tests/drawing/drawing-pdf.test.ts counts the opens.
 */
interface PdfKitFonts {
  font(src: unknown, family?: unknown, size?: unknown): unknown;
  _font?: object;
  _fontFamilies: Record<string, object>;
  _registeredFonts: Record<string, unknown>;
}

let installed: boolean | undefined;

export function installPdfkitFontKey(): boolean {
  if (installed !== undefined) return installed;
  const proto = patchablePdfkitPrototype<PdfKitFonts>();
  const original = proto?.font;
  // the early return this mends: a font found again by name is used without keeping it under its key
  installed = proto !== undefined && typeof original === 'function' && /isEqualFont\(this\._font, font\)\)\s*\{\s*this\._font = font;\s*return this;/.test(String(original));
  if (!installed || !proto || !original) return false;
  proto.font = function (this: PdfKitFonts, src: unknown, family?: unknown, size?: unknown) {
    const result = original.call(this, src, family, size);
    // A file path given without a family name is pdfkit's own key for it (see pdfkit's font()).
    const byPath = typeof src === 'string' && !this._registeredFonts[src] && (family === undefined || family === null || typeof family === 'number');
    if (byPath && this._font && !this._fontFamilies[src]) this._fontFamilies[src] = this._font;
    return result;
  };
  return true;
}
