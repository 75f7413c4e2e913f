import companyYaml from '../../templates/company.yaml?raw';
import logoSvg from '../../templates/logo.svg?raw';
import quoteEn from '../../templates/quote.en.yaml?raw';
import quoteZh from '../../templates/quote.zh.yaml?raw';
import reportEn from '../../templates/report.en.yaml?raw';
import reportZh from '../../templates/report.zh.yaml?raw';
import { loadTemplates, type Templates } from '../core/export/templates.ts';
import { APPROVAL_KEY_SOURCE } from './bundled-signing.ts';
import type { Result } from '../core/problems.ts';
import { exportDocuments as exportWith, type ExportedFile, type ExportRequest } from './documents.ts';
import { browserFontSet } from './pdf/browser-fonts.ts';

/**
 * Browser entry for the app. Import it only dynamically, from the export action:
 *
 *   const { exportDocuments } = await import('../export/browser.ts');
 *   const r = await exportDocuments({ project, knowledge, lang: 'zh', date: '2026-11-24', evaluation });
 *   if (r.ok) r.value.forEach((f) => download(f.name, f.mediaType, f.bytes)); // r.warnings: missing glyphs, draft
 *
 * exceljs, pdfmake and the WOFF2 fonts are loaded through this module only, so none weighs on the first
 * load. The templates are bundled from templates/ at build time (Vite `?raw`); PDFs use the GB2312 subset
 * font, and characters outside it come back as warnings (export from the CLI to print them).
 */
export const TEMPLATE_SOURCES = [
  { path: 'templates/company.yaml', text: companyYaml },
  { path: 'templates/logo.svg', text: logoSvg },
  { path: 'templates/quote.zh.yaml', text: quoteZh },
  { path: 'templates/quote.en.yaml', text: quoteEn },
  { path: 'templates/report.zh.yaml', text: reportZh },
  { path: 'templates/report.en.yaml', text: reportEn },
  APPROVAL_KEY_SOURCE,
];

let bundled: Result<Templates> | undefined;

export function bundledTemplates(): Result<Templates> {
  bundled ??= loadTemplates(TEMPLATE_SOURCES);
  return bundled;
}

export type BrowserExportRequest = Omit<ExportRequest, 'templates'> & { templates?: Templates };

/** `fontBase`: base URL for the font files (defaults to location.href). */
export async function exportDocuments(req: BrowserExportRequest, options: { fontBase?: string } = {}): Promise<Result<ExportedFile[]>> {
  let templates = req.templates;
  if (!templates) {
    const t = bundledTemplates();
    if (!t.ok) return t;
    templates = t.value;
  }
  return exportWith({ ...req, templates }, browserFontSet(options.fontBase));
}

export type { ExportedFile, ExportRequest };
export { DOCUMENT_KINDS, fileName, type DocumentKind } from './documents.ts';
