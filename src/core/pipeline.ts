import { applyEdits, buildBom, type Bom, type Deviation, type DroppedEdit } from './bom/index.ts';
import type { Knowledge } from './knowledge.ts';
import { limitProblem } from './limits.ts';
import { price, type PricedQuote } from './pricing/price.ts';
import type { Problem } from './problems.ts';
import type { ProjectFile } from './project/schema.ts';
import { evaluateQuote, type QuoteCheck, type QuoteContext, type QuoteEvaluation } from './quote/approval.ts';
import { coveredMetaOf, coveredSizingOf } from './quote/covered.ts';
import { quoteIntegrityProblems } from './quote/verify.ts';
import { emptyQuoteState, type QuoteState } from './quote/schema.ts';
import { checkSignedApprovals, signedReleaseBlocker, type SigningCheck } from './signing/approval-signature.ts';
import { size, type SizingResult } from './sizing/index.ts';
import { tenderReviewProblems } from './tender/review.ts';

/**
 * The whole flow for one project, as a pure function: size → rule-built BOM → the engineer's edits →
 * price → approval status. The app, the CLI and the exports all call this, so they cannot disagree.
 * Each stage runs only when the one before it produced something; every problem is collected.
 */
export interface ProjectEvaluation {
  sizing: SizingResult;
  ruleBom: Bom | null;
  bom: Bom | null;
  deviations: Deviation[];
  droppedEdits: DroppedEdit[];
  priced: PricedQuote | null;
  /** The quote section as it counts: with "approvals must be signed" on, only verified signed approvals. */
  quoteState: QuoteState;
  quote: QuoteEvaluation | null;
  /** With "approvals must be signed" on (context.signing.required): what verified and what did not. */
  signing: SigningCheck | null;
  /** What the content hash covers besides the priced quote (meta and calculation-book results). */
  covered: QuoteCheck['covered'];
  context: QuoteContext;
  /** Negative tender deviations nobody acknowledged (issue #15): each blocks a final quote. */
  tenderBlockers: Problem[];
  /** Everything found, in flow order; errors stop the stages after them. */
  problems: Problem[];
}

export function quoteStateOf(project: ProjectFile): QuoteState {
  return (project.quote as QuoteState | undefined) ?? emptyQuoteState();
}

/**
 * `context` carries what only the edge knows (the clock, the quote date); without it approvals are not
 * checked against the clock and the validity date not against the quote date.
 */
export function evaluateProject(project: ProjectFile, knowledge: Knowledge, edgeContext: QuoteContext = {}): ProjectEvaluation {
  return evaluateWith(project, knowledge, edgeContext, price);
}

/** What the pricing stage is given; `price` itself, or the memo of `createProjectEvaluator`. */
type PriceStage = (bom: Bom, catalog: Knowledge['catalog'], rules: Knowledge['pricingRules'], settings: QuoteState['settings']) => ReturnType<typeof price>;

/**
 * `evaluateProject` for an editor that evaluates one project again and again (the app, at every edit):
 * the same result, but the pricing stage (a third of the time on a 200-load project) is reused when the
 * BOM after the edits, the pricing settings and the knowledge are the same as last time, which is
 * what most edits of loads, names and terms leave alone. The BOM is plain data (its zod schema), so
 * equal JSON text means equal input to the pure `price`. tests/pipeline/evaluator-memo.test.ts checks
 * the results equal `evaluateProject`'s over random edit sequences.
 */
export function createProjectEvaluator(): (project: ProjectFile, knowledge: Knowledge, edgeContext?: QuoteContext) => ProjectEvaluation {
  let last: { catalog: Knowledge['catalog']; rules: Knowledge['pricingRules']; settingsKey: string; bomKey: string; result: ReturnType<typeof price> } | null = null;
  const memoPrice: PriceStage = (bom, catalog, rules, settings) => {
    const bomKey = JSON.stringify(bom);
    const settingsKey = JSON.stringify(settings);
    if (last && last.catalog === catalog && last.rules === rules && last.bomKey === bomKey && last.settingsKey === settingsKey) return last.result;
    const result = price(bom, catalog, rules, settings);
    last = { catalog, rules, settingsKey, bomKey, result };
    return result;
  };
  return (project, knowledge, edgeContext = {}) => lazyEvaluation(project, knowledge, edgeContext, memoPrice);
}

/** Every member of a ProjectEvaluation, in the order `evaluateProject` gives them. */
const EVALUATION_KEYS = ['covered', 'context', 'sizing', 'ruleBom', 'bom', 'deviations', 'droppedEdits', 'priced', 'quoteState', 'quote', 'signing', 'tenderBlockers', 'problems'] as const satisfies readonly (keyof ProjectEvaluation)[];

/**
 * The editor's evaluation, paid for as it is read (issue #16: an edit of a 200-load project inside one
 * frame). The sizing runs at once without its trace (batch mode: the same configuration, problems and
 * load statistics, tests/sizing/golden-results.test.ts), which is all the requirements screen shows;
 * the trace (a second, traced sizing) and everything after the sizing (content hash, BOM, pricing,
 * approval) are computed the first time a screen reads them, once per evaluation, by the same
 * `evaluateWith` as `evaluateProject`. The members are enumerable getters, so the object reads, spreads,
 * clones and compares like the eager one (tests/pipeline/evaluator-memo.test.ts).
 */
function lazyEvaluation(project: ProjectFile, knowledge: Knowledge, edgeContext: QuoteContext, price: PriceStage): ProjectEvaluation {
  const sizing = lazilyTracedSizing(project.requirements, knowledge);
  let full: ProjectEvaluation | undefined;
  const rest = () => (full ??= evaluateWith(project, knowledge, edgeContext, price, sizing));
  const out = {} as ProjectEvaluation;
  for (const key of EVALUATION_KEYS) {
    if (key === 'sizing') out.sizing = sizing;
    else Object.defineProperty(out, key, { enumerable: true, configurable: true, get: () => rest()[key] });
  }
  return out;
}

/** `size()` in batch mode now; the trace and the unconfirmed ids (from a traced sizing) when first read. */
function lazilyTracedSizing(requirements: ProjectFile['requirements'], knowledge: Knowledge): SizingResult {
  const quick = size(requirements, knowledge.catalog, knowledge.sizingRules, { trace: false });
  let traced: SizingResult | undefined;
  const full = () => (traced ??= size(requirements, knowledge.catalog, knowledge.sizingRules));
  return {
    ok: quick.ok,
    configuration: quick.configuration,
    get trace() {
      return full().trace;
    },
    problems: quick.problems,
    loadStatistics: quick.loadStatistics,
    get unconfirmed() {
      return full().unconfirmed;
    },
    batteryCheck: quick.batteryCheck,
  };
}

function evaluateWith(project: ProjectFile, knowledge: Knowledge, edgeContext: QuoteContext, price: PriceStage, sized?: SizingResult): ProjectEvaluation {
  const context: QuoteContext = { maxDeliveryDays: knowledge.limits.terms.maxDeliveryDays, ...edgeContext };
  const stored = quoteStateOf(project);
  // "Approvals must be signed": only approvals a verified server signature vouches for count.
  const signing = context.signing?.required ? checkSignedApprovals(stored, context.signing, project.id) : null;
  const quoteState = signing ? signing.state : stored;
  const sizing = sized ?? size(project.requirements, knowledge.catalog, knowledge.sizingRules);
  const covered = { meta: coveredMetaOf(project), sizing: coveredSizingOf(sizing) };
  const base: ProjectEvaluation = {
    covered,
    context,
    sizing,
    ruleBom: null,
    bom: null,
    deviations: [],
    droppedEdits: [],
    priced: null,
    quoteState,
    quote: null,
    signing,
    tenderBlockers: [],
    // Opening a project verifies every issued revision and approval record: what fails is shown, the
    // project still opens, and evaluateQuote keeps anything from being final.
    problems: [...quoteIntegrityProblems(stored, context.now), ...(signing?.problems ?? []), ...sizing.problems],
  };
  if (!sizing.ok || !sizing.configuration) return base;

  const built = buildBom(sizing.configuration, knowledge.catalog, knowledge.bomRules);
  if (!built.ok) return { ...base, problems: [...base.problems, ...built.problems] };
  const edited = applyEdits(built.value, quoteState.edits, knowledge.catalog);
  const withBom: ProjectEvaluation = {
    ...base,
    ruleBom: built.value,
    bom: edited.bom,
    deviations: edited.deviations,
    droppedEdits: edited.dropped,
    problems: [...base.problems, ...built.warnings, ...edited.dropped.map(droppedProblem)],
  };

  const lineCount = edited.bom.lines.length;
  if (lineCount > knowledge.limits.project.maxLines) {
    return { ...withBom, problems: [...withBom.problems, limitProblem('input.tooManyLines', 'quote.edits', { zh: '报价行数', en: 'The number of quote lines' }, lineCount, knowledge.limits.project.maxLines)] };
  }
  const priced = price(edited.bom, knowledge.catalog, knowledge.pricingRules, quoteState.settings);
  if (!priced.ok) return { ...withBom, problems: [...withBom.problems, ...priced.problems] };
  const tenderBlockers = tenderReviewProblems(quoteState, { bom: edited.bom, sizing }, knowledge.catalog, knowledge.tenderVocabulary);
  const check: QuoteCheck = { state: quoteState, priced: priced.value, rules: knowledge.pricingRules.approval, droppedEdits: edited.dropped, covered, context, tenderBlockers };
  return {
    ...withBom,
    tenderBlockers,
    priced: priced.value,
    quote: signing ? withSignedRelease(evaluateQuote(check), signing) : evaluateQuote(check),
    problems: [...withBom.problems, ...priced.warnings, ...priced.value.problems],
  };
}

/** Under "approvals must be signed" nothing is final without the server's signed release of this content. */
function withSignedRelease(quote: QuoteEvaluation, signing: SigningCheck): QuoteEvaluation {
  const blocker = signedReleaseBlocker(signing, quote.contentHash);
  if (!blocker) return quote;
  return { ...quote, approved: false, canIssueFinal: false, blockers: [...quote.blockers, blocker] };
}

/** The approval/revision functions take this; built from an evaluation that reached pricing. */
export function quoteCheckOf(evaluation: ProjectEvaluation, knowledge: Knowledge): QuoteCheck | null {
  return evaluation.priced ? { state: evaluation.quoteState, priced: evaluation.priced, rules: knowledge.pricingRules.approval, droppedEdits: evaluation.droppedEdits, covered: evaluation.covered, context: evaluation.context, tenderBlockers: evaluation.tenderBlockers } : null;
}

/** A swap or added line naming a code the catalog does not have is an error; other unapplied edits warn (both block a final quote). */
const UNKNOWN_CODE = new Set(['edit.itemNotInCatalog', 'edit.manualItemNotInCatalog']);

function droppedProblem(d: DroppedEdit): Problem {
  return { code: 'bom.editDropped', severity: UNKNOWN_CODE.has(d.code) ? 'error' : 'warning', path: `quote.edits[${d.index}]`, value: d.code, message: d.reason };
}
