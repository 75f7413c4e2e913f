import type { Catalog, CatalogItem } from '../../src/core/catalog/schema.ts';
import { loadRules } from '../../src/core/rules/index.ts';
import type { Rules } from '../../src/core/rules/schema.ts';
import { readRuleSources } from '../../src/node/rules-files.ts';
import { requirementsSchema, type Requirements } from '../../src/core/project/schema.ts';

/** The real rules/dlt5044 tables, loaded once. */
let rulesCache: Rules | undefined;
export function realRules(): Rules {
  if (!rulesCache) {
    const r = loadRules(readRuleSources());
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.location?.file} ${p.path}: ${p.message.en}`).join('\n'));
    rulesCache = r.value;
  }
  return rulesCache;
}

/** A copy of the rules with one part replaced (the rules object is never mutated). */
export function withRules(patch: Partial<Rules>): Rules {
  return { ...realRules(), ...patch };
}

const base = { nameZh: 'x', nameEn: 'x', spec: 'x', costPrice: '1.00', listPrice: '2.00', leadTimeDays: 7, status: 'active' as const, alternates: [] };

export function battery2v(capacityAh: number, brand = 'bat', extra: Record<string, unknown> = {}): CatalogItem {
  return { ...base, code: `${brand}-2V-${capacityAh}`, unit: 'cell', brand, family: 'battery', technology: 'vrla', unitVoltageV: 2, cellsPerUnit: 1, capacityAh, kcTable: 'vrla-2v', lengthMm: 1, widthMm: 1, heightMm: 1, weightKg: 1, ...extra } as CatalogItem;
}
export function battery12v(capacityAh: number, extra: Record<string, unknown> = {}): CatalogItem {
  return { ...base, code: `B12-${capacityAh}`, unit: 'block', brand: 'bat', family: 'battery', technology: 'vrla', unitVoltageV: 12, cellsPerUnit: 6, capacityAh, kcTable: 'vrla-12v', lengthMm: 1, widthMm: 1, heightMm: 1, weightKg: 1, ...extra } as CatalogItem;
}
function module(v: 110 | 220, a: number): CatalogItem {
  return { ...base, code: `ZHR${v}${String(a).padStart(2, '0')}-4`, unit: 'pcs', brand: 'own', family: 'rectifierModule', nominalVoltageV: v, ratedCurrentA: a, outputRangeV: v === 220 ? { minV: 180, maxV: 300 } : { minV: 90, maxV: 150 }, acInput: '3P', efficiencyPct: 95, powerFactor: 0.95, slotWidth: 1 } as CatalogItem;
}
function breaker(a: number): CatalogItem {
  return { ...base, code: `BRK-${a}`, unit: 'pcs', brand: 'brk', family: 'breaker', currentType: 'dc', frame: a <= 63 ? 'mcb' : 'mccb', series: 'S', ratedCurrentA: a, poles: 2, ratedVoltageV: 440, breakingCapacityKA: a <= 63 ? 10 : 25, alarmContact: false } as CatalogItem;
}
function dropper(v: 110 | 220, a: number): CatalogItem {
  return { ...base, code: `DROP${v}-${a}`, unit: 'set', brand: 'own', family: 'dropper', ratedCurrentA: a, stepsV: v === 220 ? [5, 10, 15, 20] : [2.5, 5, 7.5, 10], nominalVoltageV: v } as CatalogItem;
}
function cable(s: number, amp: number): CatalogItem {
  return { ...base, code: `CU-1x${s}`, unit: 'm', brand: 'cab', family: 'cable', conductor: 'cu', cores: 1, sectionMm2: s, ampacityA: amp } as CatalogItem;
}

const CAPS = [100, 150, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000];
const BREAKERS = [1, 2, 3, 4, 6, 10, 16, 20, 25, 32, 40, 50, 63, 80, 100, 125, 160, 180, 200, 225, 250, 315, 350, 400, 500, 630, 800, 1000, 1250, 1600];
const CABLES: [number, number][] = [[1.5, 19], [2.5, 26], [4, 35], [6, 45], [10, 62], [16, 83], [25, 110], [35, 135], [50, 165], [70, 210], [95, 255], [120, 295], [150, 340], [185, 390], [240, 460], [300, 530], [400, 620]];

/** A small typed catalog for unit tests (made-up items; no prices matter to sizing). */
export function testCatalog(extra: CatalogItem[] = [], opts: { batteries?: CatalogItem[] } = {}): Catalog {
  const items: CatalogItem[] = [
    ...(opts.batteries ?? CAPS.map((c) => battery2v(c))),
    module(220, 10), module(220, 20), module(110, 10), module(110, 20),
    ...BREAKERS.map(breaker),
    ...CABLES.map(([s, a]) => cable(s, a)),
    ...[20, 40, 80, 160].flatMap((a) => [dropper(220, a), dropper(110, a)]),
    ...extra,
  ];
  return {
    version: 'test',
    effectiveDate: '2026-01-01',
    brands: [{ id: 'bat', nameZh: 'b', nameEn: 'b', origin: 'domestic' }, { id: 'own', nameZh: 'o', nameEn: 'o', origin: 'own' }, { id: 'brk', nameZh: 'k', nameEn: 'k', origin: 'domestic' }, { id: 'cab', nameZh: 'c', nameEn: 'c', origin: 'domestic' }],
    brandPolicy: [],
    items,
    byCode: new Map(items.map((i) => [i.code, i])),
  };
}

/** Requirements through the schema (defaults applied), from a partial object. */
export function requirements(r: Record<string, unknown>): Requirements {
  return requirementsSchema.parse(r);
}

/** The W1 default load set of dlt5044.md §8.1 (DC/DC left out: W1 counts it in the 4 h column only). */
export function w1Requirements(over: Record<string, unknown> = {}): Requirements {
  return requirements({
    site: { voltageLevel: 110, attended: false },
    systemKind: 'dcSystem',
    nominalVoltageV: 220,
    dcLoadType: 'combined',
    battery: { technology: 'vrla', unitVoltageV: 2, floatVoltagePerCellV: 2.23 },
    charger: { moduleRatingA: 20 },
    dischargeDurationMin: 120,
    loads: [
      { name: '控制、保护、继电器', kind: 'controlProtection', powerKW: 10 },
      { name: '断路器跳闸', kind: 'breakerTrip', powerKW: 3.6 },
      { name: '断路器自投', kind: 'autoTransferClosing', powerKW: 1.8 },
      { name: '恢复供电断路器合闸', kind: 'restoringClosing', powerKW: 1.8 },
      { name: 'UPS', kind: 'ups', powerKW: 15 },
      { name: '事故照明', kind: 'emergencyLighting', powerKW: 3 },
    ],
    cables: { batteryToPanelM: 20 },
    ...over,
  });
}

/** Every number anywhere in a value (deep), with its path. */
export function numbersIn(v: unknown, path = '$', out: [string, number][] = [], seen = new Set<unknown>()): [string, number][] {
  if (typeof v === 'number') out.push([path, v]);
  else if (v && typeof v === 'object') {
    if (seen.has(v)) return out;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) numbersIn(x, `${path}.${String(k)}`, out, seen);
    else for (const [k, x] of Object.entries(v)) numbersIn(x, `${path}.${k}`, out, seen);
  }
  return out;
}

import { indexCatalog } from '../../src/core/sizing/context.ts';
import type { SizingContext } from '../../src/core/sizing/context.ts';
export function mkCtx(req: Requirements, catalog: Catalog = testCatalog(), rules: Rules = realRules()): SizingContext {
  return { req, rules, cat: indexCatalog(catalog), trace: [], problems: [], traceOn: true };
}
