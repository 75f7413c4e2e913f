import { describe, expect, it } from 'vitest';
import type { BomEdit } from '../../src/core/bom/edits.ts';
import {
  approvalStatuses,
  type DecisionInput,
  canIssueFinal,
  copyForNewProject,
  customerDocumentStatus,
  evaluateQuote,
  recordDecision,
  requestApproval,
  requiredApproval,
} from '../../src/core/quote/approval.ts';
import { quoteStateSchema, type QuoteState } from '../../src/core/quote/schema.ts';
import { issueRevision } from '../../src/core/quote/revisions.ts';
import { approvalRules, items, makeCatalog } from '../pricing/fixtures.ts';
import { checkOf, manager, pricedFor, stateAt } from './helpers.ts';

function approved(state: QuoteState, by: DecisionInput = manager): QuoteState {
  const r = recordDecision(checkOf(state), by);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe('required approval level from the margin thresholds', () => {
  it.each([
    ['30', 'engineer'],
    ['25', 'engineer'], // the target-margin price never falls a fen short of 25 %
    ['24.99', 'salesManager'],
    ['15', 'salesManager'],
    ['14.5', 'director'],
    ['10', 'director'],
    ['9.99', 'generalManager'],
    ['0', 'generalManager'],
  ])('target margin %s percent needs %s', (m, level) => {
    expect(requiredApproval(pricedFor(stateAt(m)), approvalRules).level).toBe(level);
  });

  it('a negative margin always needs the highest level and is flagged', () => {
    const state: QuoteState = { ...stateAt('20'), settings: { mode: 'enteredTotal', amount: '20000.00', basis: 'exVat', allocateBy: 'cost' } };
    const q = pricedFor(state);
    expect(q.problems.map((p) => p.code)).toContain('pricing.negativeMargin');
    const req = requiredApproval(q, approvalRules);
    expect(req.level).toBe('generalManager');
    expect(req.reasons.map((r) => r.en)).toContain('Negative gross margin');
  });

  it('a line below cost lifts an engineer-level quote to at least a sales manager', () => {
    // 8000.00 + 3 × 4000.00 + 1000.00 + 18 × 1000.00 + 12.5 × 80.00 = 40000.00 against a cost of 27837.61:
    // 30.4 % overall, but the monitor sells at 1000.00 against its cost of 1668.54.
    const unitPrices = { 'cabinet#P1': '8000.00', 'modules#P1': '4000.00', 'monitor#P1': '1000.00', 'battery#P2': '1000.00', 'batteryCable#P2': '80.00' };
    const state: QuoteState = { ...stateAt('20'), settings: { mode: 'listPrice', lineDiscountPct: {}, unitPrices } };
    const q = pricedFor(state);
    expect(q.totals.grossMargin!.times(100).greaterThan(25)).toBe(true);
    const req = requiredApproval(q, approvalRules);
    expect(req.level).toBe('salesManager');
    expect(req.reasons.map((r) => r.en)).toContain('1 line(s) priced below cost');
  });
});

describe('asking for and recording approval', () => {
  it('is refused until payment terms, delivery time and validity are filled in', () => {
    const state: QuoteState = { ...stateAt('20'), terms: { paymentTerms: ' ', deliveryDays: null, validUntil: null } };
    const r = requestApproval(checkOf(state));
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['terms.paymentTermsMissing', 'terms.deliveryDaysMissing', 'terms.validUntilMissing']);
    expect(recordDecision(checkOf(state), manager).ok).toBe(false);
  });

  it('refuses an approver whose role is below the required level', () => {
    const r = recordDecision(checkOf(stateAt('12')), manager); // 12 % needs a director
    expect(!r.ok && r.problems.map((p) => [p.code, p.limit])).toEqual([['approval.roleTooLow', 'director']]);
    expect(!r.ok && r.problems[0]!.message.zh).toContain('总监');
  });

  it('accepts a higher role than required', () => {
    const r = recordDecision(checkOf(stateAt('20')), { ...manager, approverName: '李总', role: 'generalManager' });
    expect(r.ok).toBe(true);
  });

  it('refuses a time that is not an ISO date-time (the core never reads the clock; the edge passes it)', () => {
    const r = recordDecision(checkOf(stateAt('20')), { ...manager, time: '2025/3/1 10:00' });
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['approval.badTime']);
  });

  it('binds the approval to a sha256 of the priced content and lets the quote be issued', () => {
    const before = stateAt('20');
    expect(canIssueFinal(checkOf(before))).toBe(false);
    expect(customerDocumentStatus(checkOf(before))).toBe('draft');
    const after = approved(before);
    expect(before.approvals).toEqual([]); // the given state is not changed
    expect(after.approvals[0]!.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(after.approvals[0]!.requiredLevel).toBe('salesManager');
    expect(canIssueFinal(checkOf(after))).toBe(true);
    expect(customerDocumentStatus(checkOf(after))).toBe('final');
  });

  it('stays valid after the project file is saved and read back', () => {
    const after = approved(stateAt('20'));
    const reread = quoteStateSchema.parse(JSON.parse(JSON.stringify(after)));
    expect(approvalStatuses(checkOf(reread)).map((s) => s.status)).toEqual(['valid']);
    expect(canIssueFinal(checkOf(reread))).toBe(true);
  });

  it('a rejection on the current content blocks issue', () => {
    const r = recordDecision(checkOf(stateAt('20')), { ...manager, decision: 'reject', comment: '价格过低' });
    if (!r.ok) throw new Error('not recorded');
    expect(approvalStatuses(checkOf(r.value)).map((s) => s.status)).toEqual(['rejected']);
    expect(canIssueFinal(checkOf(r.value))).toBe(false);
  });

  it('an engineer-level quote needs no approval, but still needs complete terms', () => {
    expect(canIssueFinal(checkOf(stateAt('30')))).toBe(true);
    const noTerms = { ...stateAt('30'), terms: { ...stateAt('30').terms, validUntil: null } };
    expect(customerDocumentStatus(checkOf(noTerms))).toBe('draft');
  });
});

describe('any later priced change voids the approval; a no-op does not', () => {
  const base = approved(stateAt('20'));
  const withEdits = (edits: BomEdit[]): QuoteState => ({ ...base, edits });

  it.each<[string, QuoteState]>([
    ['a quantity', withEdits([{ type: 'setQuantity', lineId: 'batteryCable#P2', quantity: '15' }])],
    ['a swap', withEdits([{ type: 'swapItem', lineId: 'battery#P2', code: 'BAT-SUN-12-100' }])],
    ['a removed line', withEdits([{ type: 'removeLine', lineId: 'monitor#P1' }])],
    ['the target margin', { ...base, settings: { mode: 'targetMargin', marginPct: '20.5', allocateBy: 'cost' } }],
    ['the allocation of the same total', { ...base, settings: { mode: 'targetMargin', marginPct: '20', allocateBy: 'list' } }],
    ['an entered price', { ...base, settings: { mode: 'enteredTotal', amount: '34797.33', basis: 'exVat', allocateBy: 'cost' } }],
    ['the payment terms', { ...base, terms: { ...base.terms, paymentTerms: '货到付款' } }],
    ['the delivery time', { ...base, terms: { ...base.terms, deliveryDays: 60 } }],
    ['the validity', { ...base, terms: { ...base.terms, validUntil: '2025-07-31' } }],
  ])('%s', (_what, changed) => {
    const check = checkOf(changed);
    const [status] = approvalStatuses(check);
    expect(status!.status).toBe('void');
    expect(status!.reason!.zh).toContain('已失效');
    expect(status!.reason!.en).toContain('void');
    expect(canIssueFinal(check)).toBe(false);
    expect(customerDocumentStatus(check)).toBe('draft');
  });

  it('a line discount and a header discount', () => {
    const gm = { ...manager, approverName: '李总', role: 'generalManager' as const };
    const list = approved({ ...stateAt('20'), settings: { mode: 'listPrice', lineDiscountPct: { 'modules#P1': '5' }, unitPrices: {}, headerDiscount: { kind: 'amount', amount: '500.00' } } }, gm);
    expect(canIssueFinal(checkOf(list))).toBe(true);
    const lineDisc = { ...list, settings: { ...list.settings, lineDiscountPct: { 'modules#P1': '5.5' } } } as QuoteState;
    const headerDisc = { ...list, settings: { ...list.settings, headerDiscount: { kind: 'amount', amount: '500.01' } } } as QuoteState;
    expect(approvalStatuses(checkOf(lineDisc))[0]!.status).toBe('void');
    expect(approvalStatuses(checkOf(headerDisc))[0]!.status).toBe('void');
    // A discount typed for a line that does not exist changes no price: not a priced change.
    const stale = { ...list, settings: { ...list.settings, lineDiscountPct: { 'modules#P1': '5', 'gone#P9': '50' } } } as QuoteState;
    expect(approvalStatuses(checkOf(stale))[0]!.status).toBe('valid');
  });

  it('a new catalog version (same items, same prices) voids it too: the approval cites the catalog', () => {
    const check = checkOf(base, undefined, makeCatalog(items, 'TEST-2025.2'));
    expect(approvalStatuses(check)[0]!.status).toBe('void');
  });

  it.each<[string, QuoteState]>([
    ['pricing again, unchanged', base],
    ['setting a quantity to what it already is', withEdits([{ type: 'setQuantity', lineId: 'modules#P1', quantity: '3' }])],
    ['swapping to the item already there', withEdits([{ type: 'swapItem', lineId: 'battery#P2', code: 'BAT-LEOCH-12-100' }])],
  ])('not voided by %s', (_what, same) => {
    expect(approvalStatuses(checkOf(same)).map((s) => s.status)).toEqual(['valid']);
    expect(canIssueFinal(checkOf(same))).toBe(true);
  });

  it('an approval by a role that is no longer enough shows as insufficient', () => {
    // Same content, but the company raised the thresholds: 20 % now needs a director.
    const stricter = { ...approvalRules, thresholds: [{ minMarginPct: '30', level: 'engineer' as const }, { minMarginPct: '22', level: 'salesManager' as const }, { minMarginPct: '10', level: 'director' as const }] };
    const ev = evaluateQuote({ ...checkOf(base), rules: stricter });
    expect(ev.statuses.map((s) => s.status)).toEqual(['insufficient']);
    expect(ev.canIssueFinal).toBe(false);
  });
});

describe('copying a project', () => {
  it('never carries approvals or revisions', () => {
    const a = approved(stateAt('20'));
    const issued = issueRevision({ ...checkOf(a), issuedAt: '2025-03-02T09:00:00+08:00', issuedBy: '张工' });
    if (!issued.ok) throw new Error(JSON.stringify(issued.problems));
    const withApproval = approved({ ...issued.value, settings: { mode: 'targetMargin', marginPct: '21', allocateBy: 'cost' } });
    const copy = copyForNewProject(withApproval);
    expect(copy.approvals).toEqual([]);
    expect(copy.revisions).toEqual([]);
    expect(copy.settings).toEqual(withApproval.settings);
    expect(withApproval.approvals.length).toBe(1);
    expect(canIssueFinal(checkOf(copy))).toBe(false);
  });
});
