import type { Drawing, DrawingElement, Shape } from './types.ts';

/**
 * The drawing as SVG (pure string, one <svg> per sheet, millimetre viewBox). Each element is a <g> with
 * data-id / data-kind (and data-trace / data-item / data-panel, the BOM panel, where known) so the app can link a click to its trace
 * entry and BOM line; `highlight` marks changed elements (revision compare) in red.
 */
export interface SvgOptions {
  /** Element ids drawn highlighted (changed between two drawing revisions). */
  highlight?: ReadonlySet<string>;
  /** Width attribute; default the sheet size in mm. */
  width?: string;
}

export const FONT_STACK = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','SimSun',sans-serif";

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function shapeSvg(s: Shape): string {
  if (s.kind === 'line') return `<line x1="${s.x1}" y1="${s.y1}" x2="${s.x2}" y2="${s.y2}"${s.heavy ? ' stroke-width="0.9"' : ''}${s.dashed ? ' stroke-dasharray="1.5 1"' : ''}/>`;
  if (s.kind === 'rect') return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" fill="none"${s.dashed ? ' stroke-dasharray="1.5 1"' : ''}/>`;
  return `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="none"/>`;
}

function elementSvg(e: DrawingElement, hl: boolean): string {
  const attrs = [`data-id="${esc(e.id)}"`, `data-kind="${e.kind}"`];
  if (e.traceRef) attrs.push(`data-trace="${esc(e.traceRef)}"`);
  if (e.itemCode) attrs.push(`data-item="${esc(e.itemCode)}"`);
  if (e.panelId) attrs.push(`data-panel="${esc(e.panelId)}"`);
  if (hl) attrs.push('class="changed" stroke="#d00000" fill="#d00000"');
  const body = e.shapes.map(shapeSvg).join('') + e.labels.map((l) => `<text x="${l.x}" y="${l.y}" font-size="${l.size}"${l.anchor === 'start' ? '' : ` text-anchor="${l.anchor}"`}>${esc(l.text)}</text>`).join('');
  return `<g ${attrs.join(' ')}>${body}</g>`;
}

export function sheetSvg(d: Drawing, sheet: number, opts: SvgOptions = {}): string {
  const hl = opts.highlight ?? new Set<string>();
  const els = d.elements.filter((e) => e.sheet === sheet).map((e) => elementSvg(e, hl.has(e.id))).join('\n');
  const width = opts.width ?? `${d.widthMm}mm`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${opts.width ? '' : `${d.heightMm}mm`}" viewBox="0 0 ${d.widthMm} ${d.heightMm}" data-sheet="${sheet}">`.replace(' height=""', '') +
    `<rect x="0" y="0" width="${d.widthMm}" height="${d.heightMm}" fill="#fff"/>` +
    `<g stroke="#000" stroke-width="0.25" fill="#000" font-family="${FONT_STACK}" stroke-linecap="round">\n<style>text{stroke:none}</style>\n${els}\n</g></svg>\n`;
}

export function drawingSvgs(d: Drawing, opts: SvgOptions = {}): string[] {
  return Array.from({ length: d.sheetCount }, (_, i) => sheetSvg(d, i + 1, opts));
}
