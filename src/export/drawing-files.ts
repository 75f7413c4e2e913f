import { confirmationLetter } from '../core/drawing/confirmation.ts';
import { drawingNumberOf, drawingStateOf, latestQuoteRevision, projectDrawing, type ProjectDrawingArgs } from '../core/drawing/project-drawing.ts';
import { drawingSvgs } from '../core/drawing/svg.ts';
import { compareSignatures, elementSignatures, highlightOf } from '../core/drawing/revisions.ts';
import type { Drawing } from '../core/drawing/types.ts';
import { fail, ok, type Problem, type Result } from '../core/problems.ts';
import { drawingDxf } from './dxf/drawing-dxf.ts';
import { confirmationDefinition, drawingDefinition } from './pdf/drawing-doc.ts';
import type { PdfFontSet } from './pdf/fonts.ts';
import { renderPdf } from './pdf/render.ts';

/** What the drawing files are made of: the project, its evaluation, the drawing template, the company, language and date. */
export type DrawingFilesRequest = ProjectDrawingArgs;

export interface DrawingFile {
  name: string;
  bytes: Uint8Array;
}

/** A file name from a drawing number: characters a file system refuses become "_". */
export const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');

/** The drawing, or the problems that keep the project from having one. */
export function drawingFor(req: DrawingFilesRequest): Result<Drawing> {
  const d = projectDrawing(req);
  if (d) return ok(d);
  const errors = req.evaluation.problems.filter((p) => p.severity === 'error');
  const why: Problem = { code: 'drawing.noConfiguration', severity: 'error', path: 'requirements', message: { zh: '项目未能完成选型计算，无法生成系统图（见上列问题）', en: 'the project could not be sized, so there is no drawing (see the problems above)' } };
  return fail([...errors, why]);
}

/** The four kinds of drawing file: the sheets as SVG, the drawing PDF, the DXF and the 图纸确认函 PDF. */
export const DRAWING_FILE_KINDS = ['svg', 'pdf', 'dxf', 'letter'] as const;
export type DrawingFileKind = (typeof DRAWING_FILE_KINDS)[number];

/**
 * SVG per sheet, the drawing PDF (A3), the DXF and the 图纸确认函 PDF (or `only` some of them: the app
 * downloads one kind at a time); with `compareWith` (an issued drawing revision letter) also the sheets with
 * what changed since that revision highlighted. `fonts` is needed only for the PDFs.
 */
export async function drawingFiles(req: DrawingFilesRequest & { compareWith?: string; only?: readonly DrawingFileKind[] }, fonts: PdfFontSet | null): Promise<Result<DrawingFile[]>> {
  const r = drawingFor(req);
  if (!r.ok) return r;
  const d = r.value;
  const wanted = new Set(req.only ?? DRAWING_FILE_KINDS);
  const pdfFonts = (): PdfFontSet => {
    if (!fonts) throw new Error('drawingFiles: a PDF was asked for without a font set');
    return fonts;
  };
  const enc = new TextEncoder();
  const base = safeName(drawingNumberOf(req.project, req.template));
  const files: DrawingFile[] = wanted.has('svg') ? drawingSvgs(d).map((s, i) => ({ name: `${base}-${i + 1}.svg`, bytes: enc.encode(s) })) : [];
  if (req.compareWith !== undefined) {
    const rev = drawingStateOf(req.project).revisions.find((x) => x.letter === req.compareWith);
    if (!rev) {
      const letters = drawingStateOf(req.project).revisions.map((x) => x.letter).join(', ') || '—';
      return fail([{ code: 'drawing.revisionUnknown', severity: 'error', path: '--compare', value: req.compareWith, message: { zh: `图纸没有版本 ${req.compareWith}（已发布的版本：${letters}）`, en: `the drawing has no revision ${req.compareWith} (issued: ${letters})` } }]);
    }
    const hl = highlightOf(compareSignatures(rev.elements, elementSignatures(d)));
    drawingSvgs(d, { highlight: hl }).forEach((s, i) => files.push({ name: `${base}-compare-${rev.letter}-${i + 1}.svg`, bytes: enc.encode(s) }));
  }
  if (wanted.has('pdf')) files.push({ name: `${base}.pdf`, bytes: await renderPdf(drawingDefinition(d), { fonts: pdfFonts() }) });
  if (wanted.has('dxf')) files.push({ name: `${base}.dxf`, bytes: enc.encode(drawingDxf(d)) });
  if (!wanted.has('letter')) return ok(files);
  const state = drawingStateOf(req.project);
  const letter = confirmationLetter({
    template: req.template,
    lang: req.lang,
    company: req.company[req.lang],
    project: req.project.meta.name,
    customer: req.project.meta.customer,
    contractNo: state.contractNo ?? '',
    quoteRevision: state.revisions[state.revisions.length - 1]?.quoteRevision ?? latestQuoteRevision(req.project),
    drawings: [{ number: d.titleBlock.drawingNumber, title: d.titleBlock.drawingName, revision: d.titleBlock.revision, sheets: d.sheetCount }],
    date: req.date,
  });
  const confirmName = req.lang === 'zh' ? '图纸确认函' : 'drawing-confirmation';
  files.push({ name: `${base}-${confirmName}.pdf`, bytes: await renderPdf(confirmationDefinition(letter), { fonts: pdfFonts() }) });
  return ok(files);
}
