import { describe, expect, it } from 'vitest';
import { sumMoney } from '../../src/core/money.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { SAMPLE_PROJECTS, sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * Invariants checked after a full run of each sample project (pandapower-style consistency checks):
 * the flow reaches a priced quote, every rule-built BOM line traces to a sizing result, and the money
 * adds up to the fen at every level.
 */
describe.each(SAMPLE_PROJECTS)('%s end to end through the core', (name) => {
  it('sizes, builds a BOM, prices it and evaluates the approval level', async () => {
    const k = await shippedKnowledge();
    const e = evaluateProject(await sampleProject(name), k);
    expect(e.sizing.ok, e.problems.map((p) => p.message.en).join('\n')).toBe(true);
    expect(e.bom?.lines.length).toBeGreaterThan(10);
    expect(e.priced).not.toBeNull();
    expect(e.quote?.required.level).toBeDefined();
    expect(e.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('every rule-built BOM line points at a trace entry of the sizing', async () => {
    const k = await shippedKnowledge();
    const e = evaluateProject(await sampleProject(name), k);
    const traceIds = new Set(e.sizing.trace.map((t) => t.id));
    const untraced = (e.ruleBom?.lines ?? []).filter((l) => l.source.kind === 'rule' && l.source.traceRef !== undefined && !traceIds.has(l.source.traceRef));
    expect(untraced.map((l) => l.id)).toEqual([]);
    const withoutRef = (e.ruleBom?.lines ?? []).filter((l) => l.source.kind === 'rule' && !l.source.traceRef);
    // Sundries are placed by BOM rules alone; everything else comes from a sizing result.
    expect(withoutRef.every((l) => l.source.kind === 'rule' && /sundr|wiring|terminal|label|cabinet|panel/i.test(l.source.ruleId))).toBe(true);
  });

  it('money adds up to the fen: lines → panels → quote, ex VAT + VAT = incl. VAT', async () => {
    const k = await shippedKnowledge();
    const priced = evaluateProject(await sampleProject(name), k).priced!;
    const t = priced.totals;
    expect(sumMoney(priced.lines.map((l) => l.netAmountExVat)).equals(t.netAmountExVat)).toBe(true);
    expect(sumMoney(priced.panels.map((p) => p.netAmountExVat)).equals(t.netAmountExVat)).toBe(true);
    expect(sumMoney(priced.lines.map((l) => l.totalCost)).equals(t.totalCost)).toBe(true);
    expect(sumMoney(priced.lines.map((l) => l.vat)).equals(t.vat)).toBe(true);
    expect(t.netAmountExVat.plus(t.vat).equals(t.amountIncVat)).toBe(true);
    for (const v of [t.netAmountExVat, t.vat, t.amountIncVat, t.totalCost]) expect(v.decimalPlaces()).toBeLessThanOrEqual(2);
  });
});
