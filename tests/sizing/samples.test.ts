import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedKnowledge } from '../fixtures/knowledge.ts';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import { validateProject } from '../../src/core/project/index.ts';
import { size } from '../../src/core/sizing/index.ts';
import { numbersIn, realRules } from './helpers.ts';
import { traceText } from '../../src/core/trace.ts';

/** The sample projects size cleanly against the real catalog through the real loaders. */
const root = join(__dirname, '../..');
let catalog: Catalog;
beforeAll(async () => {
  const k = await shippedKnowledge();
  catalog = k.catalog;
});

const load = (f: string) => {
  const v = validateProject(JSON.parse(readFileSync(join(root, 'templates/projects', f), 'utf8')), realRules());
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.value;
};

describe('sample-110kv.json: 110 kV unattended smart substation, integrated system (dlt5044.md §2.4)', () => {
  it('sizes without errors: 104 cells, one group, communications counted 4 h, ZHTS model code', () => {
    const r = size(load('sample-110kv.json').requirements, catalog, realRules());
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const c = r.configuration!;
    expect(c.voltage.cellCount).toBe(104);
    expect(c.arrangement).toMatchObject({ id: '1b1c', batteryGroups: 1, fromDefault: true });
    expect(c.dischargeDurationMin).toBe(120);
    expect(c.dutyCycleMin).toBe(240);
    // The deck's format ZHTS{V} {DC A}/{Ah}-{station AC A}/{UPS kVA}K/{-48 V A}: 4 × 10 A, 150 Ah, 250 A, 5 kVA, 40 A.
    expect(c.modelCode).toBe('ZHTS220 40/150-250/5K/40');
    expect(c.modelCode).toBe(`ZHTS220 ${c.charger.module.ratedCurrentA}/${c.battery.capacityAh}-250/5K/40`);
    expect(c.monitoring.find((m) => m.family === 'monitor')?.itemCode).toBe('ZHM05ID');
    for (const l of c.lines) {
      expect(l.itemCode === null || catalog.byCode.has(l.itemCode)).toBe(true);
      expect(r.trace.some((t) => t.id === l.traceRef)).toBe(true);
    }
    expect(numbersIn(r).filter(([, n]) => !Number.isFinite(n))).toEqual([]);
  });
});

describe('sample-220kv.json: 220 kV substation, DC system, two groups, three chargers', () => {
  it('sizes without errors with two battery groups and a bus tie', () => {
    const r = size(load('sample-220kv.json').requirements, catalog, realRules());
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const c = r.configuration!;
    expect(c.arrangement).toMatchObject({ id: '2b3c', batteryGroups: 2, chargerSets: 3 });
    expect(c.battery.totalUnits).toBe(2 * 104);
    expect(c.breakers.some((b) => b.kind === 'busTie')).toBe(true);
    // ZHDCS{V} {A}/{Ah}: one charger set's rated output (n1 × Ime) and one group's capacity.
    expect(c.modelCode).toBe(`ZHDCS220 ${c.charger.module.ratedCurrentA}/${c.battery.capacityAh}`);
    expect(c.modelCode).toBe('ZHDCS220 80/300');
    expect(c.monitoring.find((m) => m.family === 'monitor')?.itemCode).toBe('ZHM05P');
    // Two main units (one per bus section), one per sub panel, and the master control box that ties them.
    expect(c.monitoring.filter((m) => m.family === 'insulationMonitor').map((m) => m.itemCode).sort()).toEqual(['IMB03', 'ZHIM02-2', 'ZHIM02-2-NB', 'ZHIM02-2F']);
  });
});

describe('sample-integrated-telecom.json: the deck example ZHTS220 60/300-250/3K/75', () => {
  it('prints the deck format; the -48 V field is the current asked (75 A), not the installed DC/DC modules', () => {
    const r = size(load('sample-integrated-telecom.json').requirements, catalog, realRules());
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const c = r.configuration!;
    expect(c.modelCode).toBe('ZHTS220 60/300-250/3K/75');
    expect(c.dcdc!.baseModules * c.dcdc!.moduleRatingA).not.toBe(75);
    const t = r.trace.find((e) => e.id === 'modelCode')!;
    expect(traceText(t.formula, 'en')).toBe('ZHTS{Un} {Icn}/{C10}-{station AC A}/{UPS kVA}K/{-48 V A}');
    // Every field says where it came from.
    for (const f of ['60 A = n1 × Ime of one charger set = 3 × 20 A', '300 Ah = rated capacity C10 of one battery group', '250 A = station AC system rated current', '3K = UPS/inverter 3 kVA × 1', '75 = -48 V telecom rated current as asked', 'installed DC/DC base modules 80 A not used']) {
      expect(traceText(t.substituted!, 'en')).toContain(f);
    }
    for (const l of c.lines) expect(r.trace.some((e) => e.id === l.traceRef)).toBe(true);
  });
});
