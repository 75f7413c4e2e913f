import { describe, expect, it } from 'vitest';
import { Money, sumMoney } from '../../src/core/money.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { compareRevisions, PRICE_NOISE } from '../../src/core/quote/revisions.ts';
import { snapshotOf } from '../../src/core/quote/snapshot.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/** Item 9 of issue 10 (the compare part): revisions compare by item, real changes first, no cent noise. */
describe('comparing revisions by item', () => {
  it('a load change on the 220 kV sample lists the items that really changed, not every re-shared cent', async () => {
    const k = await shippedKnowledge();
    const p = await sampleProject('sample-220kv.json');
    const more: ProjectFile = { ...p, requirements: { ...p.requirements, loads: p.requirements.loads.map((l, i) => (i === 0 && 'powerKW' in l && l.powerKW !== undefined ? { ...l, powerKW: l.powerKW * 3 } : l)) } };
    const a = evaluateProject(p, k).priced!;
    const b = evaluateProject(more, k).priced!;
    const diff = compareRevisions({ letter: 'A', snapshot: snapshotOf(a) }, { letter: 'B', snapshot: snapshotOf(b) });
    expect(diff.items.length).toBeGreaterThan(0);
    // Every listed item is a real change: added, removed, a new quantity, or a price move beyond noise.
    for (const d of diff.items) {
      const priceMove = d.unitPrice ? new Money(d.unitPrice.to).minus(d.unitPrice.from).abs() : new Money(0);
      const real = d.kind !== 'changed' || d.quantity !== undefined || priceMove.greaterThan(new Money(d.unitPrice?.from ?? 0).times(PRICE_NOISE));
      expect(real, JSON.stringify(d)).toBe(true);
    }
    // Real changes first: added/removed, then quantities, then prices.
    const rank = diff.items.map((d) => (d.kind !== 'changed' ? 0 : d.quantity ? 1 : 2));
    expect([...rank].sort((x, y) => x - y)).toEqual(rank);
    // Fewer entries than changed lines, and nothing lost: listed + repriced amount = the change of the amount.
    expect(diff.items.length).toBeLessThan(diff.lines.length);
    const listed = sumMoney(diff.items.map((d) => d.amount.delta));
    expect(listed.plus(diff.repriced.amountDelta).toFixed(2)).toBe(new Money(b.totals.amountExVat).minus(a.totals.amountExVat).toFixed(2));
  });

  it('the same quote compared with itself lists nothing', async () => {
    const k = await shippedKnowledge();
    const a = evaluateProject(await sampleProject('sample-110kv.json'), k).priced!;
    const diff = compareRevisions({ snapshot: snapshotOf(a) }, { snapshot: snapshotOf(a) });
    expect(diff.items).toEqual([]);
    expect(diff.repriced).toEqual({ items: 0, amountDelta: '0.00' });
  });
});
