import type { Knowledge } from '../../core/knowledge.ts';
import type { ProjectFile } from '../../core/project/schema.ts';
import { todayInChina } from '../../core/quote/dates.ts';
import { tenderBid, type TenderBid } from '../../core/tender/bid.ts';
import type { EvaluatedConfiguration } from '../../core/tender/tender.ts';
import { requirementsOfState } from '../../core/tender/review.ts';
import type { Lang } from '../../core/text.ts';
import type { TenderDownload } from '../../export/tender-browser.ts';
import type { AppState } from '../store/index.ts';

/**
 * The technical-bid tables (issue #15) as both app screens that export them make them — the 技术标 screen and
 * the 导出 screen: one path, tenderBid (src/core/tender/bid.ts) as `dcq tender` takes it, dated with the day in
 * China as the CLI dates them, so the same project, requirements and day give the same files.
 */

/** Whether this session may make documents: locally always; on the team server only with the export permission. */
export const selectMayExport = (s: Pick<AppState, 'mode' | 'serverUser'>): boolean => s.mode !== 'server' || (s.serverUser?.permissions ?? []).includes('export');

/**
 * The project's technical bid at the instant `now`: null when the project keeps no tender requirements
 * (they are imported on the 技术标 screen) or the rules carry no parameter vocabulary.
 */
export function appTenderBid(input: { project: ProjectFile; knowledge: Knowledge; evaluation: EvaluatedConfiguration; lang: Lang; now: Date }): TenderBid | null {
  const { project, knowledge, evaluation, lang, now } = input;
  const stored = project.quote?.tender;
  const requirements = requirementsOfState(stored);
  if (requirements.length === 0 || !knowledge.tenderVocabulary) return null;
  return tenderBid({ meta: project.meta, evaluation, catalog: knowledge.catalog, vocabulary: knowledge.tenderVocabulary, requirements, stored, date: todayInChina(now), lang });
}

/** The six files (three tables, .xlsx and PDF); the writers, pdfmake and the fonts load only now. */
export async function appTenderFiles(bid: TenderBid, lang: Lang, now: Date): Promise<TenderDownload[]> {
  const { tenderDownloads } = await import('../../export/tender-browser.ts');
  return tenderDownloads(bid.tables, lang, now);
}
