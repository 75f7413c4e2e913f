/**
 * Issue 10, sizing side: one test per defect (each failed before its fix). The class-wide invariants are
 * in invariants.property.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, CatalogItem } from '../../src/core/catalog/schema.ts';
import { validateRequirements } from '../../src/core/project/requirements.ts';
import { size } from '../../src/core/sizing/index.ts';
import { noTripTimeMs } from '../../src/core/sizing/check.ts';
import { sampleProject, SAMPLE_PROJECTS, shippedKnowledge } from '../fixtures/knowledge.ts';
import { realRules, requirements, testCatalog, w1Requirements } from './helpers.ts';
import { traceText } from '../../src/core/trace.ts';

/** All problems of a validation, errors or warnings. */
const problemsOf = (v: ReturnType<typeof validateRequirements>) => (v.ok ? v.warnings : v.problems);

let shipped: Catalog;
beforeAll(async () => {
  shipped = (await shippedKnowledge()).catalog;
});

describe('item 2/3: both sample projects size with no dropper and no charger-range warning', () => {
  for (const name of SAMPLE_PROJECTS) {
    it(name, async () => {
      const r = size((await sampleProject(name)).requirements, shipped, realRules());
      const c = r.configuration!;
      expect(c.dropper).toBeNull();
      expect(c.lines.some((l) => l.family === 'dropper')).toBe(false);
      expect(c.voltage).toMatchObject({ cellCount: 104, equalizePerCellV: 2.32, equalizeBasis: 'highestStepWithinLimit' });
      expect(r.problems.filter((p) => p.code === 'CHARGER_RANGE' || p.code === 'DROPPER_REQUIRED')).toEqual([]);
      expect(c.charger.outputRange).toMatchObject({ ok: true, bottomOk: true, topOk: true });
      // The end of discharge below the module range is information, not a warning (decision 9).
      expect(r.problems.find((p) => p.code === 'END_OF_DISCHARGE_BELOW_MODULE_RANGE')?.severity).toBe('info');
    });
  }
  it('heavy control loads in a combined 104-cell system no longer stop at "no dropper ≥ … A"', () => {
    const loads = Array.from({ length: 10 }, (_, i) => ({ name: `ctl${i}`, kind: 'controlProtection', powerKW: 8 }));
    const r = size(w1Requirements({ loads, charger: {} }), shipped, realRules());
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.configuration!.dropper).toBeNull();
  });
});

describe('item 3: a failing charger range says which end and what to choose', () => {
  const narrow = (top: number): CatalogItem =>
    ({ code: 'NARROW-220-10', nameZh: 'x', nameEn: 'x', spec: 'x', unit: 'pcs', brand: 'own', costPrice: '1.00', listPrice: '2.00', leadTimeDays: 1, status: 'active', alternates: [], family: 'rectifierModule', nominalVoltageV: 220, ratedCurrentA: 7, outputRangeV: { minV: 235, maxV: top }, acInput: '3P', efficiencyPct: 95, powerFactor: 0.95, slotWidth: 1 }) as CatalogItem;
  it('bottom above float → the bottom end, with the modules that cover it', () => {
    const r = size(w1Requirements({ charger: { moduleRatingA: 7 } }), testCatalog([narrow(300)]), realRules());
    const p = r.problems.filter((x) => x.code === 'CHARGER_RANGE');
    expect(p).toHaveLength(1);
    expect(p[0]!.message.en).toMatch(/bottom of its adjustable range, 235 V, is above the float voltage 231\.9 V.*ZHR22010-4/);
  });
  it('top below equalize → the top end and the equalize voltage that would fit', () => {
    const r = size(w1Requirements({ charger: { moduleRatingA: 7 }, battery: { technology: 'vrla', unitVoltageV: 2, floatVoltagePerCellV: 2.23 } }), testCatalog([{ ...narrow(240), outputRangeV: { minV: 180, maxV: 240 } } as CatalogItem]), realRules());
    const p = r.problems.find((x) => x.code === 'CHARGER_RANGE');
    expect(p?.message.en).toMatch(/top of its adjustable range, 240 V, is below the equalize voltage 241\.3 V.*equalize ≤ 2\.3 V\/cell/);
  });
});

describe('item 4: fields the sizing ignores for a load class are refused at the field', () => {
  const base = { site: { voltageLevel: 110, attended: false }, systemKind: 'dcSystem', nominalVoltageV: 220, dcLoadType: 'combined', battery: { unitVoltageV: 2 }, cables: { batteryToPanelM: 10 } };
  const check = (load: Record<string, unknown>) => problemsOf(validateRequirements({ ...base, loads: [{ name: 'ctl', kind: 'controlProtection', powerKW: 2 }, { name: 'x', ...load }] }, realRules()));
  it('periods on a restoring-closing load: error at .periods suggesting another kind', () => {
    const v = check({ kind: 'restoringClosing', powerKW: 1.8, periods: [{ startMin: 0, endMin: 30 }] });
    const p = v.find((x) => x.code === 'LOAD_RANDOM_WITH_PERIODS')!;
    expect(p.severity).toBe('error');
    expect(p.path).toBe('requirements.loads[1].periods');
    expect(p.message.en).toMatch(/Closing to restore supply.*random \(5 s\) load by definition.*choose another load kind/);
    expect(p.message.zh).toMatch(/其他负荷类别/);
  });
  it('a duration on an auto-transfer closing load, pf on a kW load, periods with a duration, a basis on a kW load: each an error', () => {
    expect(check({ kind: 'autoTransferClosing', powerKW: 1, durationMin: 30 }).map((p) => [p.code, p.path])).toContainEqual(['LOAD_RANDOM_WITH_DURATION', 'requirements.loads[1].durationMin']);
    expect(check({ kind: 'ups', powerKW: 1, powerFactor: 0.8 }).find((p) => p.code === 'LOAD_PF_UNUSED')?.severity).toBe('error');
    expect(check({ kind: 'ups', powerKW: 1, durationMin: 60, periods: [{ startMin: 0, endMin: 30 }] }).map((p) => p.code)).toContain('LOAD_DURATION_WITH_PERIODS');
    expect(check({ kind: 'ups', powerKW: 1, currentBasis: 'calculated' }).map((p) => p.code)).toContain('LOAD_CURRENT_BASIS_UNUSED');
  });
  it('size() itself never drops periods of a random load silently', () => {
    const req = requirements({ ...base, loads: [{ name: 'ctl', kind: 'controlProtection', powerKW: 2 }, { name: 'x', kind: 'restoringClosing', powerKW: 1.8, periods: [{ startMin: 0, endMin: 30 }] }] });
    const r = size(req, testCatalog(), realRules());
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain('LOAD_RANDOM_WITH_PERIODS');
  });
});

describe('item 13: amps are rated (× K) or already calculated (K = 1)', () => {
  it('a calculated current is not reduced again; a rated one is', () => {
    const loads = [
      { name: 'rated', kind: 'controlProtection', currentA: 10 },
      { name: 'calc', kind: 'controlProtection', currentA: 10, currentBasis: 'calculated' },
    ];
    const r = size(w1Requirements({ loads }), testCatalog(), realRules());
    const rows = r.loadStatistics!.rows;
    expect(rows[0]).toMatchObject({ currentA: 6, loadFactor: 0.6, currentBasis: 'rated' });
    expect(rows[1]).toMatchObject({ currentA: 10, loadFactor: 1, currentBasis: 'calculated' });
    expect(traceText(r.trace.find((e) => e.id === 'loads.current.1')!.formula, 'en')).toMatch(/K = 1/);
  });
  it('a calculated current with a load factor other than 1 is refused at the load factor', () => {
    const v = validateRequirements({ ...w1Requirements(), loads: [{ name: 'c', kind: 'controlProtection', currentA: 10, currentBasis: 'calculated', loadFactor: 0.6 }] }, realRules());
    expect(problemsOf(v).find((p) => p.code === 'LOAD_FACTOR_WITH_CALCULATED_CURRENT')?.path).toBe('requirements.loads[0].loadFactor');
  });
});

describe('item 12: check mode for an existing battery (decision 11)', () => {
  it('reports per stage required vs available and the margin, beside the usual sizing', () => {
    const req = w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, floatVoltagePerCellV: 2.23, existing: { capacityAh: 200, cellCount: 104 } } });
    const r = size(req, testCatalog(), realRules());
    expect(r.configuration).not.toBeNull();
    const c = r.batteryCheck!;
    expect(c).toMatchObject({ capacityAh: 200, cellCount: 104, finalVoltageV: 1.85 });
    expect(c.stages.length).toBe(r.configuration!.battery.stagesAh.length);
    // The same duty cycle and Kc column as the sizing: the stage capacities agree with it.
    c.stages.forEach((s, i) => expect(s.capacityAh).toBeCloseTo(r.configuration!.battery.stagesAh[i]!, 9));
    for (const s of c.stages) {
      expect(s.marginAh).toBeCloseTo(200 - s.requiredAh, 9);
      expect(s.ok).toBe(s.requiredAh <= 200);
    }
    expect(c.requiredAh).toBeCloseTo(r.configuration!.battery.requiredCapacityAh, 9);
    expect(r.trace.some((e) => e.id === 'check.stage.1')).toBe(true);
  });
  it('a battery too small says which stages are short, at the capacity field', () => {
    const req = w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, existing: { capacityAh: 50 } } });
    const r = size(req, testCatalog(), realRules());
    expect(r.batteryCheck!.ok).toBe(false);
    const p = r.problems.find((x) => x.code === 'CHECK_BATTERY_SHORT')!;
    expect(p.path).toBe('requirements.battery.existing.capacityAh');
    expect(p.message.en).toMatch(/existing battery 50 Ah is short: stage/);
  });
  it('the model gives the capacity and its maker table (takes precedence); an unknown model is an error', () => {
    const maker = { finalVoltageV: 1.85, source: 'test', points: [{ minutes: 1 / 12, currentA: 400 }, { minutes: 1, currentA: 300 }, { minutes: 60, currentA: 100 }, { minutes: 480, currentA: 25 }] };
    const cat = testCatalog([], { batteries: [300, 500].map((a) => ({ code: `M-${a}`, nameZh: 'b', nameEn: 'b', spec: 'b', unit: 'cell', brand: 'bat', costPrice: '1.00', listPrice: '2.00', leadTimeDays: 1, status: 'active', alternates: [], family: 'battery', technology: 'vrla', unitVoltageV: 2, cellsPerUnit: 1, capacityAh: a, kcTable: 'vrla-2v', lengthMm: 1, widthMm: 1, heightMm: 1, weightKg: 1, dischargeTables: [maker] }) as CatalogItem) });
    const r = size(w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, existing: { itemCode: 'M-300' } } }), cat, realRules());
    expect(r.batteryCheck).toMatchObject({ capacityAh: 300, itemCode: 'M-300', kcSource: { kind: 'maker' } });
    const bad = size(w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, existing: { itemCode: 'NOPE' } } }), cat, realRules());
    expect(bad.problems.find((p) => p.code === 'CHECK_BATTERY_UNKNOWN')?.path).toBe('requirements.battery.existing.itemCode');
  });
});

describe('item 12: closing current duration against breaker curve data', () => {
  const curve = { source: 'test curve', sample: true, noTripMs: [{ multiple: 1.5, timeMs: 60_000 }, { multiple: 3, timeMs: 1_000 }, { multiple: 5, timeMs: 100 }, { multiple: 10, timeMs: 10 }] };
  const withCurve = (c: Catalog): Catalog => {
    const items = c.items.map((i) => (i.family === 'breaker' && i.ratedCurrentA <= 63 ? ({ ...i, tripCurve: curve } as CatalogItem) : i));
    return { ...c, items, byCode: new Map(items.map((i) => [i.code, i])) };
  };
  const req = (ms: number) => w1Requirements({ feeders: { main: [{ kind: 'closing', ratingA: 10, closingCurrentA: 30, closingDurationMs: ms, count: 2 }], subPanels: [] } });
  it('no-trip time: next tabulated multiple at or above, never extrapolated', () => {
    expect(noTripTimeMs(curve, 3)).toBe(1000);
    expect(noTripTimeMs(curve, 3.2)).toBe(100);
    expect(noTripTimeMs(curve, 12)).toBeNull();
    expect(noTripTimeMs(curve, 0.9)).toBe(Infinity);
  });
  it('a 10 A breaker carrying 30 A for 200 ms passes a curve that holds 3 × In for 1 s, and fails for 1.5 s', () => {
    const ok = size(req(200), withCurve(testCatalog()), realRules());
    expect(ok.configuration!.closingChecks).toEqual([expect.objectContaining({ breakerId: 'brk.main.0', ratingA: 10, multiple: 3, status: 'ok', withstandMs: 1000, sampleData: true })]);
    const trips = size(req(1500), withCurve(testCatalog()), realRules());
    expect(trips.configuration!.closingChecks[0]!.status).toBe('trips');
    expect(trips.problems.find((p) => p.code === 'CLOSING_BREAKER_TRIPS')?.path).toBe('requirements.feeders.main[0].closingDurationMs');
  });
  it('flagged where the catalog has no curve data (the shipped catalog has none)', () => {
    const r = size(req(200), shipped, realRules());
    expect(r.configuration!.closingChecks[0]!.status).toBe('noCurve');
    expect(r.problems.find((p) => p.code === 'CLOSING_CURVE_MISSING')?.severity).toBe('warning');
  });
  it('a closing duration on a feeder that is not a closing one is refused', () => {
    const v = validateRequirements({ ...w1Requirements(), feeders: { main: [{ kind: 'control', ratingA: 10, closingDurationMs: 200, count: 1 }], subPanels: [] } }, realRules());
    expect(problemsOf(v).find((p) => p.code === 'FEEDER_CLOSING_DURATION_UNUSED')?.path).toBe('requirements.feeders.main[0].closingDurationMs');
  });
});
