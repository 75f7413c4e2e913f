import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { drawingSvgs } from '../../core/drawing/svg.ts';
import type { ConfirmationLetter } from '../../core/drawing/confirmation.ts';
import type { Drawing } from '../../core/drawing/types.ts';

/** 1 mm in PDF points. */
const MM = 72 / 25.4;

/** The drawing PDF: one A3 landscape page per sheet, the SVG of the sheet at scale 1:1 (mm). */
export function drawingDefinition(d: Drawing): TDocumentDefinitions {
  const svgs = drawingSvgs(d);
  return {
    pageSize: 'A3',
    pageOrientation: 'landscape',
    pageMargins: [0, 0, 0, 0],
    info: { title: d.titleBlock.drawingName, subject: d.titleBlock.project, creator: d.titleBlock.company },
    content: drawingPages(d, svgs),
  };
}

/** The sheets as pdfmake content (also appended to the calculation book, each sheet on its own A3 landscape page). */
export function drawingPages(d: Drawing, svgs: string[] = drawingSvgs(d)): Content[] {
  return svgs.map((svg, i) => ({ svg, width: d.widthMm * MM, height: d.heightMm * MM, ...(i > 0 ? { pageBreak: 'before' as const } : {}) }) as Content);
}

/**
 * The sheets appended to another document (the calculation book, A4 portrait): each on a landscape page of
 * its own, scaled to fit the space inside that document's margins (default: A4 landscape inside the
 * calculation report's 36/36/36/48 pt margins). The full-size sheet is the drawing PDF (A3).
 */
export function drawingAppendix(d: Drawing, space: { widthPt: number; heightPt: number } = { widthPt: 841.89 - 72, heightPt: 595.28 - 84 - 4 }): Content[] {
  const w = Math.min(space.widthPt, (space.heightPt * d.widthMm) / d.heightMm);
  return drawingSvgs(d).map((svg) => ({ svg, width: w, height: (w * d.heightMm) / d.widthMm, pageBreak: 'before', pageOrientation: 'landscape' }) as Content);
}

/** 图纸确认函: one A4 page. */
export function confirmationDefinition(l: ConfirmationLetter): TDocumentDefinitions {
  const cell = (text: string, bold = false) => ({ text, bold, fontSize: 10, margin: [2, 3, 2, 3] as [number, number, number, number] });
  return {
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    info: { title: l.title },
    content: [
      { text: l.company, alignment: 'center', fontSize: 12, margin: [0, 0, 0, 6] },
      { text: l.title, alignment: 'center', fontSize: 18, bold: true, margin: [0, 0, 0, 14] },
      { table: { widths: [110, '*'], body: l.facts.map((f) => [cell(f.label, true), cell(f.value)]) }, margin: [0, 0, 0, 10] },
      { text: l.intro, fontSize: 10, margin: [0, 0, 0, 8] },
      { text: l.drawingsTitle, bold: true, fontSize: 11, margin: [0, 0, 0, 4] },
      { table: { headerRows: 1, widths: [30, 120, '*', 40, 40], body: [l.columns.map((c) => cell(c, true)), ...l.drawings.map((d) => [cell(d.no), cell(d.number), cell(d.title), cell(d.revision), cell(d.sheets)])] }, margin: [0, 0, 0, 12] },
      { text: l.commentsTitle, bold: true, fontSize: 11, margin: [0, 0, 0, 4] },
      { table: { widths: ['*'], heights: [170], body: [[cell(' ')]] }, margin: [0, 0, 0, 12] },
      { text: l.confirmTitle, bold: true, fontSize: 11, margin: [0, 0, 0, 4] },
      { table: { widths: [200, '*'], heights: l.fields.map(() => 26), body: l.fields.map((f) => [cell(f, true), cell(' ')]) } },
      { text: l.date, alignment: 'right', fontSize: 10, margin: [0, 14, 0, 0] },
    ],
  };
}
