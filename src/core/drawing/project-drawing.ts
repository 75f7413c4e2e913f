import type { Catalog } from '../catalog/schema.ts';
import { quoteNumberBase } from '../export/export-input.ts';
import type { TextField } from '../format/glyph-coverage.ts';
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

/**
 * The typed texts only the drawing and the 图纸确认函 print (circuit names, contract number, names in the title
 * block, revision descriptions), labelled as the user sees them: checked against the PDF font before a PDF.
 */
export function drawingTextFields(project: ProjectFile): TextField[] {
  const out: TextField[] = [];
  const add = (path: string, text: string | undefined, label: { zh: string; en: string }) => {
    if (text) out.push({ path, text, label });
  };
  project.requirements.feeders.main.forEach((f, i) => f.names?.forEach((n, j) => add(`requirements.feeders.main[${i}].names[${j}]`, n, { zh: `馈线第 ${i + 1} 行：回路名称 ${j + 1}`, en: `Feeder row ${i + 1}: circuit name ${j + 1}` })));
  project.requirements.feeders.subPanels.forEach((s, i) =>
    s.feeders.forEach((f, k) => f.names?.forEach((n, j) => add(`requirements.feeders.subPanels[${i}].feeders[${k}].names[${j}]`, n, { zh: `分电屏第 ${i + 1} 行馈线第 ${k + 1} 行：回路名称 ${j + 1}`, en: `Sub panel row ${i + 1}, feeder row ${k + 1}: circuit name ${j + 1}` }))),
  );
  const state = drawingStateOf(project);
  add('drawing.contractNo', state.contractNo, { zh: '合同编号', en: 'Contract no.' });
  const roles = { drawn: { zh: '设计', en: 'Drawn' }, checked: { zh: '校核', en: 'Checked' }, reviewed: { zh: '审核', en: 'Reviewed' }, approved: { zh: '批准', en: 'Approved' } } as const;
  for (const [k, label] of Object.entries(roles)) add(`drawing.signatures.${k}`, state.signatures?.[k as keyof typeof roles], { zh: `图纸签名：${label.zh}`, en: `Drawing signature: ${label.en}` });
  state.revisions.forEach((r, i) => add(`drawing.revisions[${i}].description`, r.description, { zh: `图纸版本 ${r.letter}：修改说明`, en: `Drawing revision ${r.letter}: description` }));
  return out;
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
