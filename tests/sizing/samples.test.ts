import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedKnowledge } from '../fixtures/knowledge.ts';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import { validateProject } from '../../src/core/project/index.ts';
import { size } from '../../src/core/sizing/index.ts';
import { numbersIn, realRules } from './helpers.ts';

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
    expect(c.modelCode).toMatch(/^ZHTS220\/\d+-5\/\d+$/);
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
    expect(c.modelCode).toMatch(/^ZHDCS220\/\d+$/);
    expect(c.monitoring.find((m) => m.family === 'monitor')?.itemCode).toBe('ZHM05P');
    expect(c.monitoring.filter((m) => m.family === 'insulationMonitor').map((m) => m.itemCode).sort()).toEqual(['ZHIM02-2', 'ZHIM02-2-NB', 'ZHIM02-2F']);
  });
});
