import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPROVAL_KEY_FILE, loadTemplates, type Templates } from '../core/export/templates.ts';
import type { TextSource } from '../core/knowledge.ts';
import { fail, type Result } from '../core/problems.ts';
import { exportDocuments as exportWith, type ExportedFile, type ExportRequest } from './documents.ts';
import { nodeFontSet } from './pdf/node-fonts.ts';
import { DEFAULT_TEMPLATES_DIR } from '../node/paths.ts';

/**
 * Node entry (CLI, tests, bench): templates read from a folder, PDFs with the full font (30,789
 * characters, so names outside GB2312 print).
 */
export { DEFAULT_TEMPLATES_DIR };

/** The *.yaml and *.svg files of a template folder, and the approval public-key file, as {path, text} sources. Throws on I/O errors. */
export function readTemplateSources(dir: string = DEFAULT_TEMPLATES_DIR): TextSource[] {
  return readdirSync(dir)
    .filter((n) => /\.(ya?ml|svg)$/i.test(n) || n === APPROVAL_KEY_FILE)
    .sort()
    .map((n) => ({ path: `templates/${n}`, text: readFileSync(join(dir, n), 'utf8') }));
}

export function readTemplates(dir: string = DEFAULT_TEMPLATES_DIR): Result<Templates> {
  let sources: TextSource[];
  try {
    sources = readTemplateSources(dir);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail([{ code: 'template.io', severity: 'error', path: '', location: { file: dir }, message: { zh: `无法读取模板目录：${dir}（${err.code ?? err.message}）`, en: `cannot read the templates folder: ${dir} (${err.code ?? err.message})` } }]);
  }
  return loadTemplates(sources);
}

export async function exportDocuments(req: ExportRequest): Promise<Result<ExportedFile[]>> {
  return exportWith(req, nodeFontSet());
}

export type { ExportedFile, ExportRequest };
export { DOCUMENT_KINDS, fileName, type DocumentKind } from './documents.ts';
