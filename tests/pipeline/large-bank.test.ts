import { describe, expect, it } from 'vitest';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * A large bank (power-plant scale): I1h = 5.5·I10 passes the 800 A top of the moulded-case series, so
 * the battery outlet needs a DC air circuit breaker from the catalog; the quote must still come out.
 */
describe('a 2500 Ah bank', () => {
  it('sizes, picks a battery-outlet breaker ≥ I1h above 800 A, and prices', async () => {
    const k = await shippedKnowledge();
    const base = await sampleProject('sample-220kv.json');
    const project = {
      ...base,
      requirements: { ...base.requirements, loads: [...base.requirements.loads, { name: '大功率事故照明', kind: 'emergencyLighting' as const, powerKW: 120 }] },
    };
    const e = evaluateProject(project, k);
    expect(e.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const c = e.sizing.configuration!;
    expect(c.battery.capacityAh).toBeGreaterThanOrEqual(2000);
    const i1h = 5.5 * c.battery.i10A;
    expect(i1h).toBeGreaterThan(800);
    const outlet = c.breakers.find((b) => /outlet/i.test(b.name.en))!;
    expect(outlet.ratingA).toBeGreaterThanOrEqual(i1h);
    expect(k.catalog.byCode.get(outlet.itemCode!)?.family === 'breaker' && (k.catalog.byCode.get(outlet.itemCode!) as { frame: string }).frame).toBe('acb');
    expect(e.priced?.totals.amountIncVat.greaterThan(0)).toBe(true);
  });
});
