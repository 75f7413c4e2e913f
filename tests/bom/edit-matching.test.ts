import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, lineMatchOf, tryEdit, withMatch, type BomEdit } from '../../src/core/bom/edits.ts';
import { lineId, type Bom, type BomLine } from '../../src/core/bom/model.ts';
import { evaluateQuote } from '../../src/core/quote/approval.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { catalog } from '../pricing/fixtures.ts';
import { checkOf, stateAt } from '../quote/helpers.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * Item 10 of issue 10: an engineer's edit follows the line it changed by what the line is (panel, role,
 * rule-chosen code), not by its position; an edit that cannot be applied blocks a final quote; an
 * unknown catalog code in a swap or added line is an error.
 */
const reason = { zh: '规则', en: 'rule' };
function breakers(codes: string[]): Bom {
  const lines: BomLine[] = codes.map((code, i) => {
    const ruleId = `cfg.breakers.main.${i}`;
    return { id: lineId(ruleId, 'breaker@P2'), panelId: 'P2', item: { kind: 'catalog', code }, quantity: String(4 + i), source: { kind: 'rule', ruleId, reason } };
  });
  return { panels: [{ id: 'P2', kind: 'feederPanel', name: { zh: '馈线屏', en: 'Feeder panel' }, index: 1 }], lines };
}

describe('edits find their line by what it is', () => {
  it('a swap of the 16 A feeders stays on them when re-sizing puts a 25 A group first', () => {
    const before = breakers(['MCB-DC-SCH-2P16']);
    const r = tryEdit(before, [], { type: 'swapItem', lineId: before.lines[0]!.id, code: 'MCB-DC-ABB-2P16' }, catalog);
    expect(r.ok).toBe(true);
    const kept = r.ok ? r.value.edit : undefined;
    expect(kept && kept.type === 'swapItem' ? kept.match : undefined).toEqual({ panelId: 'P2', role: 'cfg.breakers.main#breaker', code: 'MCB-DC-SCH-2P16' });
    // Re-sized: a 25 A group now comes first, so the 16 A feeders are main.1, not main.0.
    const after = breakers(['MCB-DC-SCH-2P25', 'MCB-DC-SCH-2P16']);
    const applied = applyEdits(after, [kept!], catalog);
    expect(applied.dropped).toEqual([]);
    expect(applied.bom.lines.map((l) => (l.item.kind === 'catalog' ? l.item.code : ''))).toEqual(['MCB-DC-SCH-2P25', 'MCB-DC-ABB-2P16']);
    // The same edit without its match (an older file) lands on main.0, the 25 A line, and cannot apply.
    const { match: _m, ...byPosition } = kept as Extract<BomEdit, { type: 'swapItem' }>;
    expect(applyEdits(after, [byPosition], catalog).dropped.map((d) => d.code)).toEqual(['edit.swapRatingMismatch']);
  });

  it('an edit whose line is gone is reported, naming what the line was', () => {
    const before = breakers(['MCB-DC-SCH-2P16']);
    const edit = withMatch({ type: 'setQuantity', lineId: before.lines[0]!.id, quantity: '9' }, before);
    const r = applyEdits(breakers(['MCB-DC-SCH-2P25']), [edit], catalog);
    expect(r.dropped.map((d) => d.code)).toEqual(['edit.lineNotFound']);
    expect(r.dropped[0]!.reason.en).toContain('MCB-DC-SCH-2P16 in P2');
  });

  it('edits are kept wherever their line still exists, over 1,000 random re-orderings', () => {
    const codes = ['MCB-DC-SCH-2P16', 'MCB-DC-SCH-2P25', 'CBL-CU-1x35', 'ZHM05P', 'ZHR22010-4'];
    fc.assert(
      fc.property(fc.shuffledSubarray(codes, { minLength: 1 }), fc.shuffledSubarray(codes, { minLength: 1 }), fc.nat(), (a, b, pick) => {
        const before = breakers(a);
        const target = before.lines[pick % before.lines.length]!;
        const edit = withMatch({ type: 'setQuantity', lineId: target.id, quantity: '77' }, before);
        const after = breakers(b);
        const r = applyEdits(after, [edit], catalog);
        const code = (target.item as { code: string }).code;
        if (b.includes(code)) {
          expect(r.dropped).toEqual([]);
          const hit = r.bom.lines.find((l) => l.item.kind === 'catalog' && l.item.code === code)!;
          expect(hit.quantity).toBe('77');
          expect(r.bom.lines.filter((l) => l.quantity === '77')).toHaveLength(1);
        } else {
          expect(r.dropped.map((d) => d.code)).toEqual(['edit.lineNotFound']);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('manual lines have no match (they are found by their own id)', () => {
    const l: BomLine = { id: 'manual:1', panelId: 'P2', item: { kind: 'catalog', code: 'ZHM05P' }, quantity: '1', source: { kind: 'manual', note: '' } };
    expect(lineMatchOf(l)).toBeUndefined();
  });
});

describe('an edit that cannot be applied blocks a final quote', () => {
  it('until it is discarded', () => {
    const state = stateAt('30');
    const check = checkOf(state);
    expect(evaluateQuote(check).canIssueFinal).toBe(true);
    const dropped = [{ index: 0, edit: { type: 'removeLine' as const, lineId: 'gone' }, code: 'edit.lineNotFound', reason: { zh: '已不存在', en: 'gone' } }];
    const ev = evaluateQuote({ ...check, droppedEdits: dropped });
    expect(ev.canIssueFinal).toBe(false);
    expect(ev.blockers.map((b) => [b.code, b.path])).toEqual([['quote.editNotApplied', 'quote.edits[0]']]);
    expect(ev.blockers[0]!.message.zh).toContain('重新应用或删除');
  });

  it('an unknown catalog code in a swap or an added line is an error and the sample cannot go final', async () => {
    const k = await shippedKnowledge();
    const p = await sampleProject('sample-110kv.json');
    const base = evaluateProject(p, k);
    const someLine = base.bom!.lines[0]!;
    const quote = {
      ...base.quoteState,
      terms: { paymentTerms: '货到付款', deliveryDays: 30, validUntil: '2099-01-01' },
      settings: { mode: 'targetMargin' as const, marginPct: '30', allocateBy: 'cost' as const },
      edits: [
        { type: 'swapItem' as const, lineId: someLine.id, code: 'NO-SUCH-CODE' },
        { type: 'addManualLine' as const, line: { id: 'manual:1', panelId: someLine.panelId, item: { kind: 'catalog' as const, code: 'ALSO-MISSING' }, quantity: '1', note: '' } },
      ],
    };
    const ok = evaluateProject({ ...p, quote: { ...quote, edits: [] } }, k);
    expect(ok.quote!.canIssueFinal).toBe(true);
    const e = evaluateProject({ ...p, quote }, k);
    expect(e.problems.filter((x) => x.code === 'bom.editDropped').map((x) => [x.severity, x.path])).toEqual([
      ['error', 'quote.edits[0]'],
      ['error', 'quote.edits[1]'],
    ]);
    expect(e.quote!.canIssueFinal).toBe(false);
    expect(e.quote!.blockers.filter((b) => b.code === 'quote.editNotApplied')).toHaveLength(2);
  });
});
