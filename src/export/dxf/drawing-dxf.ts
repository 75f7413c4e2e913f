import { DxfWriter, LineTypes, Units, point3d } from '@tarikjabiri/dxf';
import type { Drawing, Shape } from '../../core/drawing/types.ts';

/**
 * The drawing as DXF (AutoCAD 2007, AC1021, UTF-8) for the design institutes' CAD, written through
 * @tarikjabiri/dxf. Millimetres, y upwards; sheet k is placed to the right of sheet k−1 in model space.
 * Labels are TEXT entities (LibreOffice drops MTEXT) in the style "DCQ_CJK": gbenor.shx with the big font
 * gbcbig.shx, the GB practice that draws Chinese in AutoCAD (both ship with AutoCAD's Chinese editions).
 */
export const DXF_TEXT_STYLE = 'DCQ_CJK';
const SHEET_GAP = 20;

export function drawingDxf(d: Drawing): string {
  const dxf = new DxfWriter();
  dxf.setUnits(Units.Millimeters);
  // Texts of an AC1021 file are UTF-8; the code page (Simplified Chinese) is what Chinese AutoCAD writes,
  // and readers need it beside $ACADVER to know the file is not an old ANSI one.
  dxf.setVariable('$DWGCODEPAGE', { 3: 'ANSI_936' });
  dxf.addLType('DCQ_DASHED', '_ _ _ _', [1.5, -1]);
  dxf.addLayer('DCQ_FRAME', 7, LineTypes.Continuous);
  dxf.addLayer('DCQ_LINES', 7, LineTypes.Continuous);
  dxf.addLayer('DCQ_BUS', 1, LineTypes.Continuous);
  dxf.addLayer('DCQ_COMM', 3, 'DCQ_DASHED');
  dxf.addLayer('DCQ_TEXT', 7, LineTypes.Continuous);
  const style = dxf.tables.addStyle(DXF_TEXT_STYLE);
  style.fontFileName = 'gbenor.shx';
  style.bigFontFileName = 'gbcbig.shx';
  style.widthFactor = 0.8;
  const H = d.heightMm;
  for (const e of d.elements) {
    const ox = (e.sheet - 1) * (d.widthMm + SHEET_GAP);
    const P = (x: number, y: number) => point3d(ox + x, H - y, 0);
    const layerOf = (s: Shape) => (s.kind === 'line' && s.dashed ? 'DCQ_COMM' : s.kind === 'line' && s.heavy ? 'DCQ_BUS' : e.kind === 'sheet' || e.kind === 'titleBlock' || e.kind === 'revisionTable' ? 'DCQ_FRAME' : 'DCQ_LINES');
    for (const s of e.shapes) {
      const layerName = layerOf(s);
      if (s.kind === 'line') dxf.addLine(P(s.x1, s.y1), P(s.x2, s.y2), { layerName, ...(s.dashed ? { lineType: 'DCQ_DASHED' } : {}) });
      else if (s.kind === 'rect') dxf.addLWPolyline([{ point: P(s.x, s.y) }, { point: P(s.x + s.w, s.y) }, { point: P(s.x + s.w, s.y + s.h) }, { point: P(s.x, s.y + s.h) }], { layerName, flags: 1, ...(s.dashed ? { lineType: 'DCQ_DASHED' } : {}) });
      else dxf.addCircle(P(s.cx, s.cy), s.r, { layerName });
    }
    for (const l of e.labels) {
      // Left-aligned at the label's box: the same place whatever width the CAD font gives the text.
      const t = dxf.addText(P(l.box.x, l.y), l.size, l.text, { layerName: 'DCQ_TEXT' });
      t.textStyle = DXF_TEXT_STYLE;
    }
  }
  return dxf.stringify();
}
