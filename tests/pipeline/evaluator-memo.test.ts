import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { Money } from '../../src/core/money.ts';
import { createProjectEvaluator, evaluateProject, quoteStateOf } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * The app evaluates through `createProjectEvaluator` (issue #16: an edit within one frame), which reuses
 * the pricing stage while the BOM, the pricing settings and the knowledge are unchanged. Over random
 * sequences of edits — load powers and names, the margin, a BOM quantity, the payment terms, another
 * catalog — every evaluation equals a fresh `evaluateProject` of the same project.
 */
const RUNS = Math.max(1, Math.min(Number(process.env.DCQ_PROPERTY_RUNS ?? '') || 25, 200));
const context = { now: '2026-11-30T12:00:00+08:00' };

let k: Knowledge;
let k2: Knowledge;
let base: ProjectFile;
let lineIds: string[];
beforeAll(async () => {
  k = await shippedKnowledge();
  // The same catalog with every cost 1 yuan higher: a memo that ignored the knowledge would keep the old price.
  const items = k.catalog.items.map((i) => ({ ...i, costPrice: new Money(i.costPrice).plus(1).toFixed(2) }));
  k2 = { ...k, catalog: { ...k.catalog, items, byCode: new Map(items.map((i) => [i.code, i])) } };
  base = await sampleProject('sample-110kv.json');
  lineIds = evaluateProject(base, k, context).bom?.lines.map((l) => l.id) ?? [];
});

const editArb = fc.oneof(
  fc.record({ type: fc.constant('power' as const), load: fc.nat(20), kw: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ type: fc.constant('name' as const), load: fc.nat(20), name: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ type: fc.constant('margin' as const), pct: fc.integer({ min: 5, max: 40 }) }),
  fc.record({ type: fc.constant('quantity' as const), line: fc.nat(60), quantity: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ type: fc.constant('terms' as const), text: fc.string({ maxLength: 6 }) }),
  fc.record({ type: fc.constant('catalog' as const), other: fc.boolean() }),
);
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function apply(p: ProjectFile, e: Edit): ProjectFile {
  const loads = p.requirements.loads;
  const quote = quoteStateOf(p);
  switch (e.type) {
    case 'power':
    case 'name': {
      const i = e.load % loads.length;
      const next = loads.slice();
      const load = next[i] as (typeof loads)[number];
      next[i] = e.type === 'name' ? { ...load, name: e.name } : 'powerKW' in load && load.powerKW !== undefined ? { ...load, powerKW: e.kw / 100 } : load;
      return { ...p, requirements: { ...p.requirements, loads: next } };
    }
    case 'margin':
      return { ...p, quote: { ...quote, settings: { mode: 'targetMargin', marginPct: String(e.pct), allocateBy: 'cost' } } };
    case 'quantity': {
      const lineId = lineIds[e.line % Math.max(1, lineIds.length)];
      return lineId ? { ...p, quote: { ...quote, edits: [...quote.edits, { type: 'setQuantity', lineId, quantity: String(e.quantity) }] } } : p;
    }
    case 'terms':
      return { ...p, quote: { ...quote, terms: { ...quote.terms, paymentTerms: e.text } } };
    case 'catalog':
      return p;
  }
}

describe('the memoised evaluator the app uses equals evaluateProject (issue #16)', () => {
  it('over random edit sequences', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 2, maxLength: 6 }), (edits) => {
        const evaluate = createProjectEvaluator();
        let p = base;
        let knowledge = k;
        expect(evaluate(p, knowledge, context)).toEqual(evaluateProject(p, knowledge, context));
        for (const e of edits) {
          p = apply(p, e);
          if (e.type === 'catalog') knowledge = e.other ? k2 : k;
          expect(evaluate(p, knowledge, context)).toEqual(evaluateProject(p, knowledge, context));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reuses the priced quote when an edit leaves the BOM and the settings alone, and only then', () => {
    const evaluate = createProjectEvaluator();
    const first = evaluate(base, k, context);
    const renamed = apply(base, { type: 'name', load: 0, name: '改名' });
    expect(evaluate(renamed, k, context).priced).toBe(first.priced);
    const margin = apply(renamed, { type: 'margin', pct: 33 });
    expect(evaluate(margin, k, context).priced).not.toBe(first.priced);
  });

  it('runs only the untraced sizing at an edit; the trace and the stages after the sizing once, when first read', () => {
    let bomRuleReads = 0;
    const counting: Knowledge = Object.defineProperty({ ...k }, 'bomRules', {
      enumerable: true,
      get: () => {
        bomRuleReads++;
        return k.bomRules;
      },
    });
    const evaluate = createProjectEvaluator();
    const ev = evaluate(base, counting, context);
    expect(ev.sizing.loadStatistics?.rows.length).toBe(base.requirements.loads.length);
    expect(ev.sizing.configuration).not.toBeNull();
    expect(bomRuleReads).toBe(0);
    expect(Object.getOwnPropertyDescriptor(ev.sizing, 'trace')?.get).toBeTypeOf('function');
    expect(ev.bom?.lines.length).toBeGreaterThan(0);
    expect(bomRuleReads).toBe(1);
    expect(ev.priced).toBe(ev.priced);
    expect(ev.problems).toBe(ev.problems);
    expect(bomRuleReads).toBe(1);
    // Read, spread and serialised like the eager evaluation, members in the same order.
    const eager = evaluateProject(base, k, context);
    expect({ ...ev }).toEqual(eager);
    expect(JSON.stringify(ev)).toBe(JSON.stringify(eager));
  });
});
