/**
 * Invariants of the sizing over generated projects (issue 10, items 2, 3, 5, 13), against the shipped
 * catalog and rules. Each invariant is checked from the result and the catalog, independently of the code
 * that chose the values:
 *   - every breaker ≥ what its circuit requires; a sub-panel incoming breaker ≥ the current of the circuit
 *     it protects (an entered one below it is an error, never silent);
 *   - every cable's ampacity (catalog Iz × runs) ≥ its current AND ≥ the rating of the breaker protecting
 *     it (battery cable ← battery outlet breaker, panel→sub-panel cable ← its incoming breaker);
 *   - where selectivity is claimed (pair ok), upstream ≥ ratio × downstream; an incoming breaker the tool
 *     chose always claims it;
 *   - equalize (decision 8): without a dropper n·Uc ≤ the ceiling; a dropper only when no 0.01 V step of
 *     the range meets it, or the entered voltage is above it;
 *   - charger range (decision 9): a CHARGER_RANGE warning exactly when float or equalize is outside the
 *     chosen module's adjustable range;
 *   - loads in amps: a calculated current goes through unchanged (K = 1), a rated one × K.
 * Runs: 1,000 by default (a few seconds); DCQ_PROPERTY_RUNS=100000 for the long run (README).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { validateRequirements } from '../../src/core/project/requirements.ts';
import type { Requirements } from '../../src/core/project/schema.ts';
import type { Rules } from '../../src/core/rules/schema.ts';
import { size, type SizingResult } from '../../src/core/sizing/index.ts';
import { shippedKnowledge } from '../fixtures/knowledge.ts';

const RUNS = Math.max(1, Number(process.env.DCQ_PROPERTY_RUNS ?? '') || 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 30);
const EPS = 1e-6;

let k: Knowledge;
let catalog: Catalog;
let rules: Rules;
beforeAll(async () => {
  k = await shippedKnowledge();
  catalog = k.catalog;
  rules = k.sizingRules;
}, 120_000);

const RATINGS = [1, 2, 3, 4, 6, 10, 16, 20, 25, 32, 40, 50, 63];
const KINDS = ['controlProtection', 'breakerTrip', 'autoTransferClosing', 'restoringClosing', 'ups', 'emergencyLighting', 'dcdc', 'thermalControl'] as const;

const loadArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  size: fc.oneof(
    fc.record({ powerKW: fc.double({ min: 0.1, max: 25, noNaN: true }) }),
    fc.record({ currentA: fc.double({ min: 0.5, max: 120, noNaN: true }), currentBasis: fc.constantFrom(undefined, 'rated' as const, 'calculated' as const) }),
  ),
});
const feederArb = fc.oneof(
  fc.record({ kind: fc.constantFrom('control' as const, 'power' as const), ratingA: fc.constantFrom(...RATINGS), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('closing' as const), closingCurrentA: fc.double({ min: 1, max: 200, noNaN: true }), count: fc.integer({ min: 1, max: 6 }) }),
);
const subPanelArb = fc.record({
  feeders: fc.array(feederArb, { maxLength: 4 }),
  cable: fc.option(fc.record({ cableLengthM: fc.double({ min: 5, max: 200, noNaN: true }), loadCurrentA: fc.double({ min: 1, max: 150, noNaN: true }) }), { nil: undefined }),
});
const projectArb = fc.record({
  un: fc.constantFrom(110 as const, 220 as const),
  level: fc.constantFrom(35 as const, 110 as const, 220 as const),
  attended: fc.boolean(),
  dcLoadType: fc.constantFrom('controlOnly' as const, 'powerOnly' as const, 'combined' as const),
  cellOffset: fc.option(fc.integer({ min: -2, max: 5 }), { nil: undefined }),
  equalize: fc.option(fc.constantFrom(2.3, 2.31, 2.32, 2.33, 2.34, 2.35), { nil: undefined, freq: 4 }),
  loads: fc.array(loadArb, { minLength: 1, maxLength: 8 }),
  main: fc.array(feederArb, { maxLength: 3 }),
  subPanels: fc.array(subPanelArb, { maxLength: 3 }),
  batteryToPanelM: fc.double({ min: 1, max: 60, noNaN: true }),
  moduleRatingA: fc.option(fc.constantFrom(10, 20), { nil: undefined }),
});

type Gen = typeof projectArb extends fc.Arbitrary<infer T> ? T : never;

function toRequirements(g: Gen): unknown {
  const nominalCells = g.un === 220 ? 104 : 52;
  return {
    site: { voltageLevel: g.level, attended: g.attended },
    systemKind: 'dcSystem',
    nominalVoltageV: g.un,
    dcLoadType: g.dcLoadType,
    battery: {
      technology: 'vrla',
      unitVoltageV: 2,
      ...(g.cellOffset !== undefined ? { cellCount: nominalCells + g.cellOffset } : {}),
      ...(g.equalize !== undefined ? { equalizeVoltagePerCellV: g.equalize } : {}),
    },
    charger: g.moduleRatingA !== undefined ? { moduleRatingA: g.moduleRatingA } : {},
    loads: [{ name: 'ctl', kind: 'controlProtection', powerKW: 2 }, ...g.loads.map((l, i) => ({ name: `L${i}`, kind: l.kind, ...l.size }))].map((l) => JSON.parse(JSON.stringify(l)) as unknown),
    feeders: {
      main: g.main,
      subPanels: g.subPanels.map((s, i) => ({ name: `SP${i}`, feeders: s.feeders, ...(s.cable ?? {}) })),
    },
    cables: { batteryToPanelM: g.batteryToPanelM },
  };
}

/** Checks every invariant of one sized project; returns the failures (empty when all hold). */
function violations(req: Requirements, r: SizingResult): string[] {
  const out: string[] = [];
  const c = r.configuration;
  if (!c) return out;
  const byId = new Map(c.breakers.map((b) => [b.id, b]));
  const ratio = rules.breakers.selectivityMinRatio.value;

  for (const b of c.breakers) {
    if (b.ratingA === null) continue;
    if (b.ratingA < b.requiredA - EPS) out.push(`${b.id}: ${b.ratingA} A < required ${b.requiredA} A`);
  }
  req.feeders.subPanels.forEach((s, i) => {
    const inc = byId.get(`brk.sub.${i}.in`);
    if (!inc || inc.ratingA === null) return;
    if (s.loadCurrentA !== undefined && inc.ratingA < s.loadCurrentA - EPS) out.push(`sub ${i}: incoming ${inc.ratingA} A < circuit current ${s.loadCurrentA} A`);
    if (s.incomingRatingA === undefined && s.feeders.length > 0) {
      for (const p of c.selectivity.filter((q) => q.upstream === inc.id)) if (!p.ok) out.push(`sub ${i}: the tool's incoming breaker does not claim selectivity (${p.ratio})`);
    }
  });
  for (const p of c.selectivity) {
    const u = byId.get(p.upstream);
    const d = byId.get(p.downstream);
    if (!u || !d || u.ratingA === null || d.ratingA === null) {
      out.push(`selectivity pair ${p.upstream}/${p.downstream} without ratings`);
      continue;
    }
    if (p.ok && u.ratingA < ratio * d.ratingA - EPS) out.push(`selectivity claimed for ${u.id} ${u.ratingA} A / ${d.id} ${d.ratingA} A < ${ratio}`);
  }

  const outlet = byId.get('brk.batteryOutlet');
  for (const cab of c.cables) {
    const item = cab.itemCode ? catalog.byCode.get(cab.itemCode) : undefined;
    if (!item || item.family !== 'cable') {
      out.push(`${cab.id}: no catalog cable`);
      continue;
    }
    const iz = item.ampacityA * cab.runs;
    if (iz < cab.currentA - EPS) out.push(`${cab.id}: Iz ${iz} A < I ${cab.currentA} A`);
    // The protecting breaker, found independently of the cable's own record.
    const prot = cab.id === 'battery' ? outlet : cab.id.startsWith('sub.') ? byId.get(`brk.sub.${cab.id.split('.')[1]}.in`) : undefined;
    if (prot && prot.ratingA !== null && iz < prot.ratingA - EPS) out.push(`${cab.id}: Iz ${iz} A < In ${prot.ratingA} A of ${prot.id}`);
  }

  const v = c.voltage;
  const limitBus = rules.voltageLimits.equalizeMaxFactor[req.dcLoadType].value * req.nominalVoltageV;
  const tech = rules.cellVoltages.technologies[0]!;
  const anyStepMeets = tech.equalize.min * v.cellCount <= limitBus + EPS;
  const entered = req.battery.equalizeVoltagePerCellV;
  if (entered === undefined && (v.equalizePerCellV < tech.equalize.min - EPS || v.equalizePerCellV > tech.equalize.max + EPS)) out.push(`equalize ${v.equalizePerCellV} V outside the range`);
  if (entered === undefined && anyStepMeets && v.equalizeBusV > limitBus + EPS) out.push(`equalize bus ${v.equalizeBusV} V above ${limitBus} V although a step meets it`);
  if (entered === undefined && anyStepMeets && v.equalizePerCellV + 0.01 <= tech.equalize.max + EPS && (v.equalizePerCellV + 0.01) * v.cellCount <= limitBus + EPS) out.push(`equalize ${v.equalizePerCellV} V is not the highest step meeting the ceiling`);
  if (c.dropper) {
    if (req.dcLoadType !== 'combined') out.push('dropper outside a combined system');
    const why = entered !== undefined ? entered * v.cellCount > limitBus + EPS : !anyStepMeets;
    if (!why) out.push(`dropper without a reason (n ${v.cellCount}, Uc ${v.equalizePerCellV})`);
  } else if (req.dcLoadType === 'combined' && v.equalizeBusV > limitBus + EPS) out.push('combined system above the ceiling without a dropper');

  const mod = catalog.byCode.get(c.charger.module.itemCode);
  if (mod && mod.family === 'rectifierModule') {
    const inside = [v.floatBusV, v.equalizeBusV].every((u) => u >= mod.outputRangeV.minV - EPS && u <= mod.outputRangeV.maxV + EPS);
    const warned = r.problems.some((p) => p.code === 'CHARGER_RANGE');
    if (inside === warned) out.push(`charger range: inside ${inside}, warned ${warned}`);
  }

  const rows = r.loadStatistics?.rows ?? [];
  req.loads.forEach((l, i) => {
    const row = rows[i];
    if (!row || l.currentA === undefined) return;
    const kDefault = rules.loadClassById.get(l.kind)?.loadFactor?.value ?? 1;
    const expected = l.currentBasis === 'calculated' ? l.currentA : l.currentA * (l.loadFactor ?? kDefault);
    if (Math.abs(row.currentA - expected) > 1e-9 * Math.max(1, expected)) out.push(`load ${i}: ${row.currentA} A, expected ${expected} A`);
  });
  return out;
}

describe(`sizing invariants over ${RUNS} generated projects (DCQ_PROPERTY_RUNS)`, () => {
  it(
    'breakers ≥ circuit current, In ≤ Iz, claimed selectivity holds, equalize/dropper and charger range per decisions 8–9, amps per basis',
    () => {
      let sized = 0;
      fc.assert(
        fc.property(projectArb, (g) => {
          const v = validateRequirements(toRequirements(g), rules);
          if (!v.ok) return true;
          const r = size(v.value, catalog, rules, { trace: false });
          if (r.configuration) sized++;
          const bad = violations(v.value, r);
          if (bad.length) throw new Error(bad.join('\n'));
          return true;
        }),
        { numRuns: RUNS },
      );
      // The generator must reach the sizing for most projects, or the invariants prove nothing.
      expect(sized).toBeGreaterThan(RUNS * 0.5);
    },
    TIMEOUT_MS,
  );

  it('an entered sub-panel incoming breaker below its circuit current is an error at that field, never silent', () => {
    const v = validateRequirements(
      {
        ...(toRequirements({ un: 220, level: 220, attended: false, dcLoadType: 'combined', cellOffset: undefined, equalize: undefined, loads: [], main: [], subPanels: [], batteryToPanelM: 5, moduleRatingA: undefined }) as object),
        feeders: { main: [], subPanels: [{ name: 'SP', incomingRatingA: 20, feeders: [{ kind: 'control', ratingA: 10, count: 4 }], cableLengthM: 50, loadCurrentA: 25 }] },
      },
      rules,
    );
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const r = size(v.value, catalog, rules);
    expect(r.problems.find((p) => p.code === 'SUBPANEL_INCOMING_BELOW_CURRENT')?.path).toBe('requirements.feeders.subPanels[0].incomingRatingA');
    expect(r.ok).toBe(false);
  });
});
