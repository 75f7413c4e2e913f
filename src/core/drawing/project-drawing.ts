import type { Catalog } from '../catalog/schema.ts';
import { quoteNumberBase } from '../export/export-input.ts';
import type { ProjectEvaluation } from '../pipeline.ts';
import type { ProjectFile } from '../project/schema.ts';
import type { QuoteState } from '../quote/schema.ts';
import type { Lang } from '../text.ts';
import { buildDrawing } from './model.ts';
import type { DrawingState } from './state.ts';
import type { DrawingTemplate } from './template.ts';
import type { Drawing } from './types.ts';

export interface ProjectDrawingArgs {
  project: ProjectFile;
  evaluation: ProjectEvaluation;
  template: DrawingTemplate;
  company: { zh: string; en: string };
  lang: Lang;
  /** The date printed in the title block (the edge puts in today). */
  date: string;
  /** The catalog: a breaker an engineer swapped in the BOM is drawn with the swapped item's rating. */
  catalog?: Pick<Catalog, 'byCode'>;
}

/** A breaker item's rated current from the catalog (undefined for codes that are not breakers). */
const breakerRating = (catalog: Pick<Catalog, 'byCode'>) => (code: string) => {
  const item = catalog.byCode.get(code);
  return item?.family === 'breaker' ? item.ratedCurrentA : undefined;
};

export const drawingStateOf = (project: ProjectFile): DrawingState => project.drawing ?? { revisions: [] };

export function drawingNumberOf(project: ProjectFile, template: DrawingTemplate): string {
  // The quote number without its letter (typed, or the readable default the quote documents print).
  return template.drawingNumber.replace('{project}', quoteNumberBase(project));
}

/** The latest issued quote revision letter, or null when none is issued. */
export function latestQuoteRevision(project: ProjectFile): string | null {
  const revs = (project.quote as QuoteState | undefined)?.revisions ?? [];
  return revs.length ? (revs[revs.length - 1] as { letter: string }).letter : null;
}

/** The drawing of a project whose evaluation reached a configuration and its BOM; null otherwise (its problems say why). */
export function projectDrawing(a: ProjectDrawingArgs): Drawing | null {
  const configuration = a.evaluation.sizing.configuration;
  const bom = a.evaluation.bom;
  if (!configuration || !a.evaluation.sizing.ok || !bom) return null;
  const state = drawingStateOf(a.project);
  const latest = state.revisions[state.revisions.length - 1];
  return buildDrawing({
    configuration,
    bom,
    ...(a.evaluation.ruleBom ? { ruleBom: a.evaluation.ruleBom } : {}),
    ...(a.catalog ? { ratingOf: breakerRating(a.catalog) } : {}),
    requirements: a.project.requirements,
    template: a.template,
    lang: a.lang,
    company: a.company[a.lang],
    title: { project: a.project.meta.name, drawingNumber: drawingNumberOf(a.project, a.template), revision: latest?.letter ?? 'A', date: latest?.date ?? a.date, signatures: state.signatures },
    revisions: state.revisions.map((r) => ({ letter: r.letter, date: r.date, description: r.description, quoteRevision: r.quoteRevision })),
  });
}
