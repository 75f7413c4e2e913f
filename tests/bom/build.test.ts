import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedKnowledge } from '../fixtures/knowledge.ts';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import { buildBom, type BomRules } from '../../src/core/bom/build.ts';
import { applyEdits } from '../../src/core/bom/edits.ts';
import { validateBom, type Bom } from '../../src/core/bom/model.ts';
import { Money, sumMoney } from '../../src/core/money.ts';
import { priceAlternatives } from '../../src/core/pricing/alternatives.ts';
import { price } from '../../src/core/pricing/price.ts';
import { validateProject } from '../../src/core/project/index.ts';
import { size, type Configuration } from '../../src/core/sizing/index.ts';
import { realRules } from '../sizing/helpers.ts';
import { rules as priceRules } from '../pricing/fixtures.ts';

/**
 * The rule-built BOM from a real sizing: the sample projects sized against the real catalog, laid out
 * by rules/bom/bom-rules.yaml. Invariant checks in the pandapower habit: every configured quantity
 * reaches the BOM, every line traces to the sizing or a sundry rule, and the BOM prices cleanly.
 */
const root = join(__dirname, '../..');
let catalog: Catalog;
let bomRules: BomRules;
beforeAll(async () => {
  const k = await shippedKnowledge();
  catalog = k.catalog;
  bomRules = k.bomRules;
});

function sized(file: string): Configuration {
  const v = validateProject(JSON.parse(readFileSync(join(root, 'templates/projects', file), 'utf8')), realRules());
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  const r = size(v.value.requirements, catalog, realRules());
  if (!r.configuration) throw new Error(JSON.stringify(r.problems));
  return r.configuration;
}

function built(cfg: Configuration): Bom {
  const r = buildBom(cfg, catalog, bomRules);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const qtyOf = (bom: Bom, code: string) => sumMoney(bom.lines.filter((l) => l.item.kind === 'catalog' && l.item.code === code).map((l) => new Money(l.quantity)));

describe.each(['sample-110kv.json', 'sample-220kv.json'])('%s → rule-built BOM', (file) => {
  it('has one panel per sized cabinet, one per battery group’s racks (plus the site group), and a cabinet line in each', () => {
    const cfg = sized(file);
    const bom = built(cfg);
    // Battery racks are not cabinets: a group's racks are one panel, with the racks as one line of N (issue 10 item 7).
    const sizedPanels = cfg.panels.reduce((a, p) => a + (p.kind === 'batteryRack' ? 1 : p.quantity), 0);
    expect(bom.panels.filter((p) => p.id !== 'site').length).toBe(sizedPanels);
    for (const p of bom.panels.filter((x) => x.id !== 'site')) {
      const cab = bom.lines.filter((l) => l.panelId === p.id && l.source.kind === 'rule' && l.source.ruleId === 'bom.cabinet');
      expect(cab.length).toBe(1);
      if (p.kind !== 'batteryRack') expect(cab[0]!.quantity).toBe('1');
    }
    const racks = cfg.panels.filter((x) => x.kind === 'batteryRack');
    expect(bom.lines.filter((l) => l.source.kind === 'rule' && l.source.ruleId === 'bom.cabinet' && l.panelId.startsWith('batteryRack')).map((l) => l.quantity)).toEqual(racks.map((r) => String(r.quantity)));
    // The batteries: one line per group, never racks of 26; each states the bank and which group it is
    // (第 1 组（共 2 组 × 104 只）), or the bank alone when there is one group (1 组 × 104 只).
    const battery = bom.lines.filter((l) => l.item.kind === 'catalog' && l.item.code === cfg.battery.itemCode);
    if (racks.length > 0) {
      expect(battery).toHaveLength(cfg.battery.groups);
      battery.forEach((b, i) => {
        expect(b.groups).toEqual({ count: cfg.battery.groups, perGroup: String(cfg.battery.unitsPerGroup), ...(cfg.battery.groups > 1 ? { index: i + 1 } : {}) });
        expect(b.quantity).toBe(String(cfg.battery.unitsPerGroup));
      });
    }
    expect(bom.panels.map((p) => p.index)).toEqual(bom.panels.map((_, i) => i + 1));
  });

  it('carries every configured quantity into the BOM, split over panels but never lost', () => {
    const cfg = sized(file);
    const bom = built(cfg);
    const expected = new Map<string, Money>();
    for (const l of cfg.lines) if (l.itemCode && l.family !== 'cabinet') expected.set(l.itemCode, (expected.get(l.itemCode) ?? new Money(0)).plus(l.quantity));
    for (const [code, q] of expected) {
      const sundryExtra = sumMoney(bom.lines.filter((l) => l.item.kind === 'catalog' && l.item.code === code && l.source.kind === 'rule' && l.source.ruleId.startsWith('sundry.')).map((l) => new Money(l.quantity)));
      expect(qtyOf(bom, code).minus(sundryExtra).toNumber()).toBeCloseTo(q.toNumber(), 3);
    }
  });

  it('every line traces to a sizing entry or a named BOM rule, and the BOM is valid against the catalog', () => {
    const bom = built(sized(file));
    for (const l of bom.lines) {
      expect(l.source.kind).toBe('rule');
      if (l.source.kind === 'rule') expect(l.source.ruleId.startsWith('cfg.') ? l.source.traceRef : l.source.ruleId).toBeTruthy();
    }
    expect(validateBom(bom, catalog).filter((p) => p.severity === 'error')).toEqual([]);
    expect(new Set(bom.lines.map((l) => l.id)).size).toBe(bom.lines.length);
  });

  it('builds the same line ids again from the same sizing (so edits find their lines after re-sizing)', () => {
    expect(built(sized(file)).lines.map((l) => l.id)).toEqual(built(sized(file)).lines.map((l) => l.id));
  });

  it('prices cleanly, and each battery brand and module rating is priced as an alternative', () => {
    const cfg = sized(file);
    const q = price(built(cfg), catalog, priceRules, { mode: 'targetMargin', marginPct: '25', allocateBy: 'cost' });
    expect(q.ok).toBe(true);
    const alts = priceAlternatives(cfg, catalog, bomRules, priceRules, { mode: 'targetMargin', marginPct: '25', allocateBy: 'cost' });
    expect(alts[0]!.kind).toBe('base');
    expect(alts.every((a) => a.priced.ok)).toBe(true);
    if (q.ok && alts[0]!.priced.ok) expect(alts[0]!.priced.value.totals.netAmountExVat.toFixed(2)).toBe(q.value.totals.netAmountExVat.toFixed(2));
    const battery = catalog.byCode.get(cfg.battery.itemCode)!;
    const sameRating = catalog.items.filter((i) => i.family === 'battery' && battery.family === 'battery' && i.status === 'active' && i.brand !== battery.brand && i.capacityAh === battery.capacityAh && i.unitVoltageV === battery.unitVoltageV);
    expect(alts.filter((a) => a.kind === 'batteryBrand').map((a) => a.itemCode).sort()).toEqual(sameRating.map((i) => i.code).sort());
    for (const a of alts.filter((x) => x.kind === 'batteryBrand')) {
      if (!a.priced.ok) continue;
      // Only the battery changed: the same number of units, of the other brand.
      const lines = a.priced.value.lines;
      expect(sumMoney(lines.filter((l) => l.code === a.itemCode && l.source.kind === 'rule' && l.source.ruleId.startsWith('cfg.')).map((l) => new Money(l.quantity))).toNumber()).toBe(cfg.battery.totalUnits);
      expect(lines.some((l) => l.code === cfg.battery.itemCode)).toBe(false);
      const unitDelta = new Money(catalog.byCode.get(a.itemCode)!.costPrice).minus(battery.costPrice).times(cfg.battery.totalUnits);
      const base = alts[0]!.priced;
      if (base.ok) expect(a.priced.value.totals.materialCost.minus(base.value.totals.materialCost).toFixed(2)).toBe(unitDelta.toFixed(2));
    }
    expect(alts.filter((a) => a.kind === 'moduleRating').length).toBe(cfg.charger.alternatives.filter((o) => o.itemCode !== cfg.charger.module.itemCode).length);
  });
});

describe('re-sizing keeps the engineer’s edits where they still fit', () => {
  it('a battery brand swap survives an unchanged re-size and is dropped when the capacity changes', () => {
    const cfg = sized('sample-110kv.json');
    const bom = built(cfg);
    const target = bom.lines.find((l) => {
      if (l.item.kind !== 'catalog') return false;
      const it = catalog.byCode.get(l.item.code);
      return it?.family === 'battery';
    })!;
    const item = catalog.byCode.get((target.item as { code: string }).code)!;
    const other = catalog.items.find((i) => i.family === 'battery' && item.family === 'battery' && i.brand !== item.brand && i.capacityAh === item.capacityAh && i.unitVoltageV === item.unitVoltageV && i.status === 'active');
    expect(other).toBeDefined();
    if (!other) return;
    const edits = [{ type: 'swapItem' as const, lineId: target.id, code: other.code }];
    expect(applyEdits(built(sized('sample-110kv.json')), edits, catalog).dropped).toEqual([]);
    const bigger = catalog.items.find((i) => i.family === 'battery' && item.family === 'battery' && i.brand === item.brand && i.unitVoltageV === item.unitVoltageV && i.capacityAh > item.capacityAh && i.status === 'active');
    expect(bigger).toBeDefined();
    if (!bigger || bigger.family !== 'battery') return;
    const resized = built({ ...cfg, battery: { ...cfg.battery, itemCode: bigger.code, capacityAh: bigger.capacityAh }, lines: cfg.lines.map((l) => (l.itemCode === item.code ? { ...l, itemCode: bigger.code } : l)) });
    const r = applyEdits(resized, edits, catalog);
    expect(r.dropped.map((d) => d.code)).toEqual(['edit.swapRatingMismatch']);
  });
});
