import type { Lang } from '../core/text.ts';
import type { TenderTable } from '../core/tender/tables.ts';
import { browserFontSet } from './pdf/browser-fonts.ts';
import { tenderDocuments } from './tender-documents.ts';

/**
 * Browser entry for the technical-bid tables (issue #15); import it only dynamically, from the 技术标
 * screen's export action, so exceljs, pdfmake and the fonts never weigh on the first load. The tables
 * come from the same core path as `dcq tender` (src/core/tender/bid.ts) and the same writers render them.
 */
export interface TenderDownload {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

const MEDIA: Record<string, string> = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' };

export async function tenderDownloads(tables: readonly TenderTable[], lang: Lang, date: Date, options: { fontBase?: string } = {}): Promise<TenderDownload[]> {
  const files = await tenderDocuments(tables, browserFontSet(options.fontBase), lang, date);
  return files.map((f) => ({ ...f, mediaType: MEDIA[f.name.split('.').pop() ?? ''] ?? 'application/octet-stream' }));
}
