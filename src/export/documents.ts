import { reportDocument, reportDocumentTexts } from '../core/export/calculation-report.ts';
import { customerWorkbook, quoteDocument, quoteDocumentTexts } from '../core/export/customer-quote.ts';
import { quoteDocumentBlockers, quoteIdentity, type DocumentInput } from '../core/export/export-input.ts';
import { internalWorkbook } from '../core/export/internal-workbook.ts';
import type { Templates } from '../core/export/templates.ts';
import { checkGlyphCoverage, userTextFields, type TextField } from '../core/format/glyph-coverage.ts';
import type { Knowledge } from '../core/knowledge.ts';
import { evaluateProject, type ProjectEvaluation } from '../core/pipeline.ts';
import { fail, ok, type Problem, type Result } from '../core/problems.ts';
import type { ProjectFile } from '../core/project/schema.ts';
import type { Lang } from '../core/text.ts';
import type { PdfFontSet } from './pdf/fonts.ts';
import { quoteDefinition } from './pdf/quote-doc.ts';
import { renderPdf } from './pdf/render.ts';
import { reportDefinition } from './pdf/report-doc.ts';
import { writeWorkbook } from './xlsx/workbook-writer.ts';

/**
 * The four quote documents as bytes, the same for the CLI (full fonts) and the app (subset fonts):
 * the internal priced BOM workbook, the customer quote workbook, the customer quote PDF and the
 * calculation report PDF. Before any file is made, the text the user typed, then all text of each PDF,
 * is checked against the font's coverage: a character the font lacks BLOCKS the export (no file at all),
 * the message naming the field as the user sees it; nothing is ever dropped silently.
 */
export type DocumentKind = 'internalBom' | 'customerQuoteXlsx' | 'quotePdf' | 'calculationReportPdf';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['internalBom', 'customerQuoteXlsx', 'quotePdf', 'calculationReportPdf'];

export interface ExportRequest {
  project: ProjectFile;
  knowledge: Knowledge;
  templates: Templates;
  lang: Lang;
  /** Document date YYYY-MM-DD (the caller reads the clock). */
  date: string;
  panelPricesOnly?: boolean;
  /** Adds the 含税单价 column to the customer quote (PDF and .xlsx). */
  unitPriceIncVat?: boolean;
  /** Reuse an evaluation already made (the app's store has one); evaluated here otherwise. */
  evaluation?: ProjectEvaluation;
  /** Which documents to make; all four by default. */
  only?: readonly DocumentKind[];
}

export interface ExportedFile {
  kind: DocumentKind;
  /** Suggested file name, e.g. "Q20261124-E9BD42-A_quote.pdf". */
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';
const SUFFIX: Record<DocumentKind, string> = {
  internalBom: 'internal-bom.xlsx',
  customerQuoteXlsx: 'customer-quote.xlsx',
  quotePdf: 'quote.pdf',
  calculationReportPdf: 'calculation-report.pdf',
};

/** A file-name-safe prefix from the quote number. */
export function fileName(quoteNumber: string, kind: DocumentKind): string {
  return `${quoteNumber.replace(/[^A-Za-z0-9._-]+/g, '_')}_${SUFFIX[kind]}`;
}

function prefixed(doc: string, fields: TextField[]): TextField[] {
  return fields.map((f) => ({ path: `${doc}:${f.path}`, text: f.text }));
}

function draftNote(input: DocumentInput, status: 'final' | 'draft'): Problem[] {
  if (status === 'final') return [];
  const blockers = input.evaluation.quote?.blockers ?? [];
  return [
    {
      code: 'export.draft',
      severity: 'info',
      path: 'quote',
      message: {
        zh: `报价未满足出正式报价条件，客户文件标记为草稿：${blockers.map((b) => b.message.zh).join('；')}`,
        en: `The quote may not be issued as final yet; customer documents are marked DRAFT: ${blockers.map((b) => b.message.en).join('; ')}`,
      },
    },
  ];
}

export async function exportDocuments(req: ExportRequest, fonts: PdfFontSet): Promise<Result<ExportedFile[]>> {
  const evaluation = req.evaluation ?? evaluateProject(req.project, req.knowledge);
  const blockers = quoteDocumentBlockers(evaluation);
  if (blockers.length > 0) return fail(blockers);
  const input: DocumentInput = {
    project: req.project, evaluation, knowledge: req.knowledge, templates: req.templates, lang: req.lang, date: req.date,
    ...(req.panelPricesOnly ? { panelPricesOnly: true } : {}),
    ...(req.unitPriceIncVat ? { unitPriceIncVat: true } : {}),
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(req.date)) {
    return fail([{ code: 'export.date', severity: 'error', path: 'date', value: req.date, message: { zh: `日期须为 YYYY-MM-DD：${req.date}`, en: `The date must be YYYY-MM-DD: ${req.date}` } }]);
  }
  const wanted = new Set(req.only ?? DOCUMENT_KINDS);
  const pdfWanted = wanted.has('quotePdf') || wanted.has('calculationReportPdf');
  if (pdfWanted) {
    const typed = checkGlyphCoverage(userTextFields(req.project), fonts.coverage);
    if (typed.length > 0) return fail(typed);
  }
  const id = quoteIdentity(input);
  const warnings: Problem[] = [...draftNote(input, id.status)];
  const files: ExportedFile[] = [];
  const pageNumbers = (leftText: string) => ({ lang: req.lang, leftText });

  if (wanted.has('internalBom')) files.push({ kind: 'internalBom', name: fileName(id.number, 'internalBom'), mediaType: XLSX, bytes: await writeWorkbook(internalWorkbook(input)) });
  if (wanted.has('customerQuoteXlsx')) files.push({ kind: 'customerQuoteXlsx', name: fileName(id.number, 'customerQuoteXlsx'), mediaType: XLSX, bytes: await writeWorkbook(customerWorkbook(input)) });
  if (wanted.has('quotePdf')) {
    const doc = quoteDocument(input);
    const missing = checkGlyphCoverage(prefixed('quote.pdf', quoteDocumentTexts(doc)), fonts.coverage);
    if (missing.length > 0) return fail(missing);
    const options = { fonts, ...(doc.watermark ? { watermark: doc.watermark } : {}), pageNumbers: pageNumbers(doc.footerText) };
    // One pass: pdfmake lays the body out before the page headers, so each header (column headings,
    // "（续）" title) reads from the laid-out rows which panel its page starts in.
    const bytes = await renderPdf(quoteDefinition(doc), options);
    files.push({ kind: 'quotePdf', name: fileName(id.number, 'quotePdf'), mediaType: PDF, bytes });
  }
  if (wanted.has('calculationReportPdf')) {
    const doc = reportDocument(input);
    const missing = checkGlyphCoverage(prefixed('calculation-report.pdf', reportDocumentTexts(doc)), fonts.coverage);
    if (missing.length > 0) return fail(missing);
    const bytes = await renderPdf(reportDefinition(doc), { fonts, pageNumbers: pageNumbers(doc.footerText) });
    files.push({ kind: 'calculationReportPdf', name: fileName(id.number, 'calculationReportPdf'), mediaType: PDF, bytes });
  }
  return ok(files, warnings);
}
