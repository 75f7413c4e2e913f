import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../src/core/knowledge.ts';
import type { Requirements } from '../../src/core/project/schema.ts';
import { EPS } from '../../src/core/sizing/context.ts';
import { size } from '../../src/core/sizing/index.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * Issue 12: the load-statistics table must not grow as loads × boundaries. The limits (rules/limits)
 * keep real input small, but the computation itself holds only the loads, their runs over the columns
 * and the columns: sizing 3,000 loads of distinct durations (3,000 boundaries) keeps well under the
 * 9 million cells a dense table would hold. The cells read the same as the definition (a load's current
 * in every column that lies wholly inside one of its periods).
 */
let k: Knowledge;
let base: Requirements;
beforeAll(async () => {
  k = await shippedKnowledge();
  base = (await sampleProject('sample-110kv.json')).requirements;
});

/** The heap in use after a full collection (v8's gc, exposed for this test). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function withLoads(loads: Requirements['loads']): Requirements {
  return { ...base, loads: [...base.loads, ...loads] };
}

describe('load statistics: memory O(loads + periods + boundaries)', () => {
  it('3,000 loads of distinct durations: the sizing result does not hold loads × boundaries cells', () => {
    const n = 3000;
    const req = withLoads(Array.from({ length: n }, (_, i) => ({ name: `L${i}`, kind: 'other' as const, function: 'control' as const, powerKW: 0.01, durationMin: 1 + (i * 118) / n + 0.001, loadFactor: 0.8 })) as Requirements['loads']);
    const h0 = heapAfterGc();
    const r = size(req, k.catalog, k.sizingRules, { trace: false });
    const retainedMB = (heapAfterGc() - h0) / 1024 / 1024;
    const s = r.loadStatistics!;
    expect(s.columns.length).toBeGreaterThan(n);
    expect(s.rows.length).toBe(base.loads.length + n);
    // A dense table of ≥ 9 million cells would hold ≥ 70 MB; the runs hold a few MB.
    expect(retainedMB).toBeLessThan(25);
    // Reading a row gives its cells, as many as there are columns.
    const last = s.rows[s.rows.length - 1]!;
    expect(last.periodsA.length).toBe(s.columns.length);
    expect(last.periodsA.filter((a) => a !== null).length).toBeGreaterThan(s.columns.length / 2);
  }, 60_000);

  it('cells and step currents equal the definition, periods overlapping or not, over generated loads', () => {
    const periodArb = fc.tuple(fc.integer({ min: 0, max: 119 }), fc.integer({ min: 1, max: 60 })).map(([s, d]) => ({ startMin: s, endMin: Math.min(120, s + d) }));
    const loadArb = fc.record({ kw: fc.integer({ min: 1, max: 500 }), periods: fc.array(periodArb, { minLength: 1, maxLength: 4 }), control: fc.boolean() });
    fc.assert(
      fc.property(fc.array(loadArb, { minLength: 1, maxLength: 12 }), (ls) => {
        const req = withLoads(ls.map((l, i) => ({ name: `G${i}`, kind: 'other' as const, function: l.control ? ('control' as const) : ('power' as const), powerKW: l.kw / 100, loadFactor: 1, periods: l.periods })) as Requirements['loads']);
        const r = size(req, k.catalog, k.sizingRules, { trace: false });
        const s = r.loadStatistics;
        if (!s) return;
        const sums = s.columns.map(() => 0);
        s.rows.forEach((row, n) => {
          const cells = row.periodsA;
          const input = req.loads[n]!;
          const periods = 'periods' in input && input.periods ? input.periods : null;
          s.columns.forEach((c, ci) => {
            if (!periods) return;
            const runs = periods.some((q) => q.startMin <= c.startMin + EPS && Math.min(q.endMin, s.dutyCycleMin) >= c.endMin - EPS);
            expect(cells[ci]).toBe(runs ? row.currentA : null);
          });
          cells.forEach((a, ci) => {
            if (a !== null) sums[ci] = sums[ci]! + a;
          });
        });
        sums.forEach((a, ci) => expect(s.totals.periodsA[ci]).toBe(a));
      }),
      { numRuns: 200 },
    );
  });
});
