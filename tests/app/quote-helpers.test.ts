import { describe, expect, it } from 'vitest';
import { applyEdits, type BomEdit } from '../../src/core/bom/edits.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { Money } from '../../src/core/money.ts';
import { lineAmount } from '../../src/core/pricing/calc.ts';
import {
  checkedEdits,
  formatPct,
  formatPctPoints,
  nextManualId,
  parseAmountText,
  parseDaysText,
  parsePercentText,
  parseQuantityText,
  swapCandidates,
  withEdit,
  withLineRemoved,
  withoutLineEdits,
} from '../../src/app/components/quote-helpers.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

describe('typed amounts, percentages, quantities and days', () => {
  it('reads amounts as people type them into fixed two-decimal strings', () => {
    expect(parseAmountText('1,234.5')).toEqual({ ok: true, value: '1234.50' });
    expect(parseAmountText('￥１２３')).toEqual({ ok: true, value: '123.00' });
    expect(parseAmountText(' 99元 ')).toEqual({ ok: true, value: '99.00' });
    expect(parseAmountText('0')).toEqual({ ok: true, value: '0.00' });
  });

  it('refuses what is not an amount, negative amounts and fractions of a fen, with a reason in both languages', () => {
    for (const bad of ['', 'abc', '12.3.4', '1e5', '-5', '12.345']) {
      const r = parseAmountText(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.reason.zh.length).toBeGreaterThan(0);
        expect(r.reason.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('keeps large amounts exact (no float on the way)', () => {
    expect(parseAmountText('12345678901234567.89')).toEqual({ ok: true, value: '12345678901234567.89' });
  });

  it('reads percentages with limits', () => {
    expect(parsePercentText('18', { below: '100' })).toEqual({ ok: true, value: '18' });
    expect(parsePercentText('12.5%', { below: '100' })).toEqual({ ok: true, value: '12.5' });
    expect(parsePercentText('１５', { atMost: '100' })).toEqual({ ok: true, value: '15' });
    expect(parsePercentText('100', { atMost: '100' })).toEqual({ ok: true, value: '100' });
    expect(parsePercentText('100', { below: '100' }).ok).toBe(false);
    expect(parsePercentText('120', { atMost: '100' }).ok).toBe(false);
    expect(parsePercentText('-3', { atMost: '100' }).ok).toBe(false);
    expect(parsePercentText('1.23456', { atMost: '100' }).ok).toBe(false);
    expect(parsePercentText('', { atMost: '100' }).ok).toBe(false);
  });

  it('checks quantities by the core rule for the unit', () => {
    expect(parseQuantityText('26', 'pcs')).toEqual({ ok: true, value: '26' });
    expect(parseQuantityText('12.5', 'm')).toEqual({ ok: true, value: '12.5' });
    expect(parseQuantityText('12.5', 'pcs').ok).toBe(false);
    expect(parseQuantityText('0', 'pcs').ok).toBe(false);
    expect(parseQuantityText('2x', 'pcs').ok).toBe(false);
  });

  it('reads delivery days as a whole number of at least one', () => {
    expect(parseDaysText(' 45 ')).toEqual({ ok: true, value: 45 });
    expect(parseDaysText('0').ok).toBe(false);
    expect(parseDaysText('4.5').ok).toBe(false);
    expect(parseDaysText('四十').ok).toBe(false);
  });

  it('shows a margin cut, never rounded up past a threshold', () => {
    expect(formatPct(new Money('0.249999'))).toBe('24.99%');
    expect(formatPct('0.25')).toBe('25.00%');
    expect(formatPct(null)).toBe('—');
    expect(formatPctPoints('1.5')).toBe('+1.50');
    expect(formatPctPoints('-0.004')).toBe('0.00');
    expect(formatPctPoints(null)).toBe('—');
  });
});

describe('the BOM edit list', () => {
  const q = (lineId: string, quantity: string): BomEdit => ({ type: 'setQuantity', lineId, quantity });

  it('keeps one quantity and one swap per line, the latest', () => {
    let edits: BomEdit[] = [];
    edits = withEdit(edits, q('a', '2'));
    edits = withEdit(edits, { type: 'swapItem', lineId: 'a', code: 'X' });
    edits = withEdit(edits, q('a', '3'));
    edits = withEdit(edits, q('b', '1'));
    expect(edits).toEqual([{ type: 'swapItem', lineId: 'a', code: 'X' }, q('a', '3'), q('b', '1')]);
  });

  it('removes a manual line by dropping its own edits, a rule line by a removeLine edit', () => {
    const manual: BomEdit = { type: 'addManualLine', line: { id: 'manual:1', panelId: 'p', item: { kind: 'catalog', code: 'X' }, quantity: '1', note: '' } };
    expect(withLineRemoved([manual, q('manual:1', '2'), q('a', '2')], 'manual:1')).toEqual([q('a', '2')]);
    expect(withLineRemoved([q('a', '2')], 'a')).toEqual([{ type: 'removeLine', lineId: 'a' }]);
    expect(withoutLineEdits([q('a', '2'), { type: 'removeLine', lineId: 'b' }], 'b')).toEqual([q('a', '2')]);
  });

  it('numbers manual lines past every id in use', () => {
    const manual = (id: string): BomEdit => ({ type: 'addManualLine', line: { id, panelId: 'p', item: { kind: 'catalog', code: 'X' }, quantity: '1', note: '' } });
    expect(nextManualId([], null)).toBe('manual:1');
    expect(nextManualId([manual('manual:1'), manual('manual:3')], null)).toBe('manual:2');
  });
});

describe('swap candidates and edit checks on the 110 kV sample', async () => {
  const knowledge = await shippedKnowledge();
  const project = await sampleProject('sample-110kv.json');
  const ev = evaluateProject(project, knowledge);
  const ruleBom = ev.ruleBom!;
  const catalog = knowledge.catalog;
  const line = ruleBom.lines.find((l) => l.id === 'cfg.breakers.main.1#breaker@feederPanel-1')!;

  it('offers only what applyEdits will accept, each with its cost delta against the current item', () => {
    const cands = swapCandidates(line, line, catalog);
    expect(cands.length).toBeGreaterThan(0);
    const current = catalog.byCode.get((line.item as { code: string }).code)!;
    for (const c of cands) {
      expect(c.item.code).not.toBe(current.code);
      const applied = applyEdits(ruleBom, [{ type: 'swapItem', lineId: line.id, code: c.item.code }], catalog);
      expect(applied.dropped, c.item.code).toEqual([]);
      expect(c.costDelta.equals(lineAmount(line.quantity, new Money(c.item.costPrice)).minus(lineAmount(line.quantity, new Money(current.costPrice))))).toBe(true);
      // The deviation the core reports for this swap carries the same cost effect.
      const dev = applied.deviations.find((d) => d.kind === 'swap');
      expect(dev?.costDelta.equals(c.costDelta)).toBe(true);
    }
    for (let i = 1; i < cands.length; i++) expect(cands[i - 1]!.costDelta.lessThanOrEqualTo(cands[i]!.costDelta)).toBe(true);
  });

  it('after a swap, offers the rules’ item again (swapping back) and not the current one', () => {
    const swapped = { ...line, item: { kind: 'catalog' as const, code: 'ABB-S202MUC-C16' } };
    const codes = swapCandidates(swapped, line, catalog).map((c) => c.item.code);
    expect(codes).toContain((line.item as { code: string }).code);
    expect(codes).not.toContain('ABB-S202MUC-C16');
  });

  it('refuses an edit the core would drop, and passes one it accepts', () => {
    const bad = checkedEdits(ruleBom, [], [{ type: 'swapItem', lineId: line.id, code: 'ZHR22010-4' }], catalog);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]!.code).toBe('edit.swapOtherFamily');
    const good = checkedEdits(ruleBom, [], [q2(line.id, '7')], catalog);
    expect(good.ok).toBe(true);
    const gone = checkedEdits(ruleBom, [], [q2('no-such-line', '1')], catalog);
    expect(gone.ok).toBe(false);
  });
});

function q2(lineId: string, quantity: string): BomEdit {
  return { type: 'setQuantity', lineId, quantity };
}
