import type { Catalog } from '../catalog/schema.ts';
import type { Money } from '../money.ts';
import { ok, type Result } from '../problems.ts';
import type { LocalText } from '../text.ts';
import type { Configuration } from '../sizing/index.ts';
import { buildBom, type BomRules } from '../bom/build.ts';
import { applyEdits, type BomEdit, type DroppedEdit } from '../bom/edits.ts';
import { price, type PriceRules, type PricedQuote } from './price.ts';
import type { PricingSettings } from './settings.ts';

/**
 * The same sizing priced with each battery brand (same capacity and unit voltage) and with each module
 * rating the sizing found workable (configuration.charger.alternatives, with their own module counts and
 * the charger panels those need). It answers "what does Sonnenschein instead of Leoch cost us?" without
 * re-sizing. Caveat, said in every battery variant's note: a brand whose catalog entry carries its own
 * discharge table may size to another capacity; re-run the sizing with that brand to be sure.
 */

export interface Alternative {
  kind: 'base' | 'batteryBrand' | 'moduleRating';
  label: LocalText;
  itemCode: string;
  brand: string;
  note?: LocalText;
  priced: Result<PricedQuote>;
  dropped: DroppedEdit[];
  /** Price ex VAT and total cost against the base, when both priced. */
  deltaNetExVat?: Money;
  deltaTotalCost?: Money;
}

function withBattery(cfg: Configuration, code: string, brand: string): Configuration {
  return {
    ...cfg,
    battery: { ...cfg.battery, itemCode: code, brand },
    lines: cfg.lines.map((l) => (l.family === 'battery' && l.itemCode === cfg.battery.itemCode ? { ...l, itemCode: code } : l)),
  };
}

function withModule(cfg: Configuration, catalog: Catalog, opt: Configuration['charger']['module']): Configuration {
  const sets = cfg.arrangement.chargerSets;
  const chosen = cfg.charger.module.itemCode;
  const mod = catalog.byCode.get(opt.itemCode);
  const slotWidth = mod && 'slotWidth' in mod ? mod.slotWidth : 1;
  const panels = cfg.panels.map((p) => {
    if (p.kind !== 'chargerPanel' && p.kind !== 'telecomPanel') return p;
    const cab = p.itemCode ? catalog.byCode.get(p.itemCode) : undefined;
    if (!cab || cab.family !== 'cabinet' || cab.moduleSlots <= 0) return p;
    const perSet = Math.max(1, Math.ceil((opt.totalModules * slotWidth) / cab.moduleSlots - 1e-9));
    return { ...p, quantity: perSet * sets };
  });
  return {
    ...cfg,
    charger: { ...cfg.charger, module: opt },
    panels,
    lines: cfg.lines.map((l) => (l.itemCode === chosen && l.traceRef === 'charger.modules' ? { ...l, itemCode: opt.itemCode, quantity: opt.totalModules * sets } : l)),
  };
}

export function priceAlternatives(
  configuration: Configuration,
  catalog: Catalog,
  bomRules: BomRules,
  rules: PriceRules,
  settings: PricingSettings,
  edits: readonly BomEdit[] = [],
): Alternative[] {
  const run = (cfg: Configuration): { priced: Result<PricedQuote>; dropped: DroppedEdit[] } => {
    const built = buildBom(cfg, catalog, bomRules);
    if (!built.ok) return { priced: built, dropped: [] };
    const { bom, dropped } = applyEdits(built.value, edits, catalog);
    const priced = price(bom, catalog, rules, settings);
    return { priced: priced.ok ? ok(priced.value, [...built.warnings, ...priced.warnings]) : priced, dropped };
  };

  const out: Alternative[] = [];
  const baseBattery = catalog.byCode.get(configuration.battery.itemCode);
  out.push({
    kind: 'base',
    label: { zh: '选型方案', en: 'As sized' },
    itemCode: configuration.battery.itemCode,
    brand: configuration.battery.brand,
    ...run(configuration),
  });

  if (baseBattery && baseBattery.family === 'battery') {
    const others = catalog.items.filter(
      (i) =>
        i.family === 'battery' &&
        i.status === 'active' &&
        i.brand !== baseBattery.brand &&
        i.capacityAh === baseBattery.capacityAh &&
        i.unitVoltageV === baseBattery.unitVoltageV &&
        i.technology === baseBattery.technology,
    );
    for (const b of others) {
      out.push({
        kind: 'batteryBrand',
        label: { zh: `蓄电池品牌：${b.brand}（${b.code}）`, en: `Battery brand: ${b.brand} (${b.code})` },
        itemCode: b.code,
        brand: b.brand,
        note: { zh: '同一选型结果换用该品牌；若该品牌有自己的放电曲线，请以该品牌重新选型确认容量', en: 'Same sizing with this brand; if the brand has its own discharge table, re-size with it to confirm the capacity' },
        ...run(withBattery(configuration, b.code, b.brand)),
      });
    }
  }

  for (const opt of configuration.charger.alternatives) {
    if (opt.itemCode === configuration.charger.module.itemCode) continue;
    out.push({
      kind: 'moduleRating',
      label: { zh: `模块：${opt.moduleRatingA} A × ${opt.totalModules}（${opt.itemCode}）`, en: `Modules: ${opt.moduleRatingA} A × ${opt.totalModules} (${opt.itemCode})` },
      itemCode: opt.itemCode,
      brand: opt.brand,
      ...run(withModule(configuration, catalog, opt)),
    });
  }

  const base = out[0]!.priced;
  if (base.ok) {
    for (const a of out.slice(1)) {
      if (!a.priced.ok) continue;
      a.deltaNetExVat = a.priced.value.totals.netAmountExVat.minus(base.value.totals.netAmountExVat);
      a.deltaTotalCost = a.priced.value.totals.totalCost.minus(base.value.totals.totalCost);
    }
  }
  return out;
}
