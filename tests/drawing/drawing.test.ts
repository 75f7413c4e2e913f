import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { drawingSvgs, type Drawing } from '../../src/core/drawing/index.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { largestProject, projectOf, shapes } from './generated.ts';
import { drawingOf, drawingTemplate, layoutFaults, svgTexts } from './helpers.ts';

const RUNS = Math.max(1, Math.round((Number(process.env.DCQ_PROPERTY_RUNS ?? '') || 1000) / 20));
const k = await shippedKnowledge();
const base220 = await sampleProject('sample-220kv.json');
const base110 = await sampleProject('sample-110kv.json');
const baseIt = await sampleProject('sample-integrated-telecom.json');

/** Every breaker rating and battery capacity of the configuration, read back from the SVG. */
function readBackFaults(project: typeof base220, d: Drawing): string[] {
  const c = evaluateProject(project, k).sizing.configuration!;
  const texts = svgTexts(drawingSvgs(d));
  const faults: string[] = [];
  const ratingOf = (id: string) => {
    const t = texts.get(id);
    if (!t) return undefined;
    const m = t.join(' ').match(/(?:^|\s)(\d+(?:\.\d+)?) A(?:\s|$)/);
    return m ? Number(m[1]) : NaN;
  };
  for (const b of c.breakers) {
    const copies = b.kind === 'batteryOutlet' || b.kind === 'dischargeTest' ? c.arrangement.batteryGroups : b.kind === 'chargerOutput' ? c.arrangement.chargerSets : b.kind === 'busTie' || b.kind === 'subPanelIncoming' ? 1 : b.quantity;
    for (let n = 1; n <= copies; n++) {
      const id = b.kind === 'busTie' || b.kind === 'subPanelIncoming' ? b.id : `${b.id}#${n}`;
      const r = ratingOf(id);
      if (r !== b.ratingA) faults.push(`${id}: drawing says ${r}, configuration ${b.ratingA}`);
    }
  }
  for (let g = 1; g <= c.arrangement.batteryGroups; g++) {
    const t = (texts.get(`battery.${g}`) ?? []).join(' ');
    const m = t.match(/(\d+(?:\.\d+)?) Ah × (\d+)/);
    if (!m || Number(m[1]) !== c.battery.capacityAh || Number(m[2]) !== c.battery.unitsPerGroup) faults.push(`battery ${g}: "${t}" vs ${c.battery.capacityAh} Ah × ${c.battery.unitsPerGroup}`);
  }
  return faults;
}

describe('the one-line drawing', () => {
  test('the samples: no label overlaps, ratings and capacities read back from the SVG, designations unique', () => {
    for (const p of [base110, base220, baseIt]) {
      for (const lang of ['zh', 'en'] as const) {
        const d = drawingOf(p, k, lang);
        expect(layoutFaults(d)).toEqual([]);
        expect(readBackFaults(p, d)).toEqual([]);
        const des = d.elements.map((e) => e.designation).filter((x) => x !== undefined);
        expect(new Set(des).size).toBe(des.length);
      }
    }
  });

  test('the largest realistic system (2 groups, 3 charger sets, 60 feeders, 12 sub-panels) continues on more sheets, text stays ≥ 2.5 mm', () => {
    const p = largestProject(base220);
    const d = drawingOf(p, k);
    expect(d.sheetCount).toBeGreaterThanOrEqual(2);
    expect(layoutFaults(d)).toEqual([]);
    expect(readBackFaults(p, d)).toEqual([]);
    expect(d.elements.filter((e) => e.kind === 'feeder' && e.id.startsWith('brk.main.')).length).toBe(60);
    // Every circuit name is on the drawing, whole (wrapped, never cut).
    const all = drawingSvgs(d).join('');
    for (let i = 1; i <= 30; i++) expect(d.elements.find((e) => e.id === `brk.main.0#${i}`)?.labels.slice(2).map((l) => l.text).join('').replace(/ /g, '')).toBe(`220kV线路${i}保护测控装置电源`);
    expect(all).toContain('110 kV 继保小室直流分电屏 12');
  });

  test('generated projects: no two label boxes overlap and every rating reads back', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom('zh' as const, 'en' as const), (shape, lang) => {
        const p = projectOf(shape, base220, base110);
        const ev = evaluateProject(p, k);
        fc.pre(ev.sizing.ok);
        const d = drawingOf(p, k, lang);
        expect(layoutFaults(d)).toEqual([]);
        expect(readBackFaults(p, d)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test('every element that names a trace entry names one the sizing wrote (the app links a click to it)', () => {
    for (const p of [base110, base220, baseIt]) {
      const ids = new Set(evaluateProject(p, k).sizing.trace.map((t) => t.id));
      const d = drawingOf(p, k);
      const missing = d.elements.filter((e) => e.traceRef !== undefined && !ids.has(e.traceRef)).map((e) => `${e.id} → ${e.traceRef}`);
      expect(missing).toEqual([]);
      expect(d.elements.filter((e) => e.traceRef !== undefined).length).toBeGreaterThan(40);
    }
  });

  test('deterministic: the same project gives the same SVG', () => {
    const p = largestProject(base220);
    expect(drawingSvgs(drawingOf(p, k)).join('')).toBe(drawingSvgs(drawingOf(structuredClone(p), k)).join(''));
  });

  test('the designation style comes from the template (ZK/RD style)', () => {
    const gb = drawingOf(base220, k);
    const legacy = drawingOf(base220, k, 'zh', { ...drawingTemplate(), designationStyle: 'legacy' });
    expect(gb.elements.find((e) => e.id === 'brk.main.0#1')?.designation).toMatch(/^QF\d+$/);
    expect(legacy.elements.find((e) => e.id === 'brk.main.0#1')?.designation).toMatch(/^ZK\d+$/);
    expect(legacy.elements.find((e) => e.id === 'battery.1')?.designation).toBe('XDC1');
    expect(layoutFaults(legacy)).toEqual([]);
  });
});
