import { describe, expect, it } from 'vitest';
import { evaluateQuote, importQuoteState, recordDecision, termsProblems } from '../../src/core/quote/approval.ts';
import { contentHashUnder, HASH_SPEC_VERSION } from '../../src/core/quote/hash.ts';
import { issueRevision, verifyRevision } from '../../src/core/quote/revisions.ts';
import { quoteStateSchema, type QuoteState, type Revision } from '../../src/core/quote/schema.ts';
import { checkOf, manager, stateAt, workedCovered } from './helpers.ts';

/** Issue #12, tamper evidence: one versioned content-hash specification, verified everywhere. */

const at = (n: number) => `2025-03-0${n}T09:00:00+08:00`;

function approveAndIssue(state: QuoteState, day: number, covered = workedCovered): QuoteState {
  const a = recordDecision(checkOf(state, undefined, undefined, covered), { ...manager, time: at(day) });
  if (!a.ok) throw new Error(JSON.stringify(a.problems));
  const r = issueRevision({ ...checkOf(a.value, undefined, undefined, covered), issuedAt: at(day), issuedBy: '张工' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** The state as a project file carries it: JSON, parsed again (not frozen). */
const reread = (s: QuoteState): QuoteState => quoteStateSchema.parse(JSON.parse(JSON.stringify(s)));

const issued = approveAndIssue(stateAt('20'), 1);

describe('the content hash covers what the customer reads and the calculation book', () => {
  it('records the specification version in every revision and approval', () => {
    const A = issued.revisions[0]!;
    expect(A.hashSpec).toBe(HASH_SPEC_VERSION);
    expect(A.approvals.every((x) => x.hashSpec === HASH_SPEC_VERSION)).toBe(true);
    expect(A.meta?.customer).toBe('国网某供电公司');
    expect(A.sizing?.modelCode).toBe('GZDW-110/200Ah');
  });

  it('a copy for another customer loses its approval; so does a renamed line or another brand', () => {
    const a = recordDecision(checkOf(stateAt('20')), { ...manager, time: at(1) });
    if (!a.ok) throw new Error('refused');
    expect(evaluateQuote(checkOf(a.value)).approved).toBe(true);
    const otherCustomer = { ...workedCovered, meta: { ...workedCovered.meta, customer: '另一家公司' } };
    expect(evaluateQuote(checkOf(a.value, undefined, undefined, otherCustomer)).approved).toBe(false);
    for (const field of ['id', 'quoteNo', 'name'] as const) {
      const changed = { ...workedCovered, meta: { ...workedCovered.meta, [field]: 'X' } };
      expect(evaluateQuote(checkOf(a.value, undefined, undefined, changed)).approved).toBe(false);
    }
  });

  it('a load change that alters the calculation book but not the price can be issued as a new revision', () => {
    const moreLoad = { ...workedCovered, sizing: { ...workedCovered.sizing, loadTable: [...workedCovered.sizing.loadTable, ['2', '事故照明', '2 kW', '1', '18.18', '', '18.18', '']] } };
    const ev = evaluateQuote(checkOf(issued, undefined, undefined, moreLoad));
    expect(ev.issuedRevision).toBeNull();
    const B = approveAndIssue(issued, 2, moreLoad);
    expect(B.revisions.map((r) => r.letter)).toEqual(['A', 'B']);
    expect(B.revisions[1]!.snapshot.totals).toEqual(B.revisions[0]!.snapshot.totals);
  });

  it('dates of printing are not content: the same quote printed on another day keeps its hash', () => {
    const check = checkOf(issued);
    const h = evaluateQuote({ ...check, context: { quoteDate: '2025-03-02' } }).contentHash;
    expect(evaluateQuote({ ...check, context: { quoteDate: '2025-04-01' } }).contentHash).toBe(h);
  });
});

describe('a revision altered in the file', () => {
  const edits: [string, (r: Revision) => void, RegExp][] = [
    ['totals', (r) => ((r.snapshot.totals as { netAmountExVat: string }).netAmountExVat = '1.00'), /totals/],
    ['terms', (r) => ((r.terms as { paymentTerms: string }).paymentTerms = 'pay nothing'), /commercial terms/],
    ['customer', (r) => ((r.meta as { customer: string }).customer = '别的客户'), /project data/],
    ['line name', (r) => ((r.snapshot.lines[0]!.name as { zh: string }).zh = '二手/翻新断路器'), /line "/],
    ['brand', (r) => ((r.snapshot.lines[0] as { brand?: string }).brand = 'noname'), /line "/],
    ['calculation results', (r) => ((r.sizing as { modelCode: string }).modelCode = 'X'), /calculation book results/],
  ];
  it.each(edits)('is reported when its %s changed, naming the revision and what differs', (_what, edit, says) => {
    const file = reread(issued);
    expect(verifyRevision(file.revisions[0]!)).toEqual([]);
    edit(file.revisions[0]!);
    const problems = verifyRevision(file.revisions[0]!);
    expect(problems.map((p) => p.code)).toEqual(['revision.tampered']);
    expect(problems[0]!.message.en).toMatch(/^Revision A /);
    expect(problems[0]!.message.en).toMatch(says);
    expect(problems[0]!.path).toBe('quote.revisions[A]');
  });

  it('keeps the project usable but nothing final: no approval, no issuing, draft only', () => {
    const file = reread(issued);
    (file.revisions[0]!.snapshot.totals as { netAmountExVat: string }).netAmountExVat = '1.00';
    const ev = evaluateQuote(checkOf(file));
    expect(ev.canIssueFinal).toBe(false);
    expect(ev.approved).toBe(false);
    expect(ev.blockers.map((b) => b.code)).toContain('revision.tampered');
    const changed = { ...file, settings: { mode: 'targetMargin' as const, marginPct: '30', allocateBy: 'cost' as const } };
    expect(recordDecision(checkOf(changed), { ...manager, time: at(3) }).ok).toBe(false);
    expect(issueRevision({ ...checkOf(changed), issuedAt: at(3), issuedBy: '张工' }).ok).toBe(false);
  });

  it('a fabricated revision whose approvals are not bound to it releases nothing', () => {
    const low = stateAt('3');
    const check = checkOf(low);
    const hash = evaluateQuote(check).contentHash;
    const fake = reread(issued).revisions[0]!;
    const forged: QuoteState = { ...low, revisions: [{ ...fake, contentHash: hash }] };
    const ev = evaluateQuote(checkOf(forged));
    expect(ev.canIssueFinal).toBe(false);
    expect(ev.blockers.map((b) => b.code)).toEqual(expect.arrayContaining(['revision.tampered', 'revision.approvalMismatch']));
  });

  it('a revision made under version 1 verifies under version 1 and is never reported as tampered', () => {
    const file = reread(issued);
    const r = file.revisions[0]!;
    const v1Hash = contentHashUnder(1, { snapshot: r.snapshot, terms: r.terms, meta: r.meta!, sizing: r.sizing! })!;
    const old = JSON.parse(JSON.stringify({ ...r, contentHash: v1Hash, approvals: r.approvals.map((a) => ({ ...a, contentHash: v1Hash })) }));
    delete old.hashSpec;
    delete old.meta;
    delete old.sizing;
    delete old.sectionHashes;
    for (const a of old.approvals) delete a.hashSpec;
    const v1 = quoteStateSchema.parse({ ...JSON.parse(JSON.stringify(issued)), revisions: [old] });
    expect(v1.revisions[0]!.hashSpec).toBe(1);
    expect(verifyRevision(v1.revisions[0]!)).toEqual([]);
    // The working quote still equal to it under version 1 stands approved by it.
    expect(evaluateQuote(checkOf(v1)).issuedRevision).toBe('A');
    (v1.revisions[0]!.snapshot.lines[1] as { quantity: string }).quantity = '2';
    expect(verifyRevision(v1.revisions[0]!).map((p) => p.code)).toEqual(['revision.tampered']);
  });

  it('an unknown specification version cannot be verified and blocks the final quote', () => {
    const file = reread(issued);
    (file.revisions[0] as { hashSpec: number }).hashSpec = 99;
    expect(verifyRevision(file.revisions[0]!).map((p) => p.code)).toContain('revision.unknownHashSpec');
    expect(evaluateQuote(checkOf(file)).canIssueFinal).toBe(false);
  });
});

describe('imports, copies and records', () => {
  it('an import keeps the revisions that verify, never an approval', () => {
    const file = reread(issued);
    const withApproval = recordDecision(checkOf({ ...file, settings: { mode: 'targetMargin', marginPct: '21', allocateBy: 'cost' } }), { ...manager, time: at(2) });
    if (!withApproval.ok) throw new Error('refused');
    const issuedB = issueRevision({ ...checkOf(withApproval.value), issuedAt: at(2), issuedBy: '张工' });
    if (!issuedB.ok) throw new Error('refused');
    const two = reread(issuedB.value);
    (two.revisions[1]!.terms as { paymentTerms: string }).paymentTerms = 'pay nothing';
    const again = recordDecision(checkOf({ ...reread(issuedB.value), settings: { mode: 'targetMargin', marginPct: '22', allocateBy: 'cost' } }), { ...manager, time: at(3) });
    if (!again.ok) throw new Error('refused');
    const imported = importQuoteState({ ...two, approvals: again.value.approvals });
    expect(imported.state.approvals).toEqual([]);
    expect(imported.state.revisions.map((r) => r.letter)).toEqual(['A']);
    expect(imported.state.revisions[0]!.approvals).toEqual([]);
    expect(imported.dropped.map((p) => p.path)).toEqual(['quote.revisions[B]']);
    expect(verifyRevision(imported.state.revisions[0]!)).toEqual([]);
  });

  it('a duplicate revision letter is refused', () => {
    const json = JSON.parse(JSON.stringify(issued));
    json.revisions.push(json.revisions[0]);
    const r = quoteStateSchema.safeParse(json);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['revisions', 1, 'letter']);
  });

  it.each([
    ['a blank name (ideographic and zero-width spaces)', { approverName: '\u3000\u200B ' }, 'approval.nameBlank'],
    ['a time that is not a real time', { time: '2025-02-30T10:00:00+08:00' }, 'approval.badTime'],
    ['a time in the future', { time: '2030-01-01T10:00:00+08:00' }, 'approval.futureTime'],
  ])('an approval record with %s is refused and, in a file, void', (_what, change, code) => {
    const check = { ...checkOf(stateAt('20')), context: { now: '2025-03-05T00:00:00Z' } };
    const r = recordDecision(check, { ...manager, time: at(1), ...change });
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual([code]);
    const good = recordDecision(check, { ...manager, time: at(1) });
    if (!good.ok) throw new Error('refused');
    const forged = { ...good.value, approvals: good.value.approvals.map((a) => ({ ...a, ...change })) };
    const ev = evaluateQuote({ ...checkOf(forged), context: { now: '2025-03-05T00:00:00Z' } });
    expect(ev.approved).toBe(false);
    expect(ev.blockers.map((b) => b.code)).toContain(code);
  });
});

describe('terms count as complete only when real', () => {
  const base = stateAt('20').terms;
  it.each([
    ['31 February', { validUntil: '2026-02-31' }, {}, 'terms.validUntilInvalid'],
    ['a validity date before the quote date', { validUntil: '2025-05-31' }, { quoteDate: '2025-06-01' }, 'terms.validUntilBeforeQuoteDate'],
    ['payment terms of zero-width and ideographic spaces', { paymentTerms: '\u200B\u3000\u00A0\uFEFF' }, {}, 'terms.paymentTermsMissing'],
    ['a delivery time above the bound', { deliveryDays: 100000 }, { maxDeliveryDays: 730 }, 'terms.deliveryDaysTooLong'],
  ])('%s is not complete', (_what, change, context, code) => {
    expect(termsProblems(base, context)).toEqual([]);
    expect(termsProblems({ ...base, ...change }, context).map((p) => p.code)).toEqual([code]);
  });
  it('a validity date on the quote date is complete', () => {
    expect(termsProblems({ ...base, validUntil: '2026-02-28' }, { quoteDate: '2026-02-28' })).toEqual([]);
  });
});
