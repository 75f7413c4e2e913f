import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import { technicalGroupsOf } from '../../src/core/catalog/schema.ts';
import { fixture, shippedSources } from '../catalog/fixtures.ts';

const withTechnical = (values: string, sample = 'true') => (t: string) =>
  t.replace('    powerFactor: 0.99\n    slotWidth: 1\n', `    powerFactor: 0.99\n    slotWidth: 1\n    technical:\n      - source: "datasheet"\n        sample: ${sample}\n        values: ${values}\n`);

describe('catalog technical data (issue #15)', () => {
  it('accepts a family\'s technical values with their source', () => {
    const r = loadCatalog(fixture({ other: withTechnical('{ voltagePrecisionPct: 0.5, noiseDb: 50 }') }));
    expect(r.ok).toBe(true);
  });

  it('refuses an unknown technical key and names the field', () => {
    const r = loadCatalog(fixture({ other: withTechnical('{ voltagePrecission: 0.5 }') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path).join(' ')).toContain('items[ZHR22010-4].technical');
  });

  it('refuses a technical value that contradicts the item field it restates', () => {
    const r = loadCatalog(fixture({ other: withTechnical('{ efficiencyPct: 96 }') }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.code === 'catalog.technicalMismatch')?.path).toBe('items[ZHR22010-4].technical[0].values.efficiencyPct');
  });

  it('the shipped catalog tags every technical group it does not take from a maker as sample', () => {
    const r = loadCatalog(shippedSources());
    if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
    const groups = r.value.items.flatMap(technicalGroupsOf);
    expect(groups.length).toBeGreaterThan(50);
    for (const g of groups) expect(g.sample || /maker/.test(g.source), g.source).toBe(true);
    for (const g of groups) if (g.sample) expect(g.source).toMatch(/^SAMPLE/);
  });
});
