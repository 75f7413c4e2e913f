/**
 * Golden results: the full SizingResult (configuration, problems, trace, load statistics, unconfirmed ids)
 * of both sample projects and a spread of generated variants, against JSON snapshots committed from the
 * code before the speed work (tests/fixtures/golden/). Any change to a number, a message, a trace entry or
 * even the order of keys shows up here. Batch mode ({ trace: false }) must give the same configuration,
 * problems and statistics with an empty trace.
 * Regenerate only for an intended change of results: npx vitest run tests/sizing/golden-results.test.ts -u
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import type { Knowledge } from '../../src/core/knowledge.ts';
import type { Requirements } from '../../src/core/project/schema.ts';
import { fmt } from '../../src/core/sizing/context.ts';
import { size, type SizeOptions } from '../../src/core/sizing/index.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

let k: Knowledge;
let base110: Requirements;
let base220: Requirements;
beforeAll(async () => {
  k = await shippedKnowledge();
  base110 = (await sampleProject('sample-110kv.json')).requirements;
  base220 = (await sampleProject('sample-220kv.json')).requirements;
});

const kinds = ['controlProtection', 'breakerTrip', 'ups', 'emergencyLighting', 'dcdc', 'restoringClosing'] as const;
/** The generator of scripts/bench/sizing.ts: n loads of rotating kinds, scaled. */
function withLoads(base: Requirements, n: number, scale: number): Requirements {
  const loads = Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length] as (typeof kinds)[number];
    const duration = kind === 'dcdc' ? { durationMin: 240 } : kind === 'emergencyLighting' ? { durationMin: 60 } : {};
    return { name: `L${i}`, kind, powerKW: (0.05 + (i % 7) * 0.03) * scale, ...duration };
  });
  return { ...base, loads };
}

type Variant = { name: string; req: () => Requirements; options?: SizeOptions; catalog?: () => Catalog };
const clone = <T>(x: T): T => structuredClone(x);

/** The shipped catalog with short-circuit data on every battery (breaking-capacity checks), built once. */
let iscCatalog: Catalog | undefined;
function catalogWithIsc(): Catalog {
  iscCatalog ??= { ...k.catalog, items: k.catalog.items.map((i) => (i.family === 'battery' ? { ...i, shortCircuitCurrentA: i.capacityAh * 60 } : i)) };
  return iscCatalog;
}

const variants: Variant[] = [
  { name: 'sample-110kv', req: () => base110 },
  { name: 'sample-220kv', req: () => base220 },
  { name: 'sample-110kv-everyStage', req: () => base110, options: { randomLoadPlacement: 'everyStage' } },
  { name: 'sample-220kv-everyStage', req: () => base220, options: { randomLoadPlacement: 'everyStage' } },
  { name: 'bench-110-6x0.5', req: () => withLoads(base110, 6, 0.5) },
  { name: 'bench-110-17x1.7', req: () => withLoads(base110, 17, 1.7) },
  { name: 'bench-110-30x3.2', req: () => withLoads(base110, 30, 3.2) },
  { name: 'bench-110-100x1', req: () => withLoads(base110, 100, 1) },
  { name: 'bench-220-12x2.3', req: () => withLoads(base220, 12, 2.3) },
  { name: 'bench-220-25x0.8', req: () => withLoads(base220, 25, 0.8) },
  {
    // Heavy loads: parallel strings or a capacity beyond the catalog, big breakers and cables.
    name: 'heavy-220',
    req: () => withLoads(base220, 30, 40),
  },
  {
    // 110 V, control only, no module rating, a breaker brand, no battery inspection, explicit duration.
    name: '110v-control-only',
    req: () => {
      const r = clone(base220);
      r.nominalVoltageV = 110;
      r.dcLoadType = 'controlOnly';
      r.battery = { technology: 'vrla', unitVoltageV: 2 };
      r.charger = {};
      r.breakerBrand = 'abb';
      r.dischargeDurationMin = 60;
      r.options = { ...r.options, batteryInspection: false };
      return r;
    },
  },
  {
    // 12 V blocks (no transcribed Kc column: an early error).
    name: '12v-blocks',
    req: () => {
      const r = clone(base220);
      r.battery = { technology: 'vrla', unitVoltageV: 12 };
      return r;
    },
  },
  {
    name: 'telecom-48',
    req: () => {
      const r = clone(base220);
      r.systemKind = 'telecomSystem';
      r.nominalVoltageV = 48;
      r.arrangement = undefined;
      r.battery = { technology: 'vrla', unitVoltageV: 2, cellCount: 24, finalVoltagePerCellV: 1.8 };
      r.telecom = { moduleRatingA: 50 };
      r.charger = {};
      r.loads = [{ name: 'telecom', kind: 'controlProtection', currentA: 60 }] as Requirements['loads'];
      r.feeders = { main: [{ kind: 'control', ratingA: 32, count: 6 }], subPanels: [] };
      return r;
    },
  },
  { name: 'isc-220', req: () => base220, catalog: catalogWithIsc },
  { name: 'isc-heavy-220', req: () => withLoads(base220, 24, 12), catalog: catalogWithIsc },
  {
    name: 'integrated-oneTwo',
    req: () => {
      const r = clone(base110);
      r.integrated = { ...r.integrated!, monitorScheme: 'oneTwo', ups: { kind: 'inverter', ratedKVA: 3, count: 2 } };
      r.arrangement = '2b2c';
      return r;
    },
  },
  {
    // Cable circuits with derived drops, a sub panel without incoming rating or feeders, closing feeders,
    // a selectivity violation and one circuit with an entered allowed drop.
    name: 'cables-and-feeders',
    req: () => {
      const r = clone(base110);
      r.feeders.main.push({ kind: 'closing', closingCurrentA: 180, ratingA: 40, count: 2 }, { kind: 'control', ratingA: 63, count: 1 });
      r.feeders.subPanels.push({ name: 'empty', independent: true, feeders: [], loadFunction: 'power' });
      r.feeders.subPanels.push({ name: 'closing sub', independent: false, feeders: [{ kind: 'closing', closingCurrentA: 120, count: 3 }, { kind: 'power', ratingA: 50, count: 2 }], cableLengthM: 250, loadCurrentA: 60, loadFunction: 'power' });
      r.cables.circuits.push(
        { name: 'long control run', kind: 'panelToLoad', lengthM: 400, currentA: 30, loadFunction: 'control' },
        { name: 'power run', kind: 'panelToLoad', lengthM: 80, currentA: 120, loadFunction: 'power', allowedDropPct: 2 },
        { name: 'sub closing run', kind: 'subPanelToLoad', lengthM: 150, currentA: 45, loadFunction: 'power', subPanel: 'closing sub' },
      );
      return r;
    },
  },
  {
    name: 'load-inputs',
    req: () => {
      const r = clone(base220);
      r.loads = [
        { name: 'amps', kind: 'controlProtection', currentA: 35, loadFactor: 0.7 },
        { name: 'kva', kind: 'ups', apparentPowerKVA: 8, powerFactor: 0.85, efficiency: 0.92 },
        { name: 'periods', kind: 'emergencyLighting', powerKW: 3, periods: [{ startMin: 0, endMin: 30 }, { startMin: 60, endMin: 90 }] },
        { name: 'random', kind: 'restoringClosing', powerKW: 2.2, random: true },
        { name: 'power fn', kind: 'breakerTrip', powerKW: 4, function: 'power', durationMin: 5 },
      ] as Requirements['loads'];
      return r;
    },
  },
];

function run(v: Variant, trace: boolean) {
  return size(v.req(), v.catalog ? v.catalog() : k.catalog, k.sizingRules, { ...v.options, trace });
}

describe('golden sizing results (tests/fixtures/golden/)', () => {
  for (const v of variants) {
    it(`${v.name}: full result unchanged`, async () => {
      const r = run(v, true);
      await expect(`${JSON.stringify(r, null, 1)}\n`).toMatchFileSnapshot(`../fixtures/golden/${v.name}.json`);
    });
    it(`${v.name}: batch mode gives the same configuration, problems and statistics`, () => {
      const full = run(v, true);
      const batch = run(v, false);
      expect(batch.trace).toEqual([]);
      expect(batch.unconfirmed).toEqual([]);
      expect(JSON.stringify(batch.configuration)).toBe(JSON.stringify(full.configuration));
      expect(JSON.stringify(batch.problems)).toBe(JSON.stringify(full.problems));
      expect(JSON.stringify(batch.loadStatistics)).toBe(JSON.stringify(full.loadStatistics));
      expect(batch.ok).toBe(full.ok);
    });
    it(`${v.name}: repeated sizing (warm memo caches) gives the same result`, () => {
      const a = JSON.stringify(run(v, true));
      for (let i = 0; i < 3; i++) run(v, i % 2 === 0);
      expect(JSON.stringify(run(v, true))).toBe(a);
    });
  }
});

describe('fmt fast path', () => {
  /** The formatting before the speed work: String() of the rounded double. */
  function reference(n: number, decimals = 4): string {
    if (!Number.isFinite(n)) return String(n);
    if (Math.abs(n) < 1e12) {
      const f = 10 ** decimals;
      const r = Math.round(n * f) / f;
      return String(r === 0 ? 0 : r);
    }
    const s = n.toFixed(decimals);
    return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  }
  it('prints exactly what String() of the rounded value printed', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const values = [0, -0, 0.5, -0.5, 1.005, 2.675, 0.1 + 0.2, 1e-7, 5e-5, 4.9999e-5, 123.45675, 19999.99995, 1e9, 2e9, -2e9, 1e12, 1e13, NaN, Infinity, -Infinity];
    for (let i = 0; i < 100000; i++) values.push((rnd() - 0.3) * 10 ** (rnd() * 10 - 4));
    for (let i = 0; i < 20000; i++) values.push(Math.round(rnd() * 1e6) / 10 ** Math.floor(rnd() * 7));
    let mismatches = 0;
    for (const v of values) for (const d of [0, 1, 2, 3, 4, 5, 6]) if (fmt(v, d) !== reference(v, d)) mismatches++;
    for (const v of values) if (fmt(v) !== reference(v)) mismatches++;
    expect(mismatches).toBe(0);
  });
});
