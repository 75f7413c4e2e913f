import { drawingTextFields } from '../core/drawing/project-drawing.ts';
import { checkGlyphCoverage, userTextFields } from '../core/format/glyph-coverage.ts';
import { fail, ok, type Result } from '../core/problems.ts';
import { drawingFiles, type DrawingFile, type DrawingFileKind, type DrawingFilesRequest } from './drawing-files.ts';
import { browserFontSet } from './pdf/browser-fonts.ts';
import type { PdfFontSet } from './pdf/fonts.ts';

/**
 * The downloads of the app's 系统图 screen: the drawing PDF (A3), the DXF, the sheets as SVG and the
 * 图纸确认函 PDF, the same files `dcq drawing` writes. Import this module only dynamically, from the
 * download button: pdfmake, the DXF writer and the WOFF2 fonts load with it, never with the app.
 *
 *   const { drawingDownload } = await import('../../export/drawing-browser.ts');
 *   const r = await drawingDownload({ project, evaluation, template, company, lang, date, catalog }, 'pdf');
 *   if (r.ok) r.value.forEach((f) => download(f.name, f.mediaType, f.bytes));
 */
export interface DownloadFile {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

const MEDIA_TYPES: Record<string, string> = { pdf: 'application/pdf', dxf: 'image/vnd.dxf', svg: 'image/svg+xml' };

/** The file as the browser saves it: its media type from the name's extension. */
export function downloadFile(f: DrawingFile): DownloadFile {
  const ext = /\.([a-z]+)$/.exec(f.name)?.[1] ?? '';
  return { name: f.name, mediaType: MEDIA_TYPES[ext] ?? 'application/octet-stream', bytes: f.bytes };
}

/**
 * One kind of drawing file, ready to save. For the PDFs every typed field is first checked against the PDF
 * font (the GB2312 subset in the browser): a character it cannot draw refuses the PDF, naming the field,
 * as the quote documents do, rather than issuing a drawing with an empty box. `fonts` defaults to the
 * browser's subset (tests pass the full font from Node).
 */
export async function drawingDownload(req: DrawingFilesRequest, kind: DrawingFileKind, options: { fonts?: PdfFontSet; fontBase?: string } = {}): Promise<Result<DownloadFile[]>> {
  let fonts: PdfFontSet | null = null;
  if (kind === 'pdf' || kind === 'letter') {
    fonts = options.fonts ?? browserFontSet(options.fontBase);
    const missing = checkGlyphCoverage([...userTextFields(req.project), ...drawingTextFields(req.project)], fonts.coverage);
    if (missing.length > 0) return fail(missing);
  }
  const r = await drawingFiles({ ...req, only: [kind] }, fonts);
  return r.ok ? ok(r.value.map(downloadFile)) : r;
}
