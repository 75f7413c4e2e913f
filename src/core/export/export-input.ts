import { brandName } from '../catalog/query.ts';
import { unitLabels } from '../catalog/labels.ts';
import type { Knowledge } from '../knowledge.ts';
import { quoteCheckOf, type ProjectEvaluation } from '../pipeline.ts';
import type { PricedLine, PricedQuote } from '../pricing/price.ts';
import type { Problem } from '../problems.ts';
import type { ProjectFile } from '../project/schema.ts';
import { customerDocumentStatus } from '../quote/approval.ts';
import { revisionLetter } from '../quote/revisions.ts';
import type { Lang } from '../text.ts';
import type { Templates } from './templates.ts';

/** Everything a document builder needs. The date is passed in: the core reads no clock. */
export interface DocumentInput {
  project: ProjectFile;
  evaluation: ProjectEvaluation;
  knowledge: Knowledge;
  templates: Templates;
  lang: Lang;
  /** Document date, YYYY-MM-DD. */
  date: string;
  /** Scope-of-supply quote: component lines without prices, only panel prices. */
  panelPricesOnly?: boolean;
}

export interface QuoteIdentity {
  /** e.g. "Q20261124-E9BD42-A", or the typed quote number plus the revision letter. */
  number: string;
  /** The revision letter; for a working quote that differs from every issued revision, the next letter. */
  letter: string;
  /** The content is exactly an issued revision. */
  issued: boolean;
  /** 'draft' unless a final customer document may be issued (terms complete, pricing clean, approved). */
  status: 'final' | 'draft';
}

/** Problems that keep the quote documents from being made (the project could not be sized or priced). */
export function quoteDocumentBlockers(evaluation: ProjectEvaluation): Problem[] {
  if (evaluation.priced && evaluation.quote) return [];
  const errors = evaluation.problems.filter((p) => p.severity === 'error');
  return errors.length > 0
    ? errors
    : [{ code: 'export.notPriced', severity: 'error', path: '', message: { zh: '项目未能完成选型和报价，无法导出报价文件', en: 'The project could not be sized and priced; the quote documents cannot be made' } }];
}

export function requirePriced(evaluation: ProjectEvaluation): PricedQuote {
  if (!evaluation.priced || !evaluation.quote) throw new Error('the builders need a priced evaluation (check quoteDocumentBlockers first)');
  return evaluation.priced;
}

export function quoteIdentity(input: Pick<DocumentInput, 'project' | 'evaluation'>): QuoteIdentity {
  const { project, evaluation } = input;
  const quote = evaluation.quote;
  if (!evaluation.priced || !quote) throw new Error('quoteIdentity needs a priced evaluation');
  const revisions = evaluation.quoteState.revisions;
  const same = revisions.find((r) => r.letter === quote.issuedRevision);
  const letter = same ? same.letter : revisionLetter(revisions.length);
  // The pipeline's quote evaluation is evaluateQuote(quoteCheckOf(evaluation)): its canIssueFinal is exactly
  // what customerDocumentStatus(check) answers, without hashing the priced content again for every document.
  const status: QuoteIdentity['status'] = quote.canIssueFinal ? 'final' : 'draft';
  return { number: `${quoteNumberBase(project)}-${letter}`, letter, issued: same !== undefined, status };
}

/**
 * The quote number without its revision letter: the one typed into the project, or Q + the project's
 * creation date + the first six characters of its id (e.g. Q20261124-E9BD42), short enough to read out
 * on the phone and stable for the life of the project.
 */
export function quoteNumberBase(project: DocumentInput['project']): string {
  const typed = project.meta.quoteNo?.trim();
  if (typed) return typed;
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(project.meta.createdAt ?? '');
  const alnum = project.id.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  // Short ids (the samples', hand-made ones) are kept whole; generated UUIDs are cut to six characters.
  const idPart = alnum.length <= 12 ? alnum : alnum.slice(0, 6);
  return `Q${date ? `${date[1]}${date[2]}${date[3]}-` : '-'}${idPart}`;
}

/** customerDocumentStatus, asked of the approval module directly (tests prove it agrees with quoteIdentity). */
export function documentStatusOf(input: Pick<DocumentInput, 'evaluation' | 'knowledge'>): 'final' | 'draft' {
  const check = quoteCheckOf(input.evaluation, input.knowledge);
  if (!check) throw new Error('documentStatusOf needs a priced evaluation');
  return customerDocumentStatus(check);
}

/** Lines of each panel in panel order; panels without lines are left out. */
export function linesByPanel(priced: PricedQuote): { panel: PricedQuote['panels'][number]; lines: PricedLine[] }[] {
  return priced.panels.map((panel) => ({ panel, lines: priced.lines.filter((l) => l.panelId === panel.id) })).filter((g) => g.lines.length > 0);
}

export function lineBrand(line: PricedLine, knowledge: Knowledge, lang: Lang): string {
  return line.brand ? brandName(knowledge.catalog, line.brand, lang) : '';
}

export function lineUnit(line: PricedLine, lang: Lang): string {
  return unitLabels[line.unit][lang];
}

/** "Model / spec" as customers read it: catalog code, then the spec. */
export function lineModelSpec(line: PricedLine): string {
  return line.code ? `${line.code}\n${line.spec}` : line.spec;
}

/** The panel's name as the line-up names it (e.g. "充电屏 1"); panels are listed in line-up order. */
export function panelTitle(panel: { index: number; name: { zh: string; en: string } }, lang: Lang): string {
  return panel.name[lang];
}

/** The quantity as written: "1", "12.5". */
export function quantityText(q: string): string {
  return q;
}
