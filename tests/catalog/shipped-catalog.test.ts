import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import { alternatesOf, brandName, brandPolicyFor, byPreferredBrand, findItem, itemsOf } from '../../src/core/catalog/query.ts';
import { familySchema, type Catalog, type ItemOf } from '../../src/core/catalog/schema.ts';
import { shippedSources } from './fixtures.ts';

let catalog: Catalog;
beforeAll(() => {
  const r = loadCatalog(shippedSources(), { knownKcTables: ['vrla-2v', 'vrla-12v'] });
  if (!r.ok) throw new Error(r.problems.slice(0, 10).map((p) => `${p.location?.file}:${p.location?.row} ${p.path} ${p.message.en}`).join('\n'));
  expect(r.warnings).toEqual([]);
  catalog = r.value;
});

const breakers = () => itemsOf(catalog, 'breaker');
function cost(brand: string, pick: (b: ItemOf<'breaker'>) => boolean): Map<number, Decimal> {
  return new Map(breakers().filter((b) => b.brand === brand && pick(b)).map((b) => [b.ratedCurrentA, new Decimal(b.costPrice)]));
}
/** Ratio of brand a over brand b at every rating both have; asserts they share the whole series. */
function ratios(a: string, b: string, pick: (x: ItemOf<'breaker'>) => boolean): number[] {
  const ca = cost(a, pick);
  const cb = cost(b, pick);
  expect([...ca.keys()].sort()).toEqual([...cb.keys()].sort());
  expect(ca.size).toBeGreaterThan(5);
  return [...ca].map(([r, v]) => v.dividedBy(cb.get(r)!).toNumber());
}
const dcMcb = (b: ItemOf<'breaker'>) => b.currentType === 'dc' && b.frame === 'mcb' && !b.alarmContact;
const acMcb = (poles: number) => (b: ItemOf<'breaker'>) => b.currentType === 'ac' && b.frame === 'mcb' && b.poles === poles;

describe('the shipped sample catalog', () => {
  it('loads without errors or warnings and covers every family', () => {
    const families = new Set(catalog.items.map((i) => i.family));
    expect([...familySchema.options].filter((f) => !families.has(f))).toEqual([]);
    expect(catalog.version).toBe('2026.11-sample');
  });

  it('keeps unquoted YAML money as its exact text', () => {
    expect(findItem(catalog, 'ZHR22010-4')?.costPrice).toBe('2150.00');
    expect(findItem(catalog, 'TMY-30x4')?.costPrice).toBe('85.44');
    for (const i of catalog.items) expect(i.costPrice).toMatch(/^\d+\.\d{2}$/);
  });

  it('has the named own products with their roles', () => {
    const role = (code: string) => (findItem(catalog, code) as { role?: string } | undefined)?.role;
    expect([role('ZHM05P'), role('ZHM05ID'), role('ZHM05IM'), role('ZHM05IDC'), role('ZHM07P'), role('ZHM08')]).toEqual(['dc', 'integratedSingle', 'integratedMaster', 'integratedSlave', 'dc', 'integratedAc']);
    expect([role('ZHIM02-2'), role('ZHIM02-2F'), role('ZHIM02-2-NB'), role('IMB03')]).toEqual(['main', 'subDisplay', 'subIndependent', 'masterBox']);
    expect(itemsOf(catalog, 'samplingBox').map((s) => s.function).sort()).toEqual(['ACDB', 'ASIB', 'BRB', 'BVSB', 'DCSB', 'MTSB', 'PSIB', 'PSOB', 'SLSB', 'TSP']);
    const modules = itemsOf(catalog, 'rectifierModule');
    for (const m of modules) {
      expect(m.powerFactor).toBeGreaterThanOrEqual(0.9);
      expect(m.outputRangeV).toEqual(m.nominalVoltageV === 220 ? { minV: 198, maxV: 286 } : { minV: 99, maxV: 143 });
    }
  });

  it('has VRLA cells and blocks from three makers, without invented maker data', () => {
    const batteries = itemsOf(catalog, 'battery');
    for (const brand of ['leoch', 'dengta', 'sonnenschein']) {
      const mine = batteries.filter((b) => b.brand === brand);
      expect(mine.filter((b) => b.unit === 'cell').map((b) => b.capacityAh)).toEqual([100, 150, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000]);
      expect(mine.filter((b) => b.unit === 'block').map((b) => b.capacityAh)).toEqual([24, 38, 50, 65, 100, 150, 200]);
    }
    for (const b of batteries) {
      expect(b.kcTable).toBe(b.unit === 'cell' ? 'vrla-2v' : 'vrla-12v');
      expect(b.dischargeTables).toBeUndefined();
      expect(b.shortCircuitCurrentA).toBeUndefined();
    }
  });

  it('wires breaker and battery alternates both ways at the same rating', () => {
    for (const item of [...breakers(), ...itemsOf(catalog, 'battery')]) {
      expect(item.alternates.length, item.code).toBeGreaterThan(0);
      for (const alt of alternatesOf(catalog, item.code)) expect(alt.alternates, `${alt.code} → ${item.code}`).toContain(item.code);
    }
  });

  it('prices DC mcb: Siemens ≈ 3 % over ABB, ABB ≈ 19 % over Schneider (±1.5 %)', () => {
    for (const r of ratios('siemens', 'abb', dcMcb)) expect(Math.abs(r - 1.03)).toBeLessThanOrEqual(0.015);
    for (const r of ratios('abb', 'schneider', dcMcb)) expect(Math.abs(r - 1.19)).toBeLessThanOrEqual(0.015);
  });

  it('prices AC mcb: ABB ≈ 7 % over Siemens, Siemens ≈ 7 % over Schneider (±1.5 %)', () => {
    for (const poles of [1, 3, 4]) {
      for (const r of ratios('abb', 'siemens', acMcb(poles))) expect(Math.abs(r - 1.07)).toBeLessThanOrEqual(0.015);
      for (const r of ratios('siemens', 'schneider', acMcb(poles))) expect(Math.abs(r - 1.07)).toBeLessThanOrEqual(0.015);
    }
  });

  it('orders domestic breakers 良信 < 北元 < 北京人民, 北元 ≈ 4 % under 北京人民', () => {
    for (const pick of [dcMcb, acMcb(1), acMcb(3)]) {
      for (const r of ratios('liangxin', 'beiyuan', pick)) expect(r).toBeLessThan(1);
      for (const r of ratios('beiyuan', 'bjrm', pick)) expect(Math.abs(r - 0.96)).toBeLessThanOrEqual(0.015);
    }
  });

  it('prices every item with list above cost', () => {
    for (const i of catalog.items) expect(new Decimal(i.listPrice).greaterThan(i.costPrice), i.code).toBe(true);
  });

  it('writes every spec the English documents print in English: Chinese only in specZh (the English quote printed "0.5级")', () => {
    const cjk = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
    expect(catalog.items.filter((i) => cjk.test(i.spec) || cjk.test(i.nameEn)).map((i) => `${i.code}: ${i.spec}`)).toEqual([]);
  });

  it('has obsolete items that are no policy default', () => {
    const obsolete = catalog.items.filter((i) => i.status === 'obsolete').map((i) => i.code);
    expect(obsolete).toEqual(expect.arrayContaining(['ZHR22010-3', 'ZHM03']));
    const defaults = catalog.brandPolicy.flatMap((p) => p.defaultItems);
    expect(defaults.filter((d) => obsolete.includes(d))).toEqual([]);
    expect(itemsOf(catalog, 'rectifierModule').map((m) => m.code)).not.toContain('ZHR22010-3');
    expect(itemsOf(catalog, 'rectifierModule', { includeObsolete: true }).map((m) => m.code)).toContain('ZHR22010-3');
  });

  it('has the default-brand policy of products.md', () => {
    expect(brandPolicyFor(catalog, 'breaker.dc')?.preferredBrands[0]).toBe('schneider');
    expect(brandPolicyFor(catalog, 'breaker.ac')?.preferredBrands[0]).toBe('liangxin');
    expect(brandPolicyFor(catalog, 'battery')?.preferredBrands[0]).toBe('leoch');
    expect(brandPolicyFor(catalog, 'meter')?.preferredBrands).toEqual(['yingtu']);
    expect(brandPolicyFor(catalog, 'battery.large')?.key).toBe('battery');
    const dc10 = breakers().filter((b) => dcMcb(b) && b.ratedCurrentA === 10);
    expect(byPreferredBrand(dc10, brandPolicyFor(catalog, 'breaker.dc'))[0]?.brand).toBe('schneider');
    expect(brandName(catalog, 'liangxin', 'zh')).toBe('良信');
    expect(brandName(catalog, 'liangxin', 'en')).toBe('Liangxin');
  });
});
