import { Money } from '../money.ts';
import { fail, hasErrors, ok, type Problem, type Result } from '../problems.ts';
import type { LocalText } from '../text.ts';
import type { PricedQuote } from '../pricing/price.ts';
import type { DroppedEdit } from '../bom/edits.ts';
import { levelRank, type ApprovalLevel, type ApprovalRules } from '../pricing/rules.ts';
import { isCalendarDate, withoutSpaces } from './dates.ts';
import { coveredTenderOf } from './covered.ts';
import { contentHashUnder, HASH_SPEC_VERSION, type CoveredMeta, type CoveredSizing, type HashSubject } from './hash.ts';
import { approvalRecordSchema, type ApprovalRecord, type CommercialTerms, type QuoteState } from './schema.ts';
import { snapshotOf } from './snapshot.ts';
import { approvalRecordProblems, quoteIntegrityProblems, verifyQuoteState, verifyRevision } from './verify.ts';

/**
 * Price review (报价审批): which level must release the quote, the approval records bound to a hash of
 * the priced content, and whether a final customer document may be issued. Everything here is derived
 * from the state and the priced quote each time: an approval is valid exactly while the content it was
 * given on is unchanged, so any later priced change shows it as void.
 */

export const levelNames: Record<ApprovalLevel, LocalText> = {
  engineer: { zh: '售前工程师', en: 'presales engineer' },
  salesManager: { zh: '销售经理', en: 'sales manager' },
  director: { zh: '总监', en: 'director' },
  generalManager: { zh: '总经理', en: 'general manager' },
};

export interface RequiredApproval {
  level: ApprovalLevel;
  /** False when the engineer may issue the quote alone. */
  needsApproval: boolean;
  /** Gross margin (fraction, full precision) the level was read from; null when the price is zero. */
  grossMargin: Money | null;
  reasons: LocalText[];
}

function maxLevel(a: ApprovalLevel, b: ApprovalLevel): ApprovalLevel {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** The level the thresholds of rules/pricing/approval.yaml require for this priced quote. */
export function requiredApproval(priced: PricedQuote, rules: ApprovalRules): RequiredApproval {
  const margin = priced.totals.grossMargin;
  const reasons: LocalText[] = [];
  let level: ApprovalLevel;
  if (margin === null || margin.isNegative()) {
    level = rules.belowLowestLevel;
    reasons.push(
      margin === null
        ? { zh: '报价总额为零，毛利率无法计算', en: 'The quote total is zero, so there is no gross margin' }
        : { zh: '毛利为负', en: 'Negative gross margin' },
    );
  } else {
    const pct = margin.times(100);
    const hit = rules.thresholds.find((t) => pct.greaterThanOrEqualTo(t.minMarginPct));
    level = hit ? hit.level : rules.belowLowestLevel;
    // For the message only: cut (not rounded) to two places, so it never shows a threshold as reached that is not.
    const shown = pct.toDecimalPlaces(2, Money.ROUND_DOWN).toFixed(2);
    reasons.push(
      hit
        ? { zh: `毛利率 ${shown}% ≥ ${hit.minMarginPct}%`, en: `Gross margin ${shown} % ≥ ${hit.minMarginPct} %` }
        : { zh: `毛利率 ${shown}% 低于 ${rules.thresholds[rules.thresholds.length - 1]!.minMarginPct}%`, en: `Gross margin ${shown} % is below ${rules.thresholds[rules.thresholds.length - 1]!.minMarginPct} %` },
    );
  }
  // A margin above the ceiling, or a unit price far above list, is not a reason to wave a quote
  // through: someone must look at it (item 11 of issue 10; levels in rules/pricing/approval.yaml).
  if (rules.marginCeilingPct !== undefined && rules.marginCeilingLevel && margin !== null && margin.times(100).greaterThan(rules.marginCeilingPct)) {
    level = maxLevel(level, rules.marginCeilingLevel);
    reasons.push({ zh: `毛利率高于上限 ${rules.marginCeilingPct}%，请核对目标毛利率和成本`, en: `Gross margin above the ceiling of ${rules.marginCeilingPct} %: check the target margin and the costs` });
  }
  if (rules.aboveListPct !== undefined && rules.aboveListLevel) {
    const factor = new Money(1).plus(new Money(rules.aboveListPct).div(100));
    const above = new Set(priced.lines.filter((l) => l.listUnitPrice.greaterThan(0) && l.unitPrice.greaterThan(l.listUnitPrice.times(factor))).map((l) => l.code ?? l.name.en));
    if (above.size > 0) {
      level = maxLevel(level, rules.aboveListLevel);
      reasons.push({ zh: `${above.size} 种物料单价高于目录价 ${rules.aboveListPct}% 以上`, en: `${above.size} item(s) priced more than ${rules.aboveListPct} % above list` });
    }
  }
  const below = priced.lines.filter((l) => l.belowCost);
  if (below.length > 0) {
    level = maxLevel(level, rules.lineBelowCostLevel);
    reasons.push({ zh: `${below.length} 行售价低于成本`, en: `${below.length} line(s) priced below cost` });
  }
  return { level, needsApproval: level !== 'engineer', grossMargin: margin, reasons };
}

/** What the edge knows that the core does not: the clock, the quote date and the bounds in rules/limits. */
export interface QuoteContext {
  /** ISO date-time now (approvals dated later are not accepted). */
  now?: string;
  /** The quote date, YYYY-MM-DD (the validity date may not be before it). */
  quoteDate?: string;
  /** Longest delivery time accepted as a real term (rules/limits/input-limits.yaml). */
  maxDeliveryDays?: number;
}

/** Problems that keep the commercial terms from being complete (payment terms, delivery time, validity). */
export function termsProblems(terms: CommercialTerms, context: QuoteContext = {}): Problem[] {
  const out: Problem[] = [];
  const e = (code: string, field: string, zh: string, en: string, extra: Partial<Problem> = {}) =>
    out.push({ code, severity: 'error', path: `quote.terms.${field}`, message: { zh, en }, ...extra });
  if (withoutSpaces(terms.paymentTerms) === '') e('terms.paymentTermsMissing', 'paymentTerms', '请填写付款方式', 'Payment terms are missing');
  if (terms.deliveryDays === null) e('terms.deliveryDaysMissing', 'deliveryDays', '请填写交货期（天）', 'Delivery time (days) is missing');
  else if (context.maxDeliveryDays !== undefined && terms.deliveryDays > context.maxDeliveryDays) {
    e('terms.deliveryDaysTooLong', 'deliveryDays', `交货期 ${terms.deliveryDays} 天超过上限 ${context.maxDeliveryDays} 天`, `Delivery time ${terms.deliveryDays} days is above the limit of ${context.maxDeliveryDays} days`, { value: terms.deliveryDays, limit: context.maxDeliveryDays });
  }
  if (terms.validUntil === null) e('terms.validUntilMissing', 'validUntil', '请填写报价有效期', 'The validity date is missing');
  else if (!isCalendarDate(terms.validUntil)) e('terms.validUntilInvalid', 'validUntil', `报价有效期 ${terms.validUntil} 不是有效日期`, `The validity date ${terms.validUntil} is not a real date`, { value: terms.validUntil });
  else if (context.quoteDate !== undefined && terms.validUntil < context.quoteDate) {
    e('terms.validUntilBeforeQuoteDate', 'validUntil', `报价有效期 ${terms.validUntil} 早于报价日期 ${context.quoteDate}`, `The validity date ${terms.validUntil} is before the quote date ${context.quoteDate}`, { value: terms.validUntil, limit: context.quoteDate });
  }
  return out;
}

/** The hash an approval of the current working quote is bound to (under the given specification version). */
export function currentContentHash(check: Pick<QuoteCheck, 'state' | 'priced' | 'covered'>, version: number = HASH_SPEC_VERSION): string | null {
  return contentHashUnder(version, subjectOf(check));
}

/** Everything the content hash covers, for the working quote. */
export function subjectOf(check: Pick<QuoteCheck, 'state' | 'priced' | 'covered'>): HashSubject {
  return { snapshot: snapshotOf(check.priced), terms: check.state.terms, meta: check.covered.meta, sizing: check.covered.sizing, tender: coveredTenderOf(check.state) };
}

export interface QuoteCheck {
  state: QuoteState;
  /** The working quote priced now (BOM + edits + settings against the current catalog). */
  priced: PricedQuote;
  rules: ApprovalRules;
  /** The engineer's edits that could not be applied to the current BOM: each blocks a final quote. */
  droppedEdits?: readonly DroppedEdit[];
  /** The project meta and calculation-book results the content hash covers (src/core/quote/covered.ts). */
  covered: { meta: CoveredMeta; sizing: CoveredSizing };
  context?: QuoteContext;
  /** What keeps the tender answer from being final: negative deviations no reviewer has acknowledged (issue #15). */
  tenderBlockers?: readonly Problem[];
}

/** Hashes of the working quote per specification version, computed once per check. */
function hasher(check: QuoteCheck): (version: number) => string | null {
  const memo = new Map<number, string | null>();
  let subject: HashSubject | undefined;
  return (version) => {
    if (!memo.has(version)) {
      subject ??= subjectOf(check);
      memo.set(version, contentHashUnder(version, subject));
    }
    return memo.get(version) ?? null;
  };
}

/** Problems of the file's quote section that keep anything from being final: altered revisions, invalid approvals. */
export function integrityProblems(check: QuoteCheck): Problem[] {
  return quoteIntegrityProblems(check.state, check.context?.now);
}

export interface ApprovalRequest {
  requiredLevel: ApprovalLevel;
  contentHash: string;
  reasons: LocalText[];
}

/** Asks for review. Refused while the terms are incomplete or the pricing has errors. */
export function requestApproval(check: QuoteCheck): Result<ApprovalRequest> {
  const { state, priced, rules } = check;
  const problems = [...verifyQuoteState(state, check.context?.now), ...termsProblems(state.terms, check.context), ...priced.problems.filter((p) => p.severity === 'error')];
  if (hasErrors(problems)) return fail(problems);
  const req = requiredApproval(priced, rules);
  return ok({ requiredLevel: req.level, contentHash: currentContentHash(check) as string, reasons: req.reasons });
}

export interface DecisionInput {
  approverName: string;
  role: ApprovalLevel;
  /** ISO date-time read from the clock by the caller. */
  time: string;
  decision: 'approve' | 'reject';
  comment: string;
}

/**
 * Records an approver's decision on the current content. Refused when the request would be refused,
 * when the approver's role is below the required level, or when the record is malformed. Returns the
 * new state; the given one is not changed.
 */
export function recordDecision(check: QuoteCheck, input: DecisionInput): Result<QuoteState> {
  const req = requestApproval(check);
  if (!req.ok) return req;
  const { requiredLevel, contentHash: hash } = req.value;
  if (levelRank(input.role) < levelRank(requiredLevel)) {
    return fail([
      {
        code: 'approval.roleTooLow',
        severity: 'error',
        path: 'approval.role',
        value: input.role,
        limit: requiredLevel,
        message: {
          zh: `此报价须由${levelNames[requiredLevel].zh}或以上审批，${levelNames[input.role].zh}无此权限`,
          en: `This quote needs approval by a ${levelNames[requiredLevel].en} or above; a ${levelNames[input.role].en} may not approve it`,
        },
      },
    ]);
  }
  const recordProblems = approvalRecordProblems(input, 'approval', check.context?.now);
  if (recordProblems.length > 0) return fail(recordProblems);
  const record = { ...input, contentHash: hash, requiredLevel, hashSpec: HASH_SPEC_VERSION };
  const parsed = approvalRecordSchema.safeParse(record);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => ({
        code: 'approval.invalidRecord',
        severity: 'error' as const,
        path: `approval.${i.path.join('.')}`,
        message: { zh: `审批记录无效：${i.message}`, en: `Approval record is not valid: ${i.message}` },
      })),
    );
  }
  return ok({ ...check.state, approvals: [...check.state.approvals, parsed.data] });
}

export type ApprovalStatusKind = 'valid' | 'void' | 'rejected' | 'insufficient';

export interface ApprovalStatus {
  record: ApprovalRecord;
  status: ApprovalStatusKind;
  reason?: LocalText;
}

/** Each recorded decision with its standing against the current content. */
export function approvalStatuses(check: QuoteCheck, hashOf: (version: number) => string | null = hasher(check)): ApprovalStatus[] {
  const { state, priced, rules } = check;
  const required = requiredApproval(priced, rules).level;
  return state.approvals.map((record) => {
    const problems = approvalRecordProblems(record, 'approval', check.context?.now);
    if (problems.length > 0) {
      return { record, status: 'void', reason: { zh: problems.map((p) => p.message.zh).join('；'), en: problems.map((p) => p.message.en).join('; ') } };
    }
    if (record.contentHash !== hashOf(record.hashSpec ?? 1)) {
      return {
        record,
        status: 'void',
        reason: {
          zh: `审批后报价内容已更改（数量、物料、价格、折扣、条款或物料库版本），${record.approverName} 的审批已失效`,
          en: `The priced content changed after this decision (quantity, item, price, discount, terms or catalog version); ${record.approverName}'s approval is void`,
        },
      };
    }
    if (record.decision === 'reject') {
      return { record, status: 'rejected', reason: { zh: `${record.approverName} 已驳回`, en: `Rejected by ${record.approverName}` } };
    }
    if (levelRank(record.role) < levelRank(required)) {
      return {
        record,
        status: 'insufficient',
        reason: {
          zh: `现须${levelNames[required].zh}或以上审批，${levelNames[record.role].zh}权限不足`,
          en: `Now needs a ${levelNames[required].en} or above; a ${levelNames[record.role].en} is not enough`,
        },
      };
    }
    return { record, status: 'valid' };
  });
}

export interface QuoteEvaluation {
  required: RequiredApproval;
  contentHash: string;
  statuses: ApprovalStatus[];
  /** The latest decision on the current content is a valid approval (or none is needed). */
  approved: boolean;
  canIssueFinal: boolean;
  blockers: Problem[];
  /** Letter of the issued revision whose content the working quote has, if any. */
  issuedRevision: string | null;
}

export function evaluateQuote(check: QuoteCheck): QuoteEvaluation {
  const required = requiredApproval(check.priced, check.rules);
  const hashOf = hasher(check);
  const statuses = approvalStatuses(check, hashOf);
  const hash = hashOf(HASH_SPEC_VERSION) as string;
  const integrity = integrityProblems(check);
  // Issuing a revision moves its approvals into it; while the working quote still has exactly that
  // content (under the revision's own hash specification), those approvals still stand — unless the
  // file's revisions do not verify, in which case nothing stands.
  const issued = [...check.state.revisions].reverse().find((r) => r.contentHash === hashOf(r.hashSpec ?? 1));
  const issuedStatuses = issued && integrity.length === 0 ? approvalStatuses({ ...check, state: { ...check.state, approvals: issued.approvals } }, hashOf) : [];
  const onCurrent = [...issuedStatuses, ...statuses].filter((s) => s.status !== 'void');
  const latest = onCurrent[onCurrent.length - 1];
  const approved = integrity.length === 0 && (!required.needsApproval || latest?.status === 'valid');
  const blockers: Problem[] = [...integrity, ...termsProblems(check.state.terms, check.context), ...check.priced.problems.filter((p) => p.severity === 'error'), ...(check.tenderBlockers ?? [])];
  // An engineer's edit that no longer applies is not silently lost: the quote cannot go final without
  // it until it is re-applied (edited again) or discarded (item 10 of issue 10).
  for (const d of check.droppedEdits ?? []) {
    blockers.push({
      code: 'quote.editNotApplied',
      severity: 'error',
      path: `quote.edits[${d.index}]`,
      value: d.code,
      message: {
        zh: `${d.reason.zh}；请重新应用或删除此修改后再出正式报价`,
        en: `${d.reason.en}; re-apply or discard this edit before issuing a final quote`,
      },
    });
  }
  if (!approved && integrity.length === 0) {
    blockers.push({
      code: 'approval.required',
      severity: 'error',
      path: 'quote.approvals',
      limit: required.level,
      message: {
        zh: `须经${levelNames[required.level].zh}或以上审批后才能出正式报价（${required.reasons.map((r) => r.zh).join('；')}）`,
        en: `A ${levelNames[required.level].en} or above must approve before a final quote is issued (${required.reasons.map((r) => r.en).join('; ')})`,
      },
    });
  }
  return { required, contentHash: hash, statuses, approved, canIssueFinal: blockers.length === 0, blockers, issuedRevision: issued?.letter ?? null };
}

/** True when a final (customer) quote may be issued: terms complete, pricing clean, approval valid where needed. */
export function canIssueFinal(check: QuoteCheck): boolean {
  return evaluateQuote(check).canIssueFinal;
}

/** What customer documents must say: 'final' only when the quote may be issued; otherwise 'draft' (watermarked). */
export function customerDocumentStatus(check: QuoteCheck): 'final' | 'draft' {
  return canIssueFinal(check) ? 'final' : 'draft';
}

/** The quote section for a copied project: settings, edits and terms come along; approvals and revisions never do. */
export function copyForNewProject(state: QuoteState): QuoteState {
  return {
    catalogVersion: state.catalogVersion,
    settings: structuredClone(state.settings),
    edits: structuredClone(state.edits),
    terms: structuredClone(state.terms),
    approvals: [],
    revisions: [],
  };
}


/**
 * The quote section of a project file opened from outside (import, a colleague's file): approvals never
 * come along — anyone can edit a file, so its approvals prove nothing here (README, "Not checked") —
 * and only the revisions that verify are kept, each without its approvals. Returns the problems of the
 * revisions left out.
 */
export function importQuoteState(state: QuoteState): { state: QuoteState; dropped: Problem[] } {
  const dropped: Problem[] = [];
  const revisions = state.revisions.flatMap((rev) => {
    const problems = verifyRevision({ ...rev, approvals: [] });
    if (problems.length > 0) {
      dropped.push(...problems.map((p) => ({ ...p, severity: 'warning' as const, message: { zh: `${p.message.zh}（导入时已删除该版本）`, en: `${p.message.en} (left out of the import)` } })));
      return [];
    }
    return [{ ...structuredClone(rev), approvals: [] }];
  });
  return { state: { ...structuredClone(state), approvals: [], revisions }, dropped };
}
