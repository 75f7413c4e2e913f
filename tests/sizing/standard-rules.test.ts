import { describe, expect, it } from 'vitest';
import { availableFinalVoltages, interpolate, rulesKcSource } from '../../src/core/sizing/battery.ts';
import { sizeCables } from '../../src/core/sizing/cables.ts';
import { moduleCount, sizeCharger } from '../../src/core/sizing/charger.ts';
import { size } from '../../src/core/sizing/index.ts';
import { sizeLoads } from '../../src/core/sizing/loads.ts';
import { sizeVoltage } from '../../src/core/sizing/voltage.ts';
import { mkCtx, realRules, requirements, testCatalog, w1Requirements } from './helpers.ts';

const kcTable = () => realRules().kcTables.get('vrla-2v')!.columns[0]!;

describe('§1.2 number of cells: n = 1.05·Un/Uf, then the end-of-discharge and equalize checks', () => {
  // Columns 1.75…1.87 here are hypothetical *column voltages* to reproduce the notes' table; no Kc value is used.
  const cols = [1.75, 1.8, 1.83, 1.85, 1.87];
  const cases = [
    { un: 220, uf: 2.23, type: 'controlOnly', n: 104, um: 1.8 },
    { un: 220, uf: 2.23, type: 'combined', n: 104, um: 1.85 },
    { un: 220, uf: 2.25, type: 'powerOnly', n: 103, um: 1.87 },
    { un: 110, uf: 2.23, type: 'controlOnly', n: 52, um: 1.8 },
    { un: 110, uf: 2.23, type: 'combined', n: 52, um: 1.85 },
    { un: 110, uf: 2.25, type: 'controlOnly', n: 51, um: 1.83 }, // M1: 51 cells at 110 V, 1.83 V
  ] as const;
  for (const c of cases) {
    it(`${c.un} V, Uf ${c.uf} V, ${c.type}: n = ${c.n}, Um = ${c.um} V`, () => {
      const ctx = mkCtx(w1Requirements({ nominalVoltageV: c.un, dcLoadType: c.type, battery: { technology: 'vrla', unitVoltageV: 2, floatVoltagePerCellV: c.uf } }));
      const v = sizeVoltage(ctx, cols, 10)!;
      expect(v.cellCount).toBe(c.n);
      expect(v.requiredFinalVoltageV).toBeCloseTo(c.um, 9);
    });
  }
  it('M1 cross-check: 110 V, 52 cells → maximum bus 121 V, maximum equalize 2.327 ≈ 2.33 V/cell', () => {
    const ctx = mkCtx(w1Requirements({ nominalVoltageV: 110, dcLoadType: 'controlOnly' }));
    const v = sizeVoltage(ctx, cols, 10)!;
    expect(v.equalize.limitBusV).toBeCloseTo(121, 9);
    expect(v.equalize.limitPerCellV).toBeCloseTo(2.327, 3);
  });
  it('with only the 1.85 V column, 220 V / Uf 2.25 / power-only moves from 103 cells (needs 1.87 V) to 104', () => {
    const ctx = mkCtx(w1Requirements({ dcLoadType: 'powerOnly', battery: { technology: 'vrla', unitVoltageV: 2, floatVoltagePerCellV: 2.25 } }));
    const v = sizeVoltage(ctx, [1.85], 10)!;
    expect(v.candidates[0]).toMatchObject({ cellCount: 103, finalCovered: false });
    expect(v.cellCount).toBe(104);
  });
  it('12 V blocks: cell count is a multiple of 6 (220 V → 102 or 108)', () => {
    const ctx = mkCtx(w1Requirements({ dcLoadType: 'controlOnly', battery: { technology: 'vrla', unitVoltageV: 12, floatVoltagePerCellV: 2.23 } }));
    const v = sizeVoltage(ctx, [1.85], 10)!;
    expect(v.cellCount % 6).toBe(0);
    expect([102, 108]).toContain(v.cellCount);
    expect(v.unitsPerString).toBe(v.cellCount / 6);
  });
  it('combined system, 104 cells at 220 V: equalize 2.32 V (highest 0.01 V step ≤ 2.327 V), no dropper (decision 8)', () => {
    const ctx = mkCtx(w1Requirements());
    const v = sizeVoltage(ctx, [1.85], 38)!;
    expect(v.equalize).toMatchObject({ perCellV: 2.32, basis: 'highestStepWithinLimit' });
    expect(v.equalize.busV).toBeCloseTo(241.28, 9);
    expect(v.dropper).toBeNull();
    expect(ctx.problems.map((p) => p.code)).not.toContain('DROPPER_REQUIRED');
  });
  it('combined system, 108 cells: no step in 2.30–2.35 V meets 2.241 V → dropper, and the trace says why', () => {
    const ctx = mkCtx(w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, floatVoltagePerCellV: 2.23, cellCount: 108 } }));
    const v = sizeVoltage(ctx, [1.85], 38)!;
    expect(v.dropper).toMatchObject({ required: true, currentA: 38, reason: 'noStepInRange' });
    expect(v.dropper!.dropV).toBeCloseTo(108 * 2.35 - 242, 9);
    expect(ctx.trace.find((e) => e.id === 'voltage.dropper')?.note?.en).toMatch(/no equalize voltage in 2\.3–2\.35 V/);
  });
  it('combined system, 104 cells with 2.35 V entered on purpose → dropper (2.4 V) marked as the user\'s choice', () => {
    const ctx = mkCtx(w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, floatVoltagePerCellV: 2.23, equalizeVoltagePerCellV: 2.35 } }));
    const v = sizeVoltage(ctx, [1.85], 38)!;
    expect(v.equalize.basis).toBe('entered');
    expect(v.dropper).toMatchObject({ required: true, reason: 'enteredAboveLimit' });
    expect(v.dropper!.dropV).toBeCloseTo(2.4, 9);
    expect(ctx.problems.find((p) => p.code === 'DROPPER_REQUIRED')?.path).toBe('requirements.battery.equalizeVoltagePerCellV');
  });
  it('control-only system with too many cells cannot meet the band: warning, no dropper', () => {
    const ctx = mkCtx(w1Requirements({ dcLoadType: 'controlOnly', battery: { technology: 'vrla', unitVoltageV: 2, cellCount: 108 } }));
    const v = sizeVoltage(ctx, [1.85], 10)!;
    expect(v.dropper).toBeNull();
    expect(ctx.problems.map((p) => p.code)).toContain('VOLTAGE_BAND_NOT_MET');
  });
});

describe('§3.2 Kc table and interpolation (product decision 2)', () => {
  it('reads table points exactly, 5 s included', () => {
    const s = rulesKcSource('vrla-2v', 1.85, kcTable().points, 'S');
    expect(s.kc(1)).toEqual({ ok: true, kc: 1.24, from: 'rules' });
    expect(s.kc(5 / 60)).toEqual({ ok: true, kc: 1.34, from: 'rules' });
    expect(s.kc(120)).toEqual({ ok: true, kc: 0.344, from: 'rules' });
  });
  it('interpolates linearly between table times (45 min between 30 and 59 min)', () => {
    const s = rulesKcSource('vrla-2v', 1.85, kcTable().points, 'S');
    const r = s.kc(45);
    expect(r.ok && r.kc).toBeCloseTo(0.78 + ((0.558 - 0.78) * 15) / 29, 12);
  });
  it('never extrapolates: below 5 s or beyond 8 h is outside', () => {
    const s = rulesKcSource('vrla-2v', 1.85, kcTable().points, 'S');
    expect(s.kc(481).ok).toBe(false);
    expect(s.kc(1 / 60).ok).toBe(false);
    expect(interpolate([{ x: 1, y: 1 }, { x: 2, y: 2 }], 3)).toBeNull();
  });
  it('a duty cycle longer than the table stops with KC_OUT_OF_TABLE, no NaN', () => {
    const r = size(w1Requirements({ dischargeDurationMin: 600 }), testCatalog(), realRules());
    expect(r.ok).toBe(false);
    expect(r.configuration).toBeNull();
    expect(r.problems.map((p) => p.code)).toContain('KC_OUT_OF_TABLE');
  });
  it('the 12 V table exists and is explicitly empty', () => {
    expect(realRules().kcTables.get('vrla-12v')?.columns).toEqual([]);
  });
});

describe('Appendix D charger and modules (§8.1, §8.2)', () => {
  it('n1 = 6 keeps one spare; n1 = 7 takes two', () => {
    expect(moduleCount(60, 10, 6, 1, 2)).toEqual({ n1: 6, n2: 1 });
    expect(moduleCount(60.01, 10, 6, 1, 2)).toEqual({ n1: 7, n2: 2 });
    expect(moduleCount(77.27, 20, 6, 1, 2)).toEqual({ n1: 4, n2: 1 });
    expect(moduleCount(77.27, 10, 6, 1, 2)).toEqual({ n1: 8, n2: 2 });
  });
  it('§8.2: 110 V, C10 = 200 Ah, Ijc = 15 A → Ir = 40 A → 20 A modules 2 + 1; I1h = 110 A', () => {
    const req = requirements({
      site: { voltageLevel: 110, attended: false }, systemKind: 'dcSystem', nominalVoltageV: 110, dcLoadType: 'controlOnly',
      battery: { technology: 'vrla', unitVoltageV: 2 }, charger: { moduleRatingA: 20 }, dischargeDurationMin: 60,
      loads: [{ name: 'control', kind: 'controlProtection', currentA: 15, loadFactor: 1 }], cables: { batteryToPanelM: 10 },
    });
    const ctx = mkCtx(req);
    const duty = sizeLoads(ctx)!;
    expect(duty.i0A).toBe(15);
    const volt = sizeVoltage(ctx, [1.85], duty.maxControlA)!;
    const ch = sizeCharger(ctx, duty, volt, 20, 1, 100)!;
    expect(ch.designCurrentA).toBeCloseTo(40, 12);
    expect(ch.chosen).toMatchObject({ moduleRatingA: 20, baseModules: 2, spareModules: 1, totalModules: 3 });
    expect(realRules().breakers.i1hFactor.value * 20).toBeCloseTo(110, 12);
  });
});

describe('Appendix E cables', () => {
  it('M1: 110 V, panel → sub-panel 150 m, 80 A: ΔU 5 % → 80.3 mm², ΔU 2.5 % → 160.6 mm²', () => {
    for (const [pct, s] of [[5, 80.3], [2.5, 160.6]] as const) {
      const ctx = mkCtx(w1Requirements({
        nominalVoltageV: 110,
        feeders: { main: [], subPanels: [{ name: 'S', feeders: [], cableLengthM: 150, loadCurrentA: 80, allowedDropPct: pct }] },
      }));
      const r = sizeCables(ctx, { groups: 1, i1hA: 110, i1A: 50, lastStepA: 40, endBatteryV: 96 });
      const c = r.selections.find((x) => x.kind === 'panelToSubPanel')!;
      expect(c.allowedDropV).toBeCloseTo((pct / 100) * 110, 12);
      expect(c.voltageDropSectionMm2).toBeCloseTo(s, 1);
      expect(c.sectionMm2 * c.runs).toBeGreaterThanOrEqual(s);
    }
  });
  it('battery circuit: I = max(I1h, I1), ΔU = 1 % Un, S = ρ·2L·I/ΔU, larger of drop and ampacity, next standard', () => {
    const ctx = mkCtx(w1Requirements());
    const r = sizeCables(ctx, { groups: 1, i1hA: 220, i1A: 91.64, lastStepA: 81.82, endBatteryV: 192.4 });
    const b = r.selections.find((x) => x.kind === 'battery')!;
    expect(b.currentA).toBe(220);
    expect(b.allowedDropV).toBeCloseTo(2.2, 12);
    expect(b.voltageDropSectionMm2).toBeCloseTo((0.0184 * 2 * 20 * 220) / 2.2, 9);
    expect(b.sectionMm2).toBe(95); // 73.6 mm² by drop; 70 mm² by ampacity (210 A < 220 A → 95) → 95
    expect(b.orderLengthM).toBe(40);
  });
});

describe('step method switchable random-load rule (product decision 3)', () => {
  it('everyStage adds C_R to stage 1 as well; the default adds it only to the largest of stages 2..n', () => {
    const a = size(w1Requirements(), testCatalog(), realRules());
    const b = size(w1Requirements(), testCatalog(), realRules(), { randomLoadPlacement: 'everyStage' });
    const s1a = a.loadStatistics!.capacity!.withRandomAh[0];
    const s1b = b.loadStatistics!.capacity!.withRandomAh[0];
    expect(s1a).toBeNull();
    expect(s1b).toBeCloseTo(103.5 + 12.21, 1);
    expect(b.trace.find((t) => t.id === 'battery.Cc')!.formula).toBe('Cc = max_k (Cc_k + CR)');
  });
});

describe('available final voltages come from the rules and the catalog maker tables', () => {
  it('2 V: only the 1.85 V column', () => {
    expect(availableFinalVoltages(mkCtx(w1Requirements()))).toEqual([1.85]);
  });
});
