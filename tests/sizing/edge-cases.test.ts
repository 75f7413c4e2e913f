import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexCatalog } from '../../src/core/sizing/context.ts';
import { size } from '../../src/core/sizing/index.ts';
import { battery12v, battery2v, numbersIn, realRules, requirements, testCatalog, w1Requirements, withRules } from './helpers.ts';

const codes = (r: ReturnType<typeof size>) => r.problems.map((p) => p.code);

describe('final voltage against the Kc columns (product decision 2)', () => {
  it('required 1.80 V (control-only, 104 cells) is below the only column: 1.85 V is used and the trace says so', () => {
    const r = size(w1Requirements({ dcLoadType: 'controlOnly' }), testCatalog(), realRules());
    expect(r.ok).toBe(true);
    expect(r.configuration!.voltage.requiredFinalVoltageV).toBeCloseTo(1.8, 9);
    expect(r.configuration!.voltage.finalVoltageV).toBe(1.85);
    expect(codes(r)).toContain('FINAL_VOLTAGE_COLUMN_ABOVE');
  });
  it('a required final voltage above every column stops with an error naming the missing table', () => {
    const r = size(w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, finalVoltagePerCellV: 1.9 } }), testCatalog(), realRules());
    expect(r.ok).toBe(false);
    const p = r.problems.find((x) => x.code === 'FINAL_VOLTAGE_ABOVE_TABLES')!;
    expect(p.message.en).toContain('rules/dlt5044/kc/');
    expect(p.message.zh).toContain('Kc');
  });
});

describe('12 V blocks', () => {
  const blocks = [24, 38, 65, 100, 150, 200].map((c) => battery12v(c));
  it('without a transcribed table: clear error naming vrla-12v', () => {
    const r = size(w1Requirements({ dcLoadType: 'controlOnly', battery: { technology: 'vrla', unitVoltageV: 12 } }), testCatalog([], { batteries: blocks }), realRules());
    expect(r.ok).toBe(false);
    const p = r.problems.find((x) => x.code === 'KC_TABLE_EMPTY')!;
    expect(p.message.en).toContain('vrla-12v');
    expect(p.message.en).toContain('rules/dlt5044/kc/vrla-12v.yaml');
  });
  it("with the maker's discharge table the maker Kc takes precedence and the trace says so", () => {
    // A maker table for a 200 Ah block to 1.85 V/cell (test data: amps against minutes).
    const maker = battery12v(200, {
      code: 'B12-200-M',
      dischargeTables: [{ finalVoltageV: 1.85, source: 'test sheet', points: [{ minutes: 1 / 12, currentA: 270 }, { minutes: 1, currentA: 250 }, { minutes: 30, currentA: 160 }, { minutes: 60, currentA: 110 }, { minutes: 120, currentA: 70 }, { minutes: 480, currentA: 24 }] }],
    });
    const small = w1Requirements({ dcLoadType: 'controlOnly', battery: { technology: 'vrla', unitVoltageV: 12 }, loads: [{ name: 'c', kind: 'controlProtection', powerKW: 2 }, { name: 'trip', kind: 'breakerTrip', powerKW: 1 }] });
    const r = size(small, testCatalog([], { batteries: [...blocks, maker] }), realRules());
    expect(codes(r).filter((c) => c.startsWith('KC'))).toEqual([]);
    expect(r.configuration!.battery.itemCode).toBe('B12-200-M');
    expect(r.configuration!.battery.kcSource.kind).toBe('maker');
    expect(r.trace.find((t) => t.id === 'battery.kcSource')!.note!.en).toContain('maker');
    expect(r.configuration!.battery.unit).toBe('block');
    expect(r.configuration!.battery.unitsPerGroup * 6).toBe(r.configuration!.voltage.cellCount);
  });
});

describe('a load beyond the largest battery', () => {
  const huge = w1Requirements({ loads: [{ name: 'big', kind: 'controlProtection', powerKW: 300 }] });
  it('rules forbid parallel strings → BATTERY_TOO_LARGE with the reason, no crash, no NaN', () => {
    const r = size(huge, testCatalog(), realRules());
    expect(r.ok).toBe(false);
    const p = r.problems.find((x) => x.code === 'BATTERY_TOO_LARGE')!;
    expect(p.message.en).toContain('parallel');
    expect(numbersIn(r).filter(([, n]) => !Number.isFinite(n))).toEqual([]);
  });
  it('rules allowing two strings → two strings per group, with a warning', () => {
    const rules = withRules({ batteryCapacities: { ...realRules().batteryCapacities, parallelStrings: { ...realRules().batteryCapacities.parallelStrings, allowed: true, maxStrings: 2 } } });
    const r = size(huge, testCatalog(), rules);
    expect(r.configuration!.battery.stringsPerGroup).toBe(2);
    expect(codes(r)).toContain('BATTERY_PARALLEL_STRINGS');
  });
});

describe('brand candidates', () => {
  it('lists every brand, preferred brand first', () => {
    const cat = testCatalog([], { batteries: [...[300, 400, 500].map((c) => battery2v(c, 'bat')), ...[400, 600].map((c) => battery2v(c, 'own'))] });
    const r = size(w1Requirements({ battery: { technology: 'vrla', unitVoltageV: 2, brandPreference: 'own', floatVoltagePerCellV: 2.23 } }), cat, realRules());
    expect(r.configuration!.battery.brand).toBe('own');
    expect(r.configuration!.battery.candidates.map((c) => [c.brand, c.itemCode])).toEqual([['own', 'own-2V-400'], ['bat', 'bat-2V-400']]);
  });
});

describe('items of equal rating', () => {
  it('are taken in code-point order of their codes, whatever the machine language (never a locale collation)', () => {
    // A collation would put "bat-2V-400" before "BAT-2V-400" (case is a tertiary difference) and, in Czech,
    // "CH…" after "H…"; code points put capitals first and are the same on every machine.
    const cat = testCatalog([], { batteries: [battery2v(400, 'bat'), battery2v(400, 'BAT'), battery2v(300, 'bat')] });
    const byFamily = indexCatalog(cat).byFamily.battery.map((i) => i.code);
    expect(byFamily).toEqual(['bat-2V-300', 'BAT-2V-400', 'bat-2V-400']);
    expect(['bat-2V-400', 'BAT-2V-400'].sort((a, b) => a.localeCompare(b, 'en'))).toEqual(['bat-2V-400', 'BAT-2V-400']); // what it was
  });
});

describe('every result is marked unconfirmed when it used an R / D / P / S-04 value (decision 1)', () => {
  it('the capacity result carries the R-hi tag of the random-load rule; unconfirmed lists it', () => {
    const r = size(w1Requirements(), testCatalog(), realRules());
    expect(r.trace.find((t) => t.id === 'battery.Cc')!.confidence).toContain('R-hi');
    expect(r.unconfirmed).toContain('battery.Cc');
    expect(r.unconfirmed).toContain('equipment.tableF');
  });
});

// ---------------------------------------------------------------- properties
const loadArb = fc.record({
  kind: fc.constantFrom('controlProtection', 'breakerTrip', 'ups', 'emergencyLighting', 'restoringClosing', 'dcdc'),
  powerKW: fc.double({ min: 0.1, max: 20, noNaN: true }),
  durationMin: fc.option(fc.integer({ min: 10, max: 240 }), { nil: undefined }),
});
const loadsArb = fc.array(loadArb, { minLength: 1, maxLength: 12 }).filter((ls) => ls.some((l) => l.kind !== 'restoringClosing'));
type GenLoad = { kind: string; powerKW: number; durationMin?: number | undefined };
const toReq = (ls: GenLoad[], over: Record<string, unknown> = {}) =>
  w1Requirements({ loads: ls.map((l, i) => ({ name: `L${i}`, kind: l.kind, powerKW: l.powerKW, ...(l.durationMin !== undefined && l.kind !== 'restoringClosing' && l.kind !== 'breakerTrip' ? { durationMin: l.durationMin } : {}) })), ...over });

describe('properties', () => {
  const cat = testCatalog();
  const rules = realRules();
  it('more load never gives a smaller battery or fewer modules', () => {
    fc.assert(
      fc.property(loadsArb, fc.integer({ min: 0, max: 11 }), fc.double({ min: 0.01, max: 10, noNaN: true }), (ls, idx, extra) => {
        const i = idx % ls.length;
        const more = ls.map((l, j) => (j === i ? { ...l, powerKW: l.powerKW + extra } : l));
        const a = size(toReq(ls), cat, rules);
        const b = size(toReq(more), cat, rules);
        if (!a.configuration || !b.configuration) return;
        expect(b.configuration.battery.requiredCapacityAh).toBeGreaterThanOrEqual(a.configuration.battery.requiredCapacityAh - 1e-9);
        expect(b.configuration.battery.capacityAh).toBeGreaterThanOrEqual(a.configuration.battery.capacityAh);
        expect(b.configuration.charger.module.totalModules).toBeGreaterThanOrEqual(a.configuration.charger.module.totalModules);
      }),
      { numRuns: 150 },
    );
  });
  it('a longer discharge never gives a smaller battery', () => {
    fc.assert(
      fc.property(fc.array(loadArb.map((l) => ({ ...l, durationMin: undefined })), { minLength: 1, maxLength: 8 }).filter((ls) => ls.some((l) => l.kind !== 'restoringClosing')), fc.integer({ min: 30, max: 300 }), fc.integer({ min: 1, max: 180 }), (ls, t, dt) => {
        const a = size(toReq(ls, { dischargeDurationMin: t }), cat, rules);
        const b = size(toReq(ls, { dischargeDurationMin: t + dt }), cat, rules);
        if (!a.configuration || !b.configuration) return;
        expect(b.configuration.battery.requiredCapacityAh).toBeGreaterThanOrEqual(a.configuration.battery.requiredCapacityAh - 1e-9);
        expect(b.configuration.battery.capacityAh).toBeGreaterThanOrEqual(a.configuration.battery.capacityAh);
      }),
      { numRuns: 150 },
    );
  });
  it('no NaN or Infinity anywhere in a result (sized or not)', () => {
    fc.assert(
      fc.property(loadsArb, fc.integer({ min: 10, max: 700 }), fc.constantFrom('controlOnly', 'powerOnly', 'combined'), fc.constantFrom(110, 220), (ls, t, type, un) => {
        const r = size(toReq(ls, { dischargeDurationMin: t, dcLoadType: type, nominalVoltageV: un }), cat, rules);
        expect(numbersIn(r).filter(([, n]) => !Number.isFinite(n))).toEqual([]);
        expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('requirements helper', () => {
  it('builds through the schema', () => {
    expect(requirements({ site: { voltageLevel: 220, attended: true }, systemKind: 'dcSystem', nominalVoltageV: 220, dcLoadType: 'combined', battery: { unitVoltageV: 2 }, loads: [{ name: 'a', kind: 'controlProtection', powerKW: 1 }], cables: { batteryToPanelM: 5 } }).options.batteryInspection).toBe(false);
  });
});

describe('an insulation monitor short of branch channels with no extension unit in the catalog', () => {
  it('warns naming the panel in each language (it printed "[object Object]")', async () => {
    const { sampleBases, shippedKnowledge } = await import('../fixtures/knowledge.ts');
    const { base220 } = await sampleBases();
    const k = await shippedKnowledge();
    const req = structuredClone(base220);
    req.feeders.subPanels![1]!.feeders = [{ kind: 'control', ratingA: 10, count: 200 }];
    // the catalog's insulation monitors state no branch channels for the extension role
    const extensionRole = k.sizingRules.monitoring.insulation.extension.role;
    const catalog = { ...k.catalog, items: k.catalog.items.map((i) => (i.family === 'insulationMonitor' && i.role === extensionRole ? { ...i, branchChannels: undefined } : i)) };
    const r = size(req, catalog, k.sizingRules);
    const p = r.problems.find((x) => x.code === 'INSULATION_CHANNELS_SHORT');
    expect(p, r.problems.map((x) => x.code).join(', ')).toBeDefined();
    expect(p!.message.zh).toMatch(/^“220 kV 继保室分电屏 II”：200 路/);
    expect(p!.message.en).toMatch(/^"220 kV 继保室分电屏 II": 200 branch leakage channels exceed/);
    expect(`${p!.message.zh}${p!.message.en}`).not.toContain('[object');
  });
});
