import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { readCatalogSources } from '../../src/node/catalog-files.ts';
import {
  duplicateLoad,
  dutyPreview,
  dutySteps,
  insertLoads,
  parseNumber,
  parsePeriods,
  problemsByLoadRow,
  removeLoad,
  replaceLoad,
  rowFieldProblems,
  withCapacityMode,
  withCapacityValue,
  withField,
} from '../../src/app/components/load-model.ts';
import { realRules } from '../sizing/helpers.ts';

const sample = JSON.parse(readFileSync('templates/projects/sample-110kv.json', 'utf8')) as ProjectFile;

let cached: ReturnType<typeof loadOnce> | undefined;
const catalog = () => (cached ??= loadOnce());
async function loadOnce() {
  const src = await readCatalogSources('catalog');
  if (!src.ok) throw new Error('catalog sources');
  const c = loadCatalog(src.value, { knownKcTables: [...realRules().kcTables.keys()] });
  if (!c.ok) throw new Error('catalog');
  return c.value;
}

describe('numbers as engineers type them', () => {
  it('parses plain, grouped and full-width numbers; a decimal comma is refused; empty is null; anything else NaN', () => {
    expect(parseNumber('4.5')).toBe(4.5);
    // Issue 10 item 1: a comma only groups thousands; "4,5" is refused (with a reason), never 4.5 or 45.
    expect(parseNumber(' 4,5 ')).toBeNaN();
    expect(parseNumber('1,500')).toBe(1500);
    expect(parseNumber('１２．５')).toBe(12.5);
    expect(parseNumber('-5')).toBe(-5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseNumber('1,234,5')).toBeNaN();
  });

  it('parses periods "0-1; 60-120" and names the part it cannot read', () => {
    expect(parsePeriods('0-1; 60–120')).toEqual({ ok: true, value: [{ startMin: 0, endMin: 1 }, { startMin: 60, endMin: 120 }] });
    expect(parsePeriods('  ')).toEqual({ ok: true, value: null });
    expect(parsePeriods('0-1; later')).toEqual({ ok: false, part: 'later' });
  });
});

describe('load row edits are immutable and touch only their row', () => {
  it('changes one row and keeps the other row objects (so memoized rows do not re-render)', () => {
    const next = replaceLoad(sample, 2, (l) => withCapacityValue(l, 9));
    expect(next.requirements.loads[2]?.powerKW).toBe(9);
    expect(next.requirements.loads[0]).toBe(sample.requirements.loads[0]);
    expect(sample.requirements.loads[2]?.powerKW).toBe(1.1);
    expect(replaceLoad(sample, 2, (l) => l)).toBe(sample);
  });

  it('switches kW → kVA keeping the number; leaving kVA drops pf and η', () => {
    const ups = sample.requirements.loads[3];
    if (!ups) throw new Error('sample');
    const asKw = withCapacityMode(ups, 'kW');
    expect(asKw).toMatchObject({ powerKW: 5 });
    expect(asKw).not.toHaveProperty('apparentPowerKVA');
    expect(asKw).not.toHaveProperty('powerFactor');
    expect(withCapacityMode(asKw, 'A')).toMatchObject({ currentA: 5 });
  });

  it('amps carry rated/calculated; leaving amps drops the basis (it would be refused elsewhere)', () => {
    const amps = { name: 'x', kind: 'controlProtection' as const, currentA: 12, currentBasis: 'calculated' as const };
    expect(withCapacityMode(amps, 'kW')).not.toHaveProperty('currentBasis');
    expect(withCapacityMode(amps, 'A')).toBe(amps);
  });

  it('clearing an optional field removes the key', () => {
    const l = withField({ name: 'x', kind: 'ups', loadFactor: 0.5 }, 'loadFactor', undefined);
    expect(Object.keys(l)).toEqual(['name', 'kind']);
  });

  it('adds, duplicates and removes rows with fresh unique ids', () => {
    const added = insertLoads(sample, [{ name: 'a', kind: 'other' }, { name: 'b', kind: 'other' }]);
    const ids = added.requirements.loads.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-2)).toEqual(['L7', 'L8']);
    const dup = duplicateLoad(added, 0);
    expect(dup.requirements.loads[1]?.name).toBe(dup.requirements.loads[0]?.name);
    expect(dup.requirements.loads[1]?.id).not.toBe(dup.requirements.loads[0]?.id);
    expect(removeLoad(dup, 1).requirements.loads.map((l) => l.id)).toEqual(ids);
    expect(removeLoad(dup, 99)).toBe(dup);
  });
});

describe('duty-cycle preview from the draft', () => {
  it('matches the load statistics of the sample (I1 37.58 A, IR 5 A)', async () => {
    const p = dutyPreview(sample.requirements, realRules(), await catalog());
    expect(p.skipped).toEqual([]);
    expect(p.statistics?.totals.periodsA[0]).toBeCloseTo(37.5758, 3);
    expect(p.statistics?.totals.randomA).toBeCloseTo(5, 6);
    expect(dutySteps(p.statistics).map((s) => s.endMin)).toEqual([1, 30, 60, 120, 240]);
  });

  it('leaves out an invalid load (negative kW) and still follows the rest; a broken site falls back', async () => {
    const cat = await catalog();
    const bad = replaceLoad(sample, 1, (l) => withCapacityValue(l, -2)).requirements;
    const p = dutyPreview(bad, realRules(), cat);
    expect(p.skipped).toEqual([1]);
    expect(p.rowOf[1]).toBeNull();
    expect(p.statistics?.totals.periodsA[0]).toBeCloseTo(37.5758 - 5.4545, 3);
    const brokenSite = { ...sample.requirements, site: { voltageLevel: 999, attended: false } };
    const q = dutyPreview(brokenSite, realRules(), cat);
    expect(q.settingsInvalid).toBe(true);
    expect(q.statistics?.rows).toHaveLength(6);
  });

  it('is cached per requirements object', async () => {
    const cat = await catalog();
    expect(dutyPreview(sample.requirements, realRules(), cat)).toBe(dutyPreview(sample.requirements, realRules(), cat));
  });
});

describe('problems at the fields of the load table', () => {
  it('groups by row and by field, keeping row-level problems apart', () => {
    const problems = [
      { code: 'a', severity: 'error' as const, path: 'requirements.loads[3].powerKW', message: { zh: 'x', en: 'x' } },
      { code: 'b', severity: 'error' as const, path: 'requirements.loads[3]', message: { zh: 'y', en: 'y' } },
      { code: 'c', severity: 'error' as const, path: 'requirements.loads[12].periods[0].endMin', message: { zh: 'z', en: 'z' } },
      { code: 'd', severity: 'error' as const, path: 'requirements.site', message: { zh: 'w', en: 'w' } },
    ];
    const byRow = problemsByLoadRow(problems);
    expect([...byRow.keys()]).toEqual([3, 12]);
    expect(problemsByLoadRow(problems)).toBe(byRow);
    const r3 = rowFieldProblems(byRow.get(3), 3);
    expect(r3.row.map((p) => p.code)).toEqual(['b']);
    expect(r3.byField.get('powerKW')?.map((p) => p.code)).toEqual(['a']);
    expect(rowFieldProblems(byRow.get(12), 12).byField.get('periods')?.map((p) => p.code)).toEqual(['c']);
  });
});
