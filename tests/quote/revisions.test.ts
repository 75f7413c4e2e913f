import { describe, expect, it } from 'vitest';
import { Money } from '../../src/core/money.ts';
import { customerDocumentStatus, evaluateQuote, recordDecision } from '../../src/core/quote/approval.ts';
import { compareRevisions, issueRevision, revisionLetter, startFromRevision, updateRevision, verifyRevision } from '../../src/core/quote/revisions.ts';
import { quoteStateSchema, type QuoteState } from '../../src/core/quote/schema.ts';
import { snapshotOf } from '../../src/core/quote/snapshot.ts';
import { checkOf, manager, pricedFor, stateAt } from './helpers.ts';

const at = (n: number) => `2025-03-0${n}T09:00:00+08:00`;

function approveAndIssue(state: QuoteState, day: number, role: 'salesManager' | 'director' = 'salesManager'): QuoteState {
  const a = recordDecision(checkOf(state), { ...manager, role, time: at(day) });
  if (!a.ok) throw new Error(JSON.stringify(a.problems));
  const r = issueRevision({ ...checkOf(a.value), issuedAt: at(day), issuedBy: '张工' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe('revision letters', () => {
  it.each([
    [0, 'A'],
    [1, 'B'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('%i → %s', (n, letter) => expect(revisionLetter(n)).toBe(letter));
});

describe('issuing freezes a revision', () => {
  it('is refused while the approval the margin needs is missing', () => {
    const r = issueRevision({ ...checkOf(stateAt('20')), issuedAt: at(1), issuedBy: '张工' });
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['approval.required']);
  });

  const issued = approveAndIssue(stateAt('20'), 1);
  const A = issued.revisions[0]!;

  it('freezes snapshot, edits, terms, catalog version and the approvals that released it', () => {
    expect(A.letter).toBe('A');
    expect(A.catalogVersion).toBe('TEST-2025.1');
    expect(A.snapshot.totals.netAmountExVat).toBe('34797.32');
    expect(A.snapshot.totals.amountIncVat).toBe('39320.97');
    expect(A.approvals.map((x) => x.approverName)).toEqual(['王经理']);
    expect(A.contentHash).toBe(A.approvals[0]!.contentHash);
    expect(Object.isFrozen(A)).toBe(true);
    expect(Object.isFrozen(A.snapshot.lines[0])).toBe(true);
    expect(Object.isFrozen(A.terms)).toBe(true);
  });

  it('the working quote, while identical to the issued revision, stands approved by it; any change needs a new approval', () => {
    const ev = evaluateQuote(checkOf(issued));
    expect(issued.approvals).toEqual([]);
    expect(ev.issuedRevision).toBe('A');
    expect(ev.approved).toBe(true);
    expect(customerDocumentStatus(checkOf(issued))).toBe('final');
    const changedTerms = { ...issued, terms: { ...issued.terms, paymentTerms: `${issued.terms.paymentTerms}（修改）` } };
    const after = evaluateQuote(checkOf(changedTerms));
    expect(after.issuedRevision).toBeNull();
    expect(after.approved).toBe(false);
  });

  it('cannot be changed: a direct write throws, and the API answers with a problem', () => {
    expect(() => {
      (A.snapshot.lines[0] as { unitPrice: string }).unitPrice = '1.00';
    }).toThrow(TypeError);
    expect(A.snapshot.lines[0]!.unitPrice).not.toBe('1.00');
    const r = updateRevision(issued, 'A');
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['revision.frozen']);
  });

  it('detects a revision altered in the project file', () => {
    const file = quoteStateSchema.parse(JSON.parse(JSON.stringify(issued)));
    expect(verifyRevision(file.revisions[0]!)).toEqual([]);
    file.revisions[0]!.snapshot.lines[1]!.quantity = '2';
    expect(verifyRevision(file.revisions[0]!).map((p) => p.code)).toEqual(['revision.tampered']);
  });

  it('the working quote carries on from it, without approvals; issuing it unchanged is refused', () => {
    expect(issued.approvals).toEqual([]);
    expect(issued.settings).toEqual(A.settings);
    expect(issued.terms).toEqual(A.terms);
    const again = recordDecision(checkOf(issued), { ...manager, time: at(2) });
    if (!again.ok) throw new Error('not approved');
    const r = issueRevision({ ...checkOf(again.value), issuedAt: at(2), issuedBy: '张工' });
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['revision.unchanged']);
  });

  it('a working quote can start over from an older revision', () => {
    const changed: QuoteState = { ...issued, settings: { mode: 'targetMargin', marginPct: '22', allocateBy: 'cost' } };
    const back = startFromRevision(changed, 'A');
    expect(back.ok && back.value.settings).toEqual(A.settings);
    expect(startFromRevision(changed, 'Q').ok).toBe(false);
  });
});

describe('comparing revisions line by line', () => {
  const a = approveAndIssue(stateAt('20'), 1);
  const b = approveAndIssue(
    {
      ...a,
      settings: { mode: 'listPrice', lineDiscountPct: {}, unitPrices: { 'cabinet#P1': '7000.00', 'modules#P1': '2900.00', 'battery#P2': '800.00', 'batteryCable#P2': '60.00' } },
      edits: [
        { type: 'setQuantity', lineId: 'batteryCable#P2', quantity: '15' },
        { type: 'removeLine', lineId: 'monitor#P1' },
        { type: 'addManualLine', line: { id: 'manual:1', panelId: 'P1', item: { kind: 'catalog', code: 'MCB-DC-SCH-2P16' }, quantity: '4', note: '' } },
      ],
    },
    2,
    'director',
  );
  const [A, B] = b.revisions;
  const diff = compareRevisions(A!, B!);

  it('lists added, removed and changed lines with exact figures', () => {
    const lineA = (id: string) => A!.snapshot.lines.find((l) => l.lineId === id)!;
    expect(diff.from).toBe('A');
    expect(diff.to).toBe('B');
    const byId = Object.fromEntries(diff.lines.map((l) => [l.lineId, l]));
    expect(Object.keys(byId).sort()).toEqual(['battery#P2', 'batteryCable#P2', 'cabinet#P1', 'manual:1', 'modules#P1', 'monitor#P1']);
    expect(byId['monitor#P1']).toMatchObject({ kind: 'removed', quantity: { from: '1', to: '0' }, amount: { from: lineA('monitor#P1').netAmountExVat, to: '0.00' } });
    // MCB list price 150.00 × 4
    expect(byId['manual:1']).toMatchObject({ kind: 'added', quantity: { from: '0', to: '4' }, unitPrice: { to: '150.00' }, amount: { from: '0.00', to: '600.00', delta: '600.00' } });
    // 15 m × 60.00 = 900.00
    expect(byId['batteryCable#P2']).toMatchObject({ kind: 'changed', quantity: { from: '12.5', to: '15' }, unitPrice: { from: lineA('batteryCable#P2').unitPrice, to: '60.00' }, amount: { to: '900.00' } });
    expect(byId['battery#P2']).toMatchObject({ kind: 'changed', unitPrice: { to: '800.00' }, amount: { to: '14400.00' } });
    expect(byId['battery#P2']!.quantity).toBeUndefined();
    expect(byId['monitor#P1']!.amount.delta).toBe(new Money(lineA('monitor#P1').netAmountExVat).neg().toFixed(2));
  });

  it('gives the amount and margin change overall and per panel', () => {
    // B: 7000.00 + 3 × 2900.00 + 4 × 150.00 = 16300.00 (P1); 18 × 800.00 + 15 × 60.00 = 15300.00 (P2)
    expect(diff.panels.map((p) => [p.panelId, p.kind, p.amount.to])).toEqual([
      ['P1', 'changed', '16300.00'],
      ['P2', 'changed', '15300.00'],
    ]);
    expect(diff.totals.netAmountExVat).toEqual({ from: '34797.32', to: '31600.00', delta: '-3197.32' });
    const qB = B!.snapshot.totals;
    expect(diff.totals.margin.from).toBe(A!.snapshot.totals.grossMargin);
    expect(diff.totals.margin.to).toBe(qB.grossMargin);
    // Margin change in percentage points, exact: (mB − mA) × 100
    expect(diff.totals.margin.deltaPctPoints).toBe(new Money(qB.grossMargin!).minus(A!.snapshot.totals.grossMargin!).times(100).toString());
    // B: (31600.00 − cost) / 31600.00; the cost of B's BOM is in its snapshot
    expect(qB.grossMargin).toBe(new Money('31600.00').minus(qB.totalCost).div('31600.00').toString());
    for (const p of diff.panels) expect(p.margin.deltaPctPoints).not.toBeNull();
  });

  it('compares the working quote against the last revision too, and an identical pair shows nothing', () => {
    const working = { snapshot: snapshotOf(pricedFor(b)) };
    const same = compareRevisions(B!, working);
    expect(same.to).toBe('working');
    expect(same.lines).toEqual([]);
    expect(same.panels.every((p) => p.kind === 'unchanged')).toBe(true);
    expect(same.totals.netAmountExVat.delta).toBe('0.00');
  });
});
