import { specText } from '../bom/model.ts';
import { brandName, findItem } from '../catalog/query.ts';
import { Money, roundToFen, sumMoney } from '../money.ts';
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
  /** Adds a 含税单价 (unit price incl. VAT) column to the customer quote; amounts stay ex VAT. */
  unitPriceIncVat?: boolean;
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

/** The spec in the document's language: the catalog's Chinese spec (specZh) in a Chinese document when it has one. */
export function lineSpec(line: Pick<PricedLine, 'code' | 'spec' | 'nonCatalog' | 'unit'> & { quantity?: string; groups?: PricedLine['groups'] }, knowledge: Knowledge, lang: Lang): string {
  let spec = line.spec;
  if (lang === 'zh' && line.code && !line.nonCatalog) {
    const item = findItem(knowledge.catalog, line.code);
    if (item?.specZh) spec = item.specZh;
  }
  // A battery line states its groups: "…；2 组 × 104 只", or which group of them it is (issue 10 item 7).
  return specText({ spec, unit: line.unit, ...(line.quantity !== undefined ? { quantity: line.quantity } : {}), ...(line.groups ? { groups: line.groups } : {}) }, lang);
}

/**
 * A panel's title as the customer reads it: sub feeder panels carry the names the customer gave them in
 * the requirements (the calculation book uses the same names) when there is one BOM panel per named sub panel.
 */
export function customerPanelTitle(panel: { id: string; kind: string; index: number; name: { zh: string; en: string } }, project: ProjectFile, priced: PricedQuote, lang: Lang): string {
  if (panel.kind === 'subFeederPanel') {
    const named = project.requirements.feeders?.subPanels ?? [];
    const subs = priced.panels.filter((p) => p.kind === 'subFeederPanel');
    const i = subs.findIndex((p) => p.id === panel.id);
    const name = named[i]?.name;
    if (subs.length === named.length && name && name.trim() !== '') return name.trim();
  }
  return panelTitle(panel, lang);
}

/** Sundry kinds that are per-panel fitting material: folded into the cabinet line of the customer quote. */
export const PANEL_PART_KINDS = ['terminals', 'wiring', 'labels', 'mounting'] as const;
export type PanelPartKind = (typeof PANEL_PART_KINDS)[number];
const isPanelPartKind = (k: string): k is PanelPartKind => (PANEL_PART_KINDS as readonly string[]).includes(k);

/** One line of a customer document (quote PDF and customer workbook). */
export interface CustomerLine {
  name: string;
  code?: string;
  spec: string;
  brand: string;
  unit: string;
  quantity: Money;
  /** Unit price ex VAT as quoted. */
  unitPrice: Money;
  /** Amount ex VAT; ROUND(quantity × unitPrice, 2) when `exact`. */
  amount: Money;
  exact: boolean;
  /** Per-panel parts (terminals, wiring, labels, mounting) whose price this cabinet line includes. */
  includesPanelParts: boolean;
  /** Which kinds of them, in PANEL_PART_KINDS order: the line says what it includes (a rack has no wiring). */
  panelParts: PanelPartKind[];
  /** How many priced lines were merged into this one (identical item and price). */
  mergedFrom: number;
}

export interface CustomerGroup {
  panel: PricedQuote['panels'][number];
  title: string;
  lines: CustomerLine[];
}

/**
 * The lines of each panel as a customer reads them, generic over the priced lines:
 *  - per-panel fitting parts (sundries: terminals, wiring, labels, mounting) are folded into the panel's
 *    cabinet line (its amount grows by theirs; the internal BOM keeps them as lines);
 *  - identical lines (same code, spec, brand, unit and unit price) are one line with the summed quantity.
 * Amounts are sums of the core's line amounts, so every panel still totals to its subtotal to the fen.
 */
export function customerGroups(input: Pick<DocumentInput, 'project' | 'evaluation' | 'knowledge' | 'lang'>): CustomerGroup[] {
  const { knowledge, lang, project } = input;
  const priced = requirePriced(input.evaluation);
  const familyOf = (l: PricedLine) => (l.code && !l.nonCatalog ? findItem(knowledge.catalog, l.code) : undefined);
  return linesByPanel(priced).map(({ panel, lines }) => {
    const items = lines.map((l) => ({ l, item: familyOf(l) }));
    // The enclosure the parts go with: a panel's one cabinet, or a battery group's racks (4 racks carry 4 lots of
    // labels and mounting). With several enclosures only parts of the same count fold, so the unit price stays
    // the sum of unit prices and the line still reads quantity × unit price to the fen.
    const cabinet = items.find((x) => x.item?.family === 'cabinet');
    const cabinetQuantity = cabinet ? new Money(cabinet.l.quantity) : undefined;
    const isPanelPart = (x: (typeof items)[number]) => x.item?.family === 'sundry' && 'kind' in x.item && isPanelPartKind(String(x.item.kind));
    const folded = cabinet && cabinetQuantity ? items.filter((x) => isPanelPart(x) && (cabinetQuantity.eq(1) || new Money(x.l.quantity).eq(cabinetQuantity))) : [];
    const foldedIds = new Set(folded.map((x) => x.l.lineId));
    const foldedKinds = new Set(folded.map((x) => String(x.item && 'kind' in x.item ? x.item.kind : '')));
    const panelParts = PANEL_PART_KINDS.filter((k) => foldedKinds.has(k));
    const out: (CustomerLine & { key: string })[] = [];
    for (const { l } of items) {
      if (foldedIds.has(l.lineId)) continue;
      const quantity = new Money(l.quantity);
      const spec = lineSpec(l, knowledge, lang);
      const brand = lineBrand(l, knowledge, lang);
      const unit = lineUnit(l, lang);
      if (cabinet && l.lineId === cabinet.l.lineId && folded.length > 0) {
        const amount = sumMoney([l.amountExVat, ...folded.map((x) => x.l.amountExVat)]);
        // One cabinet: its line's price is the whole amount. Several racks: parts of the same count fold per rack.
        const unitPrice = quantity.eq(1) ? amount : sumMoney([l.unitPrice, ...folded.map((x) => x.l.unitPrice)]);
        const exact = roundToFen(quantity.times(unitPrice)).eq(amount);
        out.push({ key: `cabinet:${l.lineId}`, name: l.name[lang], ...(l.code ? { code: l.code } : {}), spec, brand, unit, quantity, unitPrice, amount, exact, includesPanelParts: true, panelParts, mergedFrom: 1 });
        continue;
      }
      const key = l.code && !l.nonCatalog ? [l.code, spec, brand, unit, l.unitPrice.toFixed()].join('\u0000') : `line:${l.lineId}`;
      const same = out.find((x) => x.key === key);
      if (same) {
        same.quantity = same.quantity.plus(quantity);
        same.amount = same.amount.plus(l.amountExVat);
        same.exact = roundToFen(same.quantity.times(same.unitPrice)).eq(same.amount);
        same.mergedFrom += 1;
        continue;
      }
      out.push({ key, name: l.name[lang], ...(l.code ? { code: l.code } : {}), spec, brand, unit, quantity, unitPrice: l.unitPrice, amount: l.amountExVat, exact: roundToFen(quantity.times(l.unitPrice)).eq(l.amountExVat), includesPanelParts: false, panelParts: [], mergedFrom: 1 });
    }
    return { panel, title: customerPanelTitle(panel, project, priced, lang), lines: out.map(({ key: _key, ...rest }) => rest) };
  });
}
