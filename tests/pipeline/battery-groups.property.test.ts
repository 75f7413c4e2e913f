import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportDocument } from '../../src/core/export/calculation-report.ts';
import { customerGroups, lineSpec, requirePriced } from '../../src/core/export/export-input.ts';
import type { Templates } from '../../src/core/export/templates.ts';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { Money, sumMoney } from '../../src/core/money.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { shippedTemplates } from '../export/helpers/documents.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * Issue 10 item 7 over generated projects: the battery reads as groups where people read it. Whatever
 * the arrangement, unit voltage and size, the battery lines printed in the customer quote (PDF and .xlsx
 * render the same model), in the internal BOM (same spec text) and the calculation book state the
 * sizing's groups and units per group, and the cells printed add up to groups × units per group.
 * 1,000 projects in the suite; DCQ_PROPERTY_RUNS for the long run.
 */
const RUNS = Math.max(1, Number(process.env.DCQ_PROPERTY_RUNS ?? '') || 1000);

let k: Knowledge;
let templates: Templates;
let bases: ProjectFile[];
beforeAll(async () => {
  k = await shippedKnowledge();
  templates = shippedTemplates();
  bases = [await sampleProject('sample-110kv.json'), await sampleProject('sample-220kv.json')];
});

const genArb = fc.record({
  base: fc.integer({ min: 0, max: 1 }),
  arrangement: fc.constantFrom(undefined, '1b1c' as const, '1b2c' as const, '2b2c' as const, '2b3c' as const),
  unitVoltageV: fc.constantFrom(2 as const, 12 as const),
  scale: fc.integer({ min: 10, max: 400 }),
  lang: fc.constantFrom('zh' as const, 'en' as const),
});
type Gen = typeof genArb extends fc.Arbitrary<infer T> ? T : never;

function project(g: Gen): ProjectFile {
  const base = bases[g.base]!;
  const loads = base.requirements.loads.map((l) => {
    const out = { ...l };
    if ('powerKW' in out && out.powerKW !== undefined) out.powerKW = Math.round(out.powerKW * g.scale) / 100;
    return out;
  });
  const battery = { ...base.requirements.battery, unitVoltageV: g.unitVoltageV };
  const req = { ...base.requirements, loads, battery, ...(g.arrangement ? { arrangement: g.arrangement } : {}) };
  return { ...base, requirements: req as ProjectFile['requirements'] };
}

/** "第 1 组（共 2 组 × 104 只），本柜 52 只" / "group 1 of 2 groups × 104 cells, 52 cells in this cabinet", parsed. */
function printedGroups(spec: string, lang: 'zh' | 'en'): { index?: number; count: number; perGroup: number; part?: number } | null {
  const m =
    lang === 'zh'
      ? /(?:第 (\d+) 组（共 )?(\d+) 组 × (\d+) (?:只|块)）?(?:，本柜 (\d+) (?:只|块))?$/.exec(spec)
      : /(?:group (\d+) of )?(\d+) groups? × (\d+) (?:cells?|blocks?)(?:, (\d+) (?:cells?|blocks?) in this cabinet)?$/.exec(spec);
  if (!m) return null;
  return { ...(m[1] ? { index: Number(m[1]) } : {}), count: Number(m[2]), perGroup: Number(m[3]), ...(m[4] ? { part: Number(m[4]) } : {}) };
}

describe(`battery groups as printed, over ${RUNS} generated projects`, () => {
  it('every printed battery line states the sizing’s groups × units; the cells printed add up to the bank; the book says the same', () => {
    let checked = 0;
    const arrangements = new Set<number>();
    fc.assert(
      fc.property(genArb, (g) => {
        const pf = project(g);
        const evaluation = evaluateProject(pf, k);
        const cfg = evaluation.sizing.configuration;
        if (!evaluation.priced || !cfg) return;
        checked += 1;
        const b = cfg.battery;
        arrangements.add(b.groups);
        const input = { project: pf, evaluation, knowledge: k, lang: g.lang };

        // Customer quote (PDF and .xlsx are rendered from this model).
        const printed = customerGroups(input).flatMap((grp) => grp.lines.filter((l) => l.code === b.itemCode));
        expect(printed.length).toBeGreaterThan(0);
        const perIndex = new Map<number, Money>();
        for (const l of printed) {
          const p = printedGroups(l.spec, g.lang);
          expect(p, `customer line spec "${l.spec}" states its groups`).not.toBeNull();
          expect(p!.count).toBe(b.groups);
          expect(p!.perGroup).toBe(b.unitsPerGroup);
          if (b.groups > 1) expect(p!.index, `"${l.spec}" says which group`).toBeDefined();
          const says = p!.part ?? (p!.index !== undefined ? p!.perGroup : p!.count * p!.perGroup);
          expect(l.quantity.toString()).toBe(String(says));
          const key = p!.index ?? 0;
          perIndex.set(key, (perIndex.get(key) ?? new Money(0)).plus(l.quantity));
        }
        expect(sumMoney(printed.map((l) => l.quantity)).toString()).toBe(String(b.groups * b.unitsPerGroup));
        expect(String(b.groups * b.unitsPerGroup)).toBe(String(b.totalUnits));
        if (b.groups > 1) {
          expect([...perIndex.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: b.groups }, (_, i) => i + 1));
          for (const v of perIndex.values()) expect(v.toString()).toBe(String(b.unitsPerGroup));
        }

        // Internal BOM workbook: the same spec text on every battery line.
        for (const l of requirePriced(evaluation).lines.filter((x) => x.code === b.itemCode)) {
          const p = printedGroups(lineSpec(l, k, g.lang), g.lang);
          expect(p).not.toBeNull();
          expect([p!.count, p!.perGroup]).toEqual([b.groups, b.unitsPerGroup]);
        }

        // Calculation book: the battery input states the same groups × units per group.
        const book = reportDocument({ project: pf, evaluation, knowledge: k, templates, lang: g.lang, date: '2026-11-24' });
        const battery = book.inputs.find((x) => x.label === (g.lang === 'zh' ? '蓄电池' : 'Battery'));
        const bank = g.lang === 'zh' ? `${b.groups} 组 × ${b.unitsPerGroup} ` : `${b.groups} group${b.groups === 1 ? '' : 's'} × ${b.unitsPerGroup} `;
        expect(battery?.value).toContain(bank);
      }),
      { numRuns: RUNS },
    );
    // About half the generated projects reach a priced battery line; a quarter is far below that on any
    // seed (binomial, 1,000 runs) and still proves the property was exercised, not skipped.
    expect(checked).toBeGreaterThan(RUNS / 4);
    expect([...arrangements].sort()).toEqual([1, 2]);
  }, 600_000);
});
