import { describe, expect, it } from 'vitest';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { itemKey } from '../../src/core/pricing/price.ts';
import { SAMPLE_PROJECTS, sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/** Issue 10, done-when: both samples quote one unit price per item and count the cabinets in their BOM. */
describe.each(SAMPLE_PROJECTS)('%s', (file) => {
  it('one unit price per item; the per-cabinet cost counts the cabinets in the BOM', async () => {
    const k = await shippedKnowledge();
    const e = evaluateProject(await sampleProject(file), k);
    const q = e.priced!;
    const prices = new Map<string, Set<string>>();
    e.bom!.lines.forEach((l, i) => prices.set(itemKey(l), (prices.get(itemKey(l)) ?? new Set()).add(q.lines[i]!.unitPrice.toFixed(2))));
    expect([...prices.values()].filter((s) => s.size > 1)).toEqual([]);
    // Real cabinets: charger, feeder, sub-feeder and other panels; the site group and battery racks are not.
    const cabinets = e.bom!.panels.filter((p) => p.kind !== 'other' && p.kind !== 'batteryRack').length;
    expect(q.costLayers.find((c) => c.id === 'assembly')!.panelCount).toBe(cabinets);
    expect(q.costLayers.find((c) => c.id === 'assembly')!.amount.toFixed(2)).toBe((800 * cabinets).toFixed(2));
  });
});
