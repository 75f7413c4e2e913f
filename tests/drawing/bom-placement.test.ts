import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { BomLine } from '../../src/core/bom/model.ts';
import { drawingSvgs } from '../../src/core/drawing/index.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { emptyQuoteState } from '../../src/core/quote/schema.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { largestProject, projectOf, shapes } from './generated.ts';
import { drawingOf, layoutFaults, svgGroups } from './helpers.ts';

/**
 * Issue #14: the drawing shows what was priced. Every breaker sits on the panel the BOM puts it in with the
 * rating of the item the BOM holds there; sampling boxes and droppers are drawn as many as the BOM has; an
 * AC input breaker nothing rates says 待定. Everything is read back from the SVG, as a reviewer reads it.
 */
const RUNS = Math.max(1, Math.round((Number(process.env.DCQ_PROPERTY_RUNS ?? '') || 1000) / 20));
const k = await shippedKnowledge();
const base220 = await sampleProject('sample-220kv.json');
const base110 = await sampleProject('sample-110kv.json');
const baseIt = await sampleProject('sample-integrated-telecom.json');

const isBreakerTrace = (t: string | undefined) => t !== undefined && (t.startsWith('breakers.') || t === 'ac.breakers');
const familyOf = (l: BomLine) => /#([^@]+)@/.exec(l.id)?.[1];
const ratingOf = (code: string) => (k.catalog.byCode.get(code) as { ratedCurrentA?: number } | undefined)?.ratedCurrentA;
const count = <K>(m: Map<K, number>, key: K, n = 1) => m.set(key, (m.get(key) ?? 0) + n);
const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));

function withEdits(p: ProjectFile, edits: unknown[]): ProjectFile {
  return { ...p, quote: { ...emptyQuoteState(), edits } } as ProjectFile;
}

/** Breakers per (trace entry, panel) in the BOM and in the SVG, and each drawn rating against the BOM item's. */
function placement(project: ProjectFile, lang: 'zh' | 'en' = 'zh') {
  const bom = evaluateProject(project, k).bom!;
  const groups = svgGroups(drawingSvgs(drawingOf(project, k, lang)));
  const inBom = new Map<string, number>();
  for (const l of bom.lines) if (l.source.kind === 'rule' && familyOf(l) === 'breaker') count(inBom, `${l.source.traceRef} @ ${l.panelId}`, Number(l.quantity));
  const drawn = new Map<string, number>();
  const ratingFaults: string[] = [];
  for (const [id, g] of groups) {
    if (!isBreakerTrace(g.trace)) continue;
    count(drawn, `${g.trace} @ ${g.panel ?? 'not in the BOM'}`);
    if (g.panel === undefined) continue;
    const line = bom.lines.find((l) => l.panelId === g.panel && l.source.kind === 'rule' && l.source.traceRef === g.trace && l.item.kind === 'catalog' && l.item.code === g.item);
    const rating = line?.item.kind === 'catalog' ? ratingOf(line.item.code) : undefined;
    if (rating === undefined) ratingFaults.push(`${id}: no BOM line of ${g.item} for ${g.trace} in ${g.panel}`);
    else if (!new RegExp(`(^| )${rating} A( |$)`).test(g.texts.join(' '))) ratingFaults.push(`${id} in ${g.panel}: "${g.texts.join(' ')}" does not print the BOM item's ${rating} A`);
  }
  return { inBom: sorted(inBom), drawn: sorted(drawn), ratingFaults, groups };
}

/** Sampling boxes and battery monitoring per catalog code: the BOM's count against the counts the SVG prints. */
function samplingCounts(project: ProjectFile, lang: 'zh' | 'en') {
  const bom = evaluateProject(project, k).bom!;
  const groups = svgGroups(drawingSvgs(drawingOf(project, k, lang)));
  const inBom = new Map<string, number>();
  const faults: string[] = [];
  for (const l of bom.lines) {
    const f = familyOf(l);
    if (l.source.kind !== 'rule' || (f !== 'samplingBox' && f !== 'batteryInspection') || l.item.kind !== 'catalog') continue;
    count(inBom, l.item.code, Number(l.quantity));
    const g = groups.get(`box.${l.id}`);
    if (!g) faults.push(`${l.id}: not drawn`);
    else if (g.panel !== l.panelId || !g.texts.join(' ').includes(`${l.item.code} ×${l.quantity} `)) faults.push(`${l.id}: drawn as "${g.texts.join(' ')}" in ${g.panel}`);
  }
  const drawn = new Map<string, number>();
  const words = lang === 'zh' ? '采样盒|电池巡检' : 'sampling box|cell monitor';
  for (const g of groups.values()) {
    for (const m of g.texts.join(' ').matchAll(new RegExp(`(\\S+) ×(\\d+) (?:${words})`, 'g'))) count(drawn, m[1] as string, Number(m[2]));
  }
  return { inBom: sorted(inBom), drawn: sorted(drawn), faults };
}

describe('the drawing shows what the BOM priced', () => {
  test('the samples and the largest system: every breaker on its BOM panel with the BOM item rating', () => {
    for (const p of [base110, base220, baseIt, largestProject(base220)]) {
      const r = placement(p);
      expect(r.drawn).toEqual(r.inBom);
      expect(r.ratingFaults).toEqual([]);
    }
    // The 220 kV sample: 2 feeder panels; the BOM puts feeders 1–15 of the first feeder group in panel 1, 16–30 in panel 2.
    const g = placement(base220).groups;
    expect(g.get('brk.main.0#15')?.panel).toBe('feederPanel-1');
    expect(g.get('brk.main.0#16')?.panel).toBe('feederPanel-2');
  });

  test('generated projects (property): drawn breakers per panel equal the BOM, ratings equal the BOM items', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom('zh' as const, 'en' as const), (shape, lang) => {
        const p = projectOf(shape, base220, base110);
        fc.pre(evaluateProject(p, k).sizing.ok);
        const r = placement(p, lang);
        expect(r.drawn).toEqual(r.inBom);
        expect(r.ratingFaults).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test("an engineer's quantity edit: extra units are drawn as spare circuits on that panel, missing ones apart as not in the BOM", () => {
    const line = 'cfg.breakers.main.0#breaker@feederPanel-1';
    const more = withEdits(base220, [{ type: 'setQuantity', lineId: line, quantity: '17' }]);
    const r = placement(more);
    expect(r.drawn).toEqual(r.inBom);
    expect(r.groups.get('brk.main.0#spare2')?.texts.join(' ')).toMatch(/备用 2/);
    expect(r.groups.get('brk.main.0#spare2')?.panel).toBe('feederPanel-1');
    const fewer = placement(withEdits(base220, [{ type: 'setQuantity', lineId: line, quantity: '13' }]));
    expect(fewer.drawn.filter(([key]) => key.endsWith('not in the BOM'))).toEqual([['breakers.main.0 @ not in the BOM', 2]]);
    expect(fewer.drawn.filter(([key]) => !key.endsWith('not in the BOM'))).toEqual(fewer.inBom);
    expect([...fewer.groups.values()].some((g) => g.texts.join('').includes('未列入报价清单（BOM）的回路'))).toBe(true);
  });

  test('AC breaker units beyond the circuits drawn (an engineer raised a quantity) are drawn as 备用 on their AC panel', () => {
    const line = 'cfg.ac.breakers#breaker@acPanel-1.2';
    const r = placement(withEdits(base110, [{ type: 'setQuantity', lineId: line, quantity: '21' }]));
    expect(r.drawn).toEqual(r.inBom);
    expect(r.ratingFaults).toEqual([]);
    for (const n of [1, 2, 3]) {
      expect(r.groups.get(`acdist.spare#${n}`)?.texts.join(' ')).toMatch(new RegExp(` 16 A 备用 ${n}$`));
      expect(r.groups.get(`acdist.spare#${n}`)?.panel).toBe('acPanel-1');
    }
    expect(r.groups.has('acdist.spare#4')).toBe(false);
    expect(placement(withEdits(base110, [{ type: 'setQuantity', lineId: line, quantity: '19' }]), 'en').groups.get('acdist.spare#1')?.texts.join(' ')).toMatch(/ 16 A Spare 1$/);
  });

  test('a panel drawn only for its spares (charger outputs raised) is titled as spares, not as a bus section', () => {
    const line = 'cfg.breakers.chargerOutput#breaker@chargerPanel-1';
    for (const [lang, title] of [['zh', '充电屏 1 · 备用'], ['en', /^Charger panel 1 · Spare$/i]] as const) {
      const d = drawingOf(withEdits(base220, [{ type: 'setQuantity', lineId: line, quantity: '3' }]), k, lang);
      const titles = d.elements.flatMap((e) => e.labels.map((l) => l.text));
      expect(titles.some((t) => (typeof title === 'string' ? t === title : title.test(t)))).toBe(true);
      expect(titles.some((t) => /^(充电屏 1 · (I|II) 段|Charger panel 1 · Section)/.test(t))).toBe(false);
    }
  });

  test('every breaker unit of the BOM appears once on the drawing, whatever quantities the engineer set (property, DC and AC lines)', () => {
    const bases = [base110, base220, baseIt];
    const breakerLines = bases.map((p) => evaluateProject(p, k).bom!.lines.filter((l) => l.source.kind === 'rule' && familyOf(l) === 'breaker').map((l) => ({ id: l.id, quantity: Number(l.quantity) })));
    const edits = fc.integer({ min: 0, max: bases.length - 1 }).chain((b) =>
      fc.tuple(fc.constant(b), fc.uniqueArray(fc.tuple(fc.constantFrom(...breakerLines[b]!), fc.integer({ min: -3, max: 6 })), { minLength: 1, maxLength: 5, selector: ([l]) => l.id })),
    );
    fc.assert(
      fc.property(edits, fc.constantFrom('zh' as const, 'en' as const), ([b, changes], lang) => {
        const p = withEdits(bases[b]!, changes.map(([l, d]) => ({ type: 'setQuantity', lineId: l.id, quantity: String(Math.max(1, l.quantity + d)) })));
        expect(evaluateProject(p, k).droppedEdits).toEqual([]);
        const r = placement(p, lang);
        // Each unit the BOM holds is drawn once, on its panel (units the engineer took out are drawn apart, not in the BOM).
        expect(r.drawn.filter(([key]) => !key.endsWith('not in the BOM'))).toEqual(r.inBom);
        expect(r.ratingFaults).toEqual([]);
        // Spares (and panels drawn only for their spares) keep the layout rules: no overlap, nothing off the sheet.
        expect(layoutFaults(drawingOf(p, k, lang))).toEqual([]);
      }),
      { numRuns: Math.max(1, Math.round(RUNS / 2)) },
    );
  });

  test("an engineer's swap (same rating, another make): the breaker is drawn as the BOM item, in the same panel", () => {
    const line = 'cfg.breakers.main.0#breaker@feederPanel-2';
    const p = withEdits(base220, [{ type: 'swapItem', lineId: line, code: 'ABB-S202MUC-C10' }]);
    expect(evaluateProject(p, k).droppedEdits).toEqual([]);
    const r = placement(p);
    expect(r.drawn).toEqual(r.inBom);
    expect(r.ratingFaults).toEqual([]);
    expect(r.groups.get('brk.main.0#16')?.item).toBe('ABB-S202MUC-C10');
    expect(r.groups.get('brk.main.0#15')?.item).toBe('SCH-C65HDC-2P-C10');
  });

  test('sampling boxes and battery monitoring: drawn where the BOM puts them (battery groups, feeder and sub panels), counts equal', () => {
    for (const p of [base110, base220, baseIt, largestProject(base220)]) {
      for (const lang of ['zh', 'en'] as const) {
        const r = samplingCounts(p, lang);
        expect(r.faults).toEqual([]);
        expect(r.drawn).toEqual(r.inBom);
      }
    }
    // Battery monitoring (电池巡检) is drawn with each battery group: in its rack, on sheet 1.
    const d = drawingOf(base220, k);
    for (const g of [1, 2]) expect(d.elements.find((e) => e.panelId === `batteryRack-${g}` && e.labels.some((l) => l.text.includes('电池巡检')))?.sheet).toBe(1);
  });

  test('sampling counts (property over generated projects)', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const p = projectOf(shape, base220, base110);
        fc.pre(evaluateProject(p, k).sizing.ok);
        const r = samplingCounts(p, 'zh');
        expect(r.faults).toEqual([]);
        expect(r.drawn).toEqual(r.inBom);
      }),
      { numRuns: Math.max(1, Math.round(RUNS / 2)) },
    );
  });

  test('droppers only where the BOM has them, as many as it has', () => {
    const dropperProject: ProjectFile = { ...base220, requirements: { ...base220.requirements, battery: { ...base220.requirements.battery, equalizeVoltagePerCellV: 2.35 } } };
    const ev = evaluateProject(dropperProject, k);
    expect(ev.sizing.configuration?.dropper).not.toBeNull();
    const bomDroppers = ev.bom!.lines.filter((l) => familyOf(l) === 'dropper');
    expect(bomDroppers.reduce((a, l) => a + Number(l.quantity), 0)).toBe(2);
    const groups = (p: ProjectFile) => [...svgGroups(drawingSvgs(drawingOf(p, k)))];
    const with2 = groups(dropperProject);
    expect(with2.filter(([, g]) => g.trace === 'voltage.dropper').map(([, g]) => g.panel).sort()).toEqual(bomDroppers.map((l) => l.panelId).sort());
    expect(with2.some(([, g]) => g.texts.join('').includes('控制母线'))).toBe(true);
    // The engineer took the droppers out of the quote: the drawing has none, and no separate control bus.
    const without = groups(withEdits(dropperProject, bomDroppers.map((l) => ({ type: 'removeLine', lineId: l.id }))));
    expect(without.filter(([, g]) => g.trace === 'voltage.dropper')).toEqual([]);
    expect(without.some(([, g]) => g.texts.join('').includes('控制母线'))).toBe(false);
    // Without a dropper in the configuration there is none on the drawing (the samples).
    expect(groups(base220).filter(([, g]) => g.trace === 'voltage.dropper')).toEqual([]);
  });

  test('AC input breakers: the station AC incomers carry the BOM item rating; the charger AC input, which nothing rates, says 待定 / TBD', () => {
    const g = svgGroups(drawingSvgs(drawingOf(base110, k)));
    // No rule or field rates the charger's AC input breaker: the drawing says so rather than inventing one.
    expect(g.get('ac.1.breaker')?.texts.join(' ')).toMatch(/交流输入 In 待定$/);
    expect(svgGroups(drawingSvgs(drawingOf(base110, k, 'en'))).get('ac.1.breaker')?.texts.join(' ')).toMatch(/AC input In TBD$/);
    // The station AC panel's incomers (integrated.acRatedCurrentA = 250 A → the catalog's 250 A breaker, in the AC panel).
    for (const n of [1, 2]) {
      expect(g.get(`acdist.incomer#${n}`)?.texts.join(' ')).toMatch(/ 250 A 交流进线 \d$/);
      expect(g.get(`acdist.incomer#${n}`)?.panel).toBe('acPanel-1');
    }
  });
});
