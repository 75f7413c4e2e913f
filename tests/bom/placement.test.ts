import { traceText } from '../../src/core/trace.ts';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBom } from '../../src/core/bom/build.ts';
import type { Bom } from '../../src/core/bom/model.ts';
import type { Knowledge } from '../../src/core/knowledge.ts';
import type { Requirements } from '../../src/core/project/schema.ts';
import { size, type Configuration } from '../../src/core/sizing/index.ts';
import { sampleBases } from '../fixtures/knowledge.ts';

/**
 * Every part goes where it is wired (issue 17): panels of a charger set, battery group or sub panel are
 * found by identity, never by order; monitors sit with their 12 V supplies; AC parts in the AC panel;
 * insulation monitors sized by branch channels. The same checks run as an invariant over generated projects.
 */
let k: Knowledge;
let base110: Requirements;
let base220: Requirements;
let baseIt: Requirements;
beforeAll(async () => {
  ({ k, base110, base220, baseIt } = await sampleBases());
});

const clone = <T>(x: T): T => structuredClone(x);
const codeOf = (l: Bom['lines'][number]) => (l.item.kind === 'catalog' ? l.item.code : '');
const familyOf = (code: string) => k.catalog.byCode.get(code)?.family;
const traceRefOf = (l: Bom['lines'][number]) => (l.source.kind === 'rule' ? l.source.traceRef : undefined);
const ruleOf = (l: Bom['lines'][number]) => (l.source.kind === 'rule' ? l.source.ruleId : '');
const qty = (lines: Bom['lines']) => lines.reduce((a, l) => a + Number(l.quantity), 0);

function run(req: Requirements, trace = true): { cfg: Configuration; bom: Bom } {
  const r = size(req, k.catalog, k.sizingRules, { trace });
  if (!r.configuration) throw new Error(JSON.stringify(r.problems.filter((p) => p.severity === 'error')));
  const b = buildBom(r.configuration, k.catalog, k.bomRules);
  if (!b.ok) throw new Error(JSON.stringify(b.problems));
  return { cfg: r.configuration, bom: b.value };
}

/** Test oracle, written apart from the builder: the BOM panel ids of each owner, from the sized panel lines. */
function panelsByOwner(cfg: Configuration): Map<string, string[]> {
  const seen = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const p of cfg.panels) {
    // Battery racks are not cabinets: a group's racks are one BOM panel with the racks as one line (issue 10 item 7).
    for (let n = 0; n < (p.kind === 'batteryRack' ? 1 : p.quantity); n++) {
      const i = (seen.get(p.kind) ?? 0) + 1;
      seen.set(p.kind, i);
      if (p.owner) out.set(p.owner, [...(out.get(p.owner) ?? []), `${p.kind}-${i}`]);
    }
  }
  return out;
}

/** Everything that must hold of a rule-built BOM; returns the violations (empty when it is right). */
function placementViolations(req: Requirements, cfg: Configuration, bom: Bom, emptyAllowed: ReadonlySet<string> = new Set()): string[] {
  const bad: string[] = [];
  const panelIds = new Set(bom.panels.map((p) => p.id));
  const kindOf = new Map(bom.panels.map((p) => [p.id, p.kind]));
  const own = panelsByOwner(cfg);
  for (const l of bom.lines) if (!panelIds.has(l.panelId)) bad.push(`line ${l.id} in unknown panel ${l.panelId}`);
  // No panel the drawing shows is empty: each holds more than its cabinet and sundries.
  for (const p of bom.panels) {
    if (p.id === 'site') continue;
    const parts = bom.lines.filter((l) => l.panelId === p.id && ruleOf(l).startsWith('cfg.'));
    if (parts.length === 0 && !emptyAllowed.has(p.id)) bad.push(`panel ${p.id} holds nothing but its cabinet`);
  }
  // Monitors with their 12 V supplies, one each, in the same panel.
  for (const p of bom.panels) {
    const here = bom.lines.filter((l) => l.panelId === p.id);
    const monitors = qty(here.filter((l) => familyOf(codeOf(l)) === 'monitor'));
    const supplies = qty(here.filter((l) => familyOf(codeOf(l)) === 'auxPowerSupply'));
    if (monitors !== supplies) bad.push(`panel ${p.id}: ${monitors} monitor(s), ${supplies} 12 V supplies`);
  }
  // AC parts only in AC panels.
  for (const l of bom.lines) {
    const it = k.catalog.byCode.get(codeOf(l));
    const ac = (it?.family === 'samplingBox' && it.function === 'ACDB') || traceRefOf(l) === 'ac.breakers';
    if (ac && kindOf.get(l.panelId) !== 'acPanel') bad.push(`AC part ${codeOf(l)} in ${l.panelId}`);
  }
  // A -48 V telecom system (positive pole earthed) has no insulation monitoring at all.
  const earthed = req.systemKind === 'telecomSystem';
  if (earthed && bom.lines.some((l) => familyOf(codeOf(l)) === 'insulationMonitor' || codeOf(l).startsWith('SLSB'))) bad.push('insulation monitoring on an earthed-pole telecom system');
  // Sub panels by identity: their feeder breakers, leakage samplers and insulation monitor.
  req.feeders.subPanels.forEach((s, i) => {
    const mine = new Set(own.get(`subPanel:${i}`) ?? []);
    if (mine.size === 0) bad.push(`sub panel ${i} has no panel`);
    const feeders = s.feeders.reduce((a, f) => a + f.count, 0);
    const brk = bom.lines.filter((l) => traceRefOf(l)?.startsWith(`breakers.sub.${i}.`) && !traceRefOf(l)?.endsWith('.in'));
    if (brk.some((l) => !mine.has(l.panelId))) bad.push(`sub panel ${i}: a feeder breaker outside its panels`);
    if (qty(brk.filter((l) => mine.has(l.panelId))) !== feeders) bad.push(`sub panel ${i}: ${qty(brk)} feeder breakers for ${feeders} feeders`);
    const here = bom.lines.filter((l) => mine.has(l.panelId));
    if (earthed) return;
    const slsb = qty(here.filter((l) => codeOf(l).startsWith('SLSB')));
    if (slsb !== feeders) bad.push(`sub panel ${i}: ${slsb} leakage samplers for ${feeders} feeders`);
    const role = s.independent ? 'subIndependent' : 'subDisplay';
    const im = here.filter((l) => {
      const it = k.catalog.byCode.get(codeOf(l));
      return it?.family === 'insulationMonitor' && it.role === role;
    });
    const channels = qty(here.filter((l) => k.catalog.byCode.get(codeOf(l))?.family === 'insulationMonitor').map((l) => ({ ...l, quantity: String(Number(l.quantity) * ((k.catalog.byCode.get(codeOf(l)) as { branchChannels?: number }).branchChannels ?? 0)) })));
    if (im.length === 0) bad.push(`sub panel ${i}: no ${role} insulation monitor in its panel`);
    if (channels < feeders) bad.push(`sub panel ${i}: ${channels} insulation channels for ${feeders} feeders`);
  });
  // Charger sets and battery groups by identity.
  for (let s = 1; s <= cfg.arrangement.chargerSets; s++) {
    const mine = new Set(own.get(`chargerSet:${s}`) ?? []);
    const mods = qty(bom.lines.filter((l) => mine.has(l.panelId) && codeOf(l) === cfg.charger.module.itemCode));
    if (mods !== cfg.charger.module.totalModules) bad.push(`charger set ${s}: ${mods} modules, expected ${cfg.charger.module.totalModules}`);
  }
  for (let g = 1; g <= cfg.arrangement.batteryGroups; g++) {
    const mine = new Set(own.get(`batteryGroup:${g}`) ?? []);
    const units = qty(bom.lines.filter((l) => mine.has(l.panelId) && codeOf(l) === cfg.battery.itemCode && ruleOf(l).startsWith('cfg.')));
    if (units !== cfg.battery.unitsPerGroup) bad.push(`battery group ${g}: ${units} units, expected ${cfg.battery.unitsPerGroup}`);
    const insp = cfg.equipment.batteryInspection;
    if (insp) {
      const n = qty(bom.lines.filter((l) => mine.has(l.panelId) && codeOf(l) === insp.itemCode));
      if (n !== insp.unitsPerGroup) bad.push(`battery group ${g}: ${n} inspection units, expected ${insp.unitsPerGroup}`);
    }
  }
  return bad;
}

describe('sub panels are placed by identity, in every order', () => {
  it('A (no feeders) and B (16 feeders), and a third, in all six orders: each keeps its own parts', () => {
    const subs: Requirements['feeders']['subPanels'] = [
      { name: 'A 独立分电屏', independent: true, incomingRatingA: 63, feeders: [], loadFunction: 'control' },
      { name: 'B 分电屏', independent: false, feeders: [{ kind: 'control', ratingA: 10, count: 16 }], loadFunction: 'control' },
      { name: 'main', independent: false, feeders: [{ kind: 'control', ratingA: 6, count: 3 }, { kind: 'power', ratingA: 16, count: 2 }], loadFunction: 'control' },
    ];
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const o of orders) {
      const req = clone(base220);
      req.feeders.subPanels = o.map((i) => clone(subs[i]!));
      req.cables.circuits = [];
      const { cfg, bom } = run(req);
      expect(placementViolations(req, cfg, bom), `order ${o.join(',')}`).toEqual([]);
      const own = panelsByOwner(cfg);
      const a = own.get(`subPanel:${o.indexOf(0)}`)!;
      const b = own.get(`subPanel:${o.indexOf(1)}`)!;
      // A: its insulation monitor without balance resistor, no feeder breakers; B: 16 breakers and the display unit.
      expect(bom.lines.filter((l) => a.includes(l.panelId)).map(codeOf).filter((c) => familyOf(c) === 'insulationMonitor' || familyOf(c) === 'breaker')).toEqual(['ZHIM02-2-NB']);
      const inB = bom.lines.filter((l) => b.includes(l.panelId));
      expect(qty(inB.filter((l) => familyOf(codeOf(l)) === 'breaker'))).toBe(16);
      expect(inB.filter((l) => familyOf(codeOf(l)) === 'insulationMonitor').map(codeOf)).toEqual(['ZHIM02-2F']);
    }
  });
});

describe('AC sampling, monitors and their supplies where they are wired', () => {
  it('ACDB and the AC breakers are in the AC panel, not in feeder panel 1', () => {
    const { cfg, bom } = run(base110);
    const acdb = bom.lines.filter((l) => codeOf(l).startsWith('ACDB'));
    expect(acdb.length).toBeGreaterThan(0);
    expect(acdb.every((l) => l.panelId.startsWith('acPanel-'))).toBe(true);
    // The AC panel holds its incomers (≥ the station AC rated current) and the entered AC feeders.
    const acBreakers = bom.lines.filter((l) => traceRefOf(l) === 'ac.breakers');
    expect(qty(acBreakers)).toBe(2 + 18 + 4);
    expect(acBreakers.every((l) => l.panelId.startsWith('acPanel-'))).toBe(true);
    expect(placementViolations(base110, cfg, bom)).toEqual([]);
  });

  it('"1 + 2" with three charger sets: the master and one slave with set 1, the other slave with set 2, each with its own ZHAP01; set 3 has neither', () => {
    const req = clone(base110);
    req.integrated = { ...req.integrated!, monitorScheme: 'oneTwo' };
    req.arrangement = '2b3c';
    const { cfg, bom } = run(req);
    const own = panelsByOwner(cfg);
    const at = (owner: string) => bom.lines.filter((l) => own.get(owner)!.includes(l.panelId)).map((l) => [codeOf(l), l.quantity] as const).filter(([c]) => familyOf(c) === 'monitor' || familyOf(c) === 'auxPowerSupply');
    expect(at('chargerSet:1').sort()).toEqual([['ZHAP01', '2'], ['ZHM05IDC', '1'], ['ZHM05IM', '1']]);
    expect(at('chargerSet:2').sort()).toEqual([['ZHAP01', '1'], ['ZHM05IDC', '1']]);
    expect(at('chargerSet:3')).toEqual([]);
    expect(placementViolations(req, cfg, bom)).toEqual([]);
  });
});

describe('insulation monitors by branch channels, IMB03, battery monitoring', () => {
  it('113 leakage samplers over three feeder panels: the main unit (64 channels) gets an extension unit, and the trace gives the counts', () => {
    const req = clone(base220);
    req.arrangement = '1b2c';
    req.site = { ...req.site, voltageLevel: 110 };
    req.feeders = { main: [{ kind: 'control', ratingA: 10, count: 80 }, { kind: 'power', ratingA: 16, count: 33 }], subPanels: [] };
    req.cables.circuits = [];
    const r = size(req, k.catalog, k.sizingRules);
    const cfg = r.configuration!;
    expect(cfg.panels.filter((p) => p.kind === 'feederPanel').reduce((a, p) => a + p.quantity, 0)).toBe(3);
    const im = cfg.monitoring.filter((m) => m.family === 'insulationMonitor');
    expect(im.map((m) => [m.itemCode, m.quantity])).toEqual([['ZHIM02-2', 1], ['ZHIM02-2F', 1], ['IMB03', 1]]);
    expect(cfg.monitoring.find((m) => m.role === 'SLSB')?.quantity).toBe(113);
    const t = r.trace.find((e) => e.id === 'monitoring.insulation')!;
    expect(traceText(t.substituted!, 'en')).toContain('113 channels; ZHIM02-2 1 × 64 + ZHIM02-2F 1 × 64 = 128 ≥ 113');
    expect(t.confidence).toContain('P');
  });

  it('IMB03 comes with two or more insulation monitor units, not with one', () => {
    const one = clone(base220);
    one.arrangement = '1b1c';
    one.site = { ...one.site, voltageLevel: 110 };
    one.feeders.subPanels = [];
    one.cables.circuits = [];
    const codes = (req: Requirements) => size(req, k.catalog, k.sizingRules).configuration!.monitoring.filter((m) => m.family === 'insulationMonitor').map((m) => m.itemCode);
    expect(codes(one)).toEqual(['ZHIM02-2']);
    expect(codes(base220)).toContain('IMB03');
    const { bom } = run(base220);
    expect(bom.lines.filter((l) => codeOf(l) === 'IMB03').map((l) => [l.panelId, l.quantity])).toEqual([['feederPanel-1', '1']]);
  });

  it('battery inspection by cells per unit with the count in the trace; the shared BVSB is one box for two groups', () => {
    const r = size(base220, k.catalog, k.sizingRules);
    const cfg = r.configuration!;
    expect(cfg.equipment.batteryInspection).toEqual({ itemCode: 'ZHBM24-2V', unitsPerGroup: 5 });
    expect(traceText(r.trace.find((e) => e.id === 'monitoring.batteryInspection')!.substituted!, 'en')).toBe('ceil(104 / 24) = 5 × ZHBM24-2V per group × 2 group(s) = 10');
    expect(cfg.monitoring.filter((m) => m.role === 'BVSB').map((m) => m.quantity)).toEqual([1]);
    const { bom } = run(base220);
    expect(qty(bom.lines.filter((l) => codeOf(l).startsWith('BVSB')))).toBe(1);
    // Temperature probes: one beside each group.
    const own = panelsByOwner(cfg);
    for (const g of [1, 2]) expect(qty(bom.lines.filter((l) => codeOf(l).startsWith('TSP') && own.get(`batteryGroup:${g}`)!.includes(l.panelId)))).toBe(1);
  });

  it('a -48 V telecom system explains why it has no insulation monitor, leakage samplers or monitor', () => {
    const req = clone(base220);
    Object.assign(req, { systemKind: 'telecomSystem', nominalVoltageV: 48, arrangement: undefined, telecom: { moduleRatingA: 50 }, charger: {} });
    req.battery = { technology: 'vrla', unitVoltageV: 2, cellCount: 24, finalVoltagePerCellV: 1.8 };
    req.loads = [{ name: 'telecom', kind: 'controlProtection', currentA: 60 }] as Requirements['loads'];
    req.feeders = { main: [{ kind: 'control', ratingA: 32, count: 6 }], subPanels: [] };
    const r = size(req, k.catalog, k.sizingRules);
    const cfg = r.configuration!;
    expect(cfg.monitoring.filter((m) => m.family === 'insulationMonitor' || m.role === 'SLSB')).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['INSULATION_NOT_APPLICABLE', 'TELECOM_MONITOR_NOT_CONFIGURED']));
    expect(traceText(r.trace.find((e) => e.id === 'monitoring.insulation')!.substituted!, 'en')).toContain('earthed positive pole');
  });
});

/** Generated projects: DC and integrated systems, every arrangement, sub panels of any name and size. */
const feederArb = fc.record({ kind: fc.constantFrom('control' as const, 'power' as const), ratingA: fc.constantFrom(6, 10, 16, 32), count: fc.integer({ min: 1, max: 45 }) });
const projectArb = fc.record({
  base: fc.constantFrom(0, 1, 2),
  kind: fc.constantFrom('dcSystem' as const, 'integratedSystem' as const, 'telecomSystem' as const),
  telecomModule: fc.constantFrom(30 as const, 37.5 as const, 50 as const),
  level: fc.constantFrom(35 as const, 110 as const, 220 as const, 500 as const),
  arrangement: fc.constantFrom(undefined, '1b1c' as const, '1b2c' as const, '2b2c' as const, '2b3c' as const),
  scale: fc.double({ min: 0.3, max: 3, noNaN: true }),
  main: fc.array(feederArb, { maxLength: 6 }),
  subs: fc.array(fc.record({ name: fc.constantFrom('main', 'charger', 'battery', 'ac', 'monitor', '分电屏', 'X'), independent: fc.boolean(), feeders: fc.array(feederArb, { maxLength: 3 }) }), { maxLength: 4 }),
  scheme: fc.constantFrom('default' as const, 'oneTwo' as const, 'acSupervised' as const),
  acIncomers: fc.integer({ min: 1, max: 3 }),
  acFeeders: fc.array(fc.record({ ratingA: fc.constantFrom(10, 16, 32, 63), count: fc.integer({ min: 1, max: 30 }), poles: fc.constantFrom(1, 3, 4) }), { maxLength: 3 }),
  ups: fc.option(fc.constantFrom(3, 5, 10), { nil: undefined }),
  telecom48: fc.option(fc.constantFrom(20, 40, 75), { nil: undefined }),
  inspection: fc.boolean(),
});

type Generated = typeof projectArb extends fc.Arbitrary<infer T> ? T : never;

function generated(x: Generated): Requirements {
  const req = clone([base110, base220, baseIt][x.base]!);
  req.systemKind = x.kind;
  req.site = { ...req.site, voltageLevel: x.level };
  req.arrangement = x.arrangement;
  req.loads = req.loads.map((l) => ({ ...l, ...(l.powerKW !== undefined ? { powerKW: l.powerKW * x.scale } : {}) }));
  req.feeders = { main: x.main, subPanels: x.subs.map((s, i) => ({ name: i === 0 ? s.name : `${s.name}${i}`, independent: s.independent, incomingRatingA: 100, feeders: s.feeders, loadFunction: 'control' as const })) };
  req.cables.circuits = [];
  req.options = { ...req.options, batteryInspection: x.inspection };
  if (x.kind === 'integratedSystem') {
    req.integrated = { acRatedCurrentA: 250, acIncomers: x.acIncomers, acFeeders: x.acFeeders, monitorScheme: x.scheme, ...(x.ups ? { ups: { kind: 'ups' as const, ratedKVA: x.ups, count: 1 } } : {}), ...(x.telecom48 ? { telecom48: { currentA: x.telecom48 } } : {}) };
  } else delete req.integrated;
  if (x.kind === 'telecomSystem') {
    Object.assign(req, { nominalVoltageV: 48, telecom: { moduleRatingA: x.telecomModule }, charger: {} });
    req.battery = { technology: 'vrla', unitVoltageV: 2, cellCount: 24, finalVoltagePerCellV: 1.8 };
    req.loads = [{ name: 'telecom', kind: 'controlProtection', currentA: 60 * x.scale }] as Requirements['loads'];
  }
  return req;
}

describe('invariant over generated projects (fast-check)', () => {
  it('every BOM line’s panel exists and holds the parts wired in it; no panel the drawing shows is empty', () => {
    let checked = 0;
    fc.assert(
      fc.property(projectArb, (x) => {
        const req = generated(x);
        const r = size(req, k.catalog, k.sizingRules, { trace: false });
        if (!r.configuration) return true;
        const b = buildBom(r.configuration, k.catalog, k.bomRules);
        expect(b.ok).toBe(true);
        if (!b.ok) return false;
        expect(b.warnings.filter((p) => p.code === 'bom.noPanelForLocation')).toEqual([]);
        // A panel may be empty only where the sizing warned that it is (a feeder-less sub panel of an earthed-pole system).
        const own = panelsByOwner(r.configuration);
        const warned = new Set(r.problems.filter((p) => p.code === 'SUBPANEL_NO_FEEDERS' && p.severity === 'warning').flatMap((p) => own.get(`subPanel:${/subPanels\[(\d+)\]/.exec(p.path)![1]}`) ?? []));
        expect(placementViolations(req, r.configuration, b.value, warned)).toEqual([]);
        checked++;
        return true;
      }),
      { numRuns: 1100, seed: 20261130 },
    );
    expect(checked).toBeGreaterThanOrEqual(1000);
  }, 120_000);
});
