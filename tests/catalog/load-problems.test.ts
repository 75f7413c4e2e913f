import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import type { Problem } from '../../src/core/problems.ts';
import { fixture } from './fixtures.ts';

function problemsOf(sources: ReturnType<typeof fixture>, options = {}): Problem[] {
  const r = loadCatalog(sources, options);
  return r.ok ? r.warnings : r.problems;
}
function only(problems: Problem[], code: string): Problem {
  const found = problems.filter((p) => p.code === code);
  expect(found, `expected one ${code} in ${JSON.stringify(problems.map((p) => p.code))}`).toHaveLength(1);
  return found[0]!;
}
const sub = (from: string, to: string) => (t: string) => {
  expect(t.includes(from), `fixture contains ${from}`).toBe(true);
  return t.replace(from, to);
};

describe('loadCatalog on the fixture', () => {
  it('loads cleanly and keeps money as the exact source text', () => {
    const r = loadCatalog(fixture());
    if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
    expect(r.warnings).toEqual([]);
    expect(r.value.byCode.get('SCH-10')?.costPrice).toBe('1234.55');
    expect(r.value.byCode.get('ZHR22010-4')?.costPrice).toBe('2150.00');
    expect(r.value.byCode.get('ABB-10')?.costPrice).toBe('270.00');
    expect(r.value.items.map((i) => i.code)).toEqual(['SCH-10', 'ABB-10', 'ZHR22010-4', 'ZHR22010-3', 'LC-DJ100']);
  });

  it('keeps digits a float would lose', () => {
    const r = loadCatalog(fixture({ items: sub('costPrice: 1234.55', 'costPrice: 90071992547409.93') }));
    expect(r.ok && r.value.byCode.get('SCH-10')?.costPrice).toBe('90071992547409.93');
  });

  it('reports a YAML syntax error with file and line, and returns no catalog', () => {
    const r = loadCatalog(fixture({ items: sub('    unit: pcs\n    brand: abb', '    unit: [pcs\n    brand: abb') }));
    expect(r.ok).toBe(false);
    const p = (r.ok ? [] : r.problems).find((x) => x.code === 'catalog.yamlSyntax');
    expect(p?.location?.file).toBe('catalog/items/breakers.yaml');
    expect(p?.location?.row).toBeGreaterThan(20);
  });

  it('maps schema errors to field path, item code and line', () => {
    const p = only(problemsOf(fixture({ items: sub('    poles: 2\n    ratedVoltageV: 440\n    breakingCapacityKA: 10\n    alternates: [ABB-10]', '    poles: 7\n    ratedVoltageV: 440\n    breakingCapacityKA: 10\n    alternates: [ABB-10]') })), 'catalog.schema');
    expect(p.path).toBe('items[SCH-10].poles');
    expect(p.location).toEqual({ file: 'catalog/items/breakers.yaml', row: 18, itemCode: 'SCH-10' });
    expect(p.message.zh).toMatch(/取值过大/);
    expect(p.message.en).toMatch(/too large/);
  });

  it('reports a missing required field', () => {
    const p = only(problemsOf(fixture({ other: sub('    slotWidth: 1\n  - family: rectifierModule', '  - family: rectifierModule') })), 'catalog.schema');
    expect(p.path).toBe('items[ZHR22010-4].slotWidth');
    expect(p.message.en).toBe('required field is missing');
  });

  it('reports every problem at once, across files', () => {
    const problems = problemsOf(fixture({ items: sub('brand: abb', 'brand: nobody'), other: sub('listPrice: 3200.00', 'listPrice: -1') }));
    expect(problems.map((p) => p.code).sort()).toEqual(['catalog.negativePrice', 'catalog.unknownBrand']);
  });

  it('detects a duplicate code and names the first definition', () => {
    const p = only(problemsOf(fixture({ items: sub('code: ABB-10', 'code: SCH-10') })), 'catalog.duplicateCode');
    expect(p.location?.row).toBe(22);
    expect(p.message.en).toContain('catalog/items/breakers.yaml line 4');
  });

  it('detects a missing price', () => {
    const p = only(problemsOf(fixture({ items: sub('    listPrice: 356.00\n', '') })), 'catalog.missingPrice');
    expect(p.path).toBe('items[ABB-10].listPrice');
  });

  it('detects a negative price', () => {
    const p = only(problemsOf(fixture({ items: sub('costPrice: 1234.55', 'costPrice: -1234.55') })), 'catalog.negativePrice');
    expect(p).toMatchObject({ path: 'items[SCH-10].costPrice', severity: 'error', location: { row: 10 } });
  });

  it('rejects a price with three decimals or a float-only form', () => {
    const problems = problemsOf(fixture({ items: sub('costPrice: 1234.55', 'costPrice: 1234.555') }));
    expect(only(problems, 'catalog.schema').path).toBe('items[SCH-10].costPrice');
    expect(only(problemsOf(fixture({ items: sub('costPrice: 1234.55', 'costPrice: 1.2e3') })), 'catalog.schema').path).toBe('items[SCH-10].costPrice');
  });

  it('warns when the list price is below cost, and still loads', () => {
    const r = loadCatalog(fixture({ items: sub('listPrice: 1500.00', 'listPrice: 1200.00') }));
    expect(r.ok).toBe(true);
    expect(only(r.ok ? r.warnings : [], 'catalog.listBelowCost').severity).toBe('warning');
  });

  it('detects an unknown family', () => {
    const p = only(problemsOf(fixture({ other: sub('family: battery', 'family: accumulator') })), 'catalog.unknownFamily');
    expect(p.path).toBe('items[LC-DJ100].family');
  });

  it('detects an item family that contradicts its file', () => {
    const p = only(problemsOf(fixture({ items: sub('  - code: ABB-10', '  - family: fuse\n    code: ABB-10') })), 'catalog.familyMismatch');
    expect(p.location?.itemCode).toBe('ABB-10');
  });

  it('detects an unknown brand', () => {
    const p = only(problemsOf(fixture({ items: sub('brand: abb', 'brand: abbb') })), 'catalog.unknownBrand');
    expect(p).toMatchObject({ path: 'items[ABB-10].brand', value: 'abbb', location: { row: 27 } });
  });

  it('detects a dangling alternate', () => {
    const p = only(problemsOf(fixture({ items: sub('alternates: [SCH-10]', 'alternates: [SCH-99]') })), 'catalog.danglingAlternate');
    expect(p.path).toBe('items[ABB-10].alternates[0]');
  });

  it('detects an alternate of another family (error) and of another rating (warning)', () => {
    expect(only(problemsOf(fixture({ items: sub('alternates: [SCH-10]', 'alternates: [LC-DJ100]') })), 'catalog.alternateFamily').severity).toBe('error');
    const r = loadCatalog(fixture({ items: sub('    ratedCurrentA: 10\n    poles: 2\n    ratedVoltageV: 440\n    breakingCapacityKA: 10\n    alternates: [SCH-10]', '    ratedCurrentA: 16\n    poles: 2\n    ratedVoltageV: 440\n    breakingCapacityKA: 10\n    alternates: [SCH-10]') }));
    expect(r.ok).toBe(true);
    const warnings = r.ok ? r.warnings.filter((w) => w.code === 'catalog.alternateRating') : [];
    expect(warnings.map((w) => w.path).sort()).toEqual(['items[ABB-10].alternates[0]', 'items[SCH-10].alternates[0]']);
    expect(warnings[0]?.message.en).toMatch(/ratedCurrentA/);
  });

  it('detects a unit the family does not allow', () => {
    const p = only(problemsOf(fixture({ items: sub('    unit: pcs\n    brand: abb', '    unit: m\n    brand: abb') })), 'catalog.unitMismatch');
    expect(p.path).toBe('items[ABB-10].unit');
  });

  it('detects a battery unit that contradicts its voltage', () => {
    const p = only(problemsOf(fixture({ other: sub('unit: cell', 'unit: block') })), 'catalog.unitMismatch');
    expect(p.path).toBe('items[LC-DJ100].unitVoltageV');
    expect(p.message.en).toMatch(/unitVoltageV 12/);
  });

  it('refuses an obsolete item as a brand-policy default', () => {
    const p = only(problemsOf(fixture({ header: sub('defaultItems: [ZHR22010-4]', 'defaultItems: [ZHR22010-3]') })), 'catalog.obsoleteDefault');
    expect(p).toMatchObject({ path: 'brandPolicy[rectifierModule].defaultItems[0]', location: { file: 'catalog/catalog.yaml', row: 14 } });
  });

  it('detects a brand policy naming an unknown brand', () => {
    const p = only(problemsOf(fixture({ header: sub('[schneider, abb]', '[schneider, siemens]') })), 'catalog.policyUnknownBrand');
    expect(p.path).toBe('brandPolicy[breaker.dc].preferredBrands[1]');
  });

  it('checks kcTable against the known tables only when they are given', () => {
    expect(loadCatalog(fixture()).ok).toBe(true);
    expect(loadCatalog(fixture(), { knownKcTables: ['vrla-2v'] }).ok).toBe(true);
    const p = only(problemsOf(fixture(), { knownKcTables: ['vrla-12v'] }), 'catalog.unknownKcTable');
    expect(p.path).toBe('items[LC-DJ100].kcTable');
  });

  it('warns about an unknown field (a typo would otherwise vanish silently)', () => {
    const r = loadCatalog(fixture({ other: sub('weightKg: 6.5', 'weightKg: 6.5\n    shortCircuitCurentA: 1200') }));
    expect(only(r.ok ? r.warnings : [], 'catalog.unknownField').path).toBe('items[LC-DJ100].shortCircuitCurentA');
  });

  it('needs exactly one header', () => {
    const p = only(problemsOf(fixture().slice(1)), 'catalog.header');
    expect(p.severity).toBe('error');
  });
});
