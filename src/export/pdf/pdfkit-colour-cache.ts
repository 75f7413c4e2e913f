import { patchablePdfkitPrototype } from './pdfkit-prototype.ts';

/**
 * Node only: pdfkit turns a '#rrggbb' colour into three 16-digit decimals again for every line segment
 * and text run (≈ 5,000 ruled segments in a 300-line quote). This caches the operand text per colour
 * string; the content stream is byte-for-byte what pdfkit writes (tests/export/pdfkit-colour-cache.test.ts
 * compares whole PDFs with and without it). Installed only over the pdfkit version it was written
 * against, whose `_setColorCore` is the one shown below; any other leaves pdfkit alone, and that test
 * fails so the upgrade is noticed.
 *
 *   _setColorCore(color, stroke) {
 *     color = this._normalizeColor(color); if (!color) return false;
 *     const op = stroke ? 'SCN' : 'scn'; const space = this._getColorSpace(color);
 *     this._setColorSpace(space, stroke);
 *     if (color instanceof SpotColor) { … } else { this.addContent(`${color.join(' ')} ${op}`); }
 *     return true; }
 */
interface PdfKitColour {
  _normalizeColor(color: unknown): number[] | null;
  _getColorSpace(color: number[]): string;
  _setColorSpace(space: string, stroke: boolean): void;
  _setColorCore(color: unknown, stroke: boolean): boolean;
  addContent(data: string): unknown;
}

/** A '#' colour's colour space and operands, as pdfkit would write them; null where pdfkit refuses it. */
const operands = new Map<string, { space: string; values: string } | null>();
let installed: boolean | undefined;
let restore: (() => void) | undefined;

/** Installs the cache once per process; true when pdfkit is the version it was written for. */
export function installPdfkitColourCache(): boolean {
  if (installed !== undefined) return installed;
  const proto = patchablePdfkitPrototype<PdfKitColour>();
  const original = proto?._setColorCore;
  installed = proto !== undefined && typeof original === 'function' && /color\.join\(' '\)/.test(String(original));
  if (!installed || !proto || !original) return false;
  restore = () => {
    proto._setColorCore = original;
  };
  proto._setColorCore = function (this: PdfKitColour, color: unknown, stroke: boolean): boolean {
    // Only '#' strings: pdfkit reads them before spot or named colours, so the result is the same in every document.
    if (typeof color !== 'string' || color.charAt(0) !== '#') return original.call(this, color, stroke);
    let o = operands.get(color);
    if (o === undefined) {
      const c = this._normalizeColor(color);
      o = c ? { space: this._getColorSpace(c), values: c.join(' ') } : null;
      operands.set(color, o);
    }
    if (!o) return false;
    this._setColorSpace(o.space, stroke);
    this.addContent(`${o.values} ${stroke ? 'SCN' : 'scn'}`);
    return true;
  };
  return true;
}

/** How many colours the cache holds (the test checks it was used). */
export function pdfkitColourCacheSize(): number {
  return operands.size;
}

/** pdfkit's own method back (the test makes the same PDF both ways). */
export function removePdfkitColourCache(): void {
  restore?.();
  restore = undefined;
  installed = undefined;
}
