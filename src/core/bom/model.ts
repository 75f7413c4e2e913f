import { z } from 'zod';
import { Money } from '../money.ts';
import type { Problem } from '../problems.ts';
import { cabinetKindSchema, moneyString, unitSchema, type Catalog, type CatalogItem, type Unit } from '../catalog/schema.ts';
import type { LocalText } from '../text.ts';
import { unitLabels } from '../catalog/labels.ts';

/**
 * The bill of materials: panels, and lines placed in panels. A catalog line carries only the catalog
 * code and the quantity; name, spec, brand, unit and prices are read from the catalog when the quote is
 * priced, so they can never go stale. A manual line may instead carry its own item (a one-off bought-in
 * part that is not in the catalog); such lines are flagged as non-catalog wherever they appear.
 */

/** A BOM panel is one of the catalog's cabinet kinds, or `other` for lines outside any cabinet. */
export const panelKindSchema = z.enum([...cabinetKindSchema.options, 'other']);
export type PanelKind = z.infer<typeof panelKindSchema>;

const localTextSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });

export const bomPanelSchema = z.object({
  id: z.string().min(1),
  kind: panelKindSchema,
  name: localTextSchema,
  /** Position of the panel in the line-up (1-based), as the drawings number them. */
  index: z.number().int().positive(),
  /** The charger set, battery group or sub panel the panel belongs to (chargerSet:k, batteryGroup:k, subPanel:i), as the sizing named it. */
  owner: z.string().optional(),
});
export type BomPanel = z.infer<typeof bomPanelSchema>;

/**
 * A quantity as an exact decimal string ("4", "12.5" metres). Integers typed as numbers are accepted
 * and kept as their string form.
 */
export const quantitySchema = z
  .union([z.string().regex(/^\d+(\.\d{1,3})?$/, 'a non-negative decimal with at most three decimals, e.g. "12.5"'), z.number().int().nonnegative()])
  .transform((q) => new Money(q).toString());

export const lineSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rule'),
    /** Id of the BOM rule that placed the line. */
    ruleId: z.string().min(1),
    /** Id of the sizing trace entry the quantity or rating comes from. */
    traceRef: z.string().optional(),
    reason: localTextSchema,
  }),
  z.object({ kind: z.literal('manual'), note: z.string() }),
]);
export type LineSource = z.infer<typeof lineSourceSchema>;

/** A one-off item that is not in the catalog: it has to bring everything pricing needs. */
export const customItemSchema = z.object({
  name: localTextSchema,
  spec: z.string().min(1),
  unit: unitSchema,
  brand: z.string().optional(),
  costPrice: moneyString,
  listPrice: moneyString,
});
export type CustomItem = z.infer<typeof customItemSchema>;

export const lineItemRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('catalog'), code: z.string().min(1) }),
  z.object({ kind: z.literal('custom'), item: customItemSchema }),
]);
export type LineItemRef = z.infer<typeof lineItemRefSchema>;

/**
 * Batteries are bought and installed as groups (组): `count` groups of `perGroup` units each. A line that
 * holds one group's units (each group in its own racks or cabinets) says which group it is: `index`.
 */
export const lineGroupsSchema = z.object({ count: z.number().int().positive(), perGroup: z.string().regex(/^\d+$/), index: z.number().int().positive().optional() });
export type LineGroups = z.infer<typeof lineGroupsSchema>;

export const bomLineSchema = z.object({
  /** Stable id: for rule lines `lineId(ruleId, role)`, so a re-sized BOM keeps the same ids. */
  id: z.string().min(1),
  panelId: z.string().min(1),
  item: lineItemRefSchema,
  quantity: quantitySchema,
  source: lineSourceSchema,
  /** The battery line: its quantity is `count` groups × `perGroup` units, or (with `index`) the units of that one group (item 7 of issue 10). */
  groups: lineGroupsSchema.optional(),
});

/** The spec a document prints for a line: a battery line adds its groups ("…；2 组 × 104 只"). */
export function specText(line: { spec: string; unit: Unit; quantity?: string; groups?: LineGroups }, lang: 'zh' | 'en'): string {
  return line.groups ? `${line.spec}${lang === 'zh' ? '；' : '; '}${groupsText(line.groups, line.unit, lang, line.quantity)}` : line.spec;
}

/**
 * How documents state a battery line's quantity: the bank "2 组 × 104 只" / "2 groups × 104 cells", and
 * for a line of one group of several, which group: "第 1 组（共 2 组 × 104 只）" / "group 1 of 2 groups × 104
 * cells". Where a group's units are spread over several cabinets, a line holding part of them adds how
 * many are in it ("，本柜 52 只"), so the printed lines add up to the bank.
 */
export function groupsText(groups: LineGroups, unit: Unit, lang: 'zh' | 'en', quantity?: string): string {
  const u = unitLabels[unit][lang];
  const plural = (n: number | string) => `${u}${(u === 'cell' || u === 'block') && String(n) !== '1' ? 's' : ''}`;
  const bank = lang === 'zh' ? `${groups.count} 组 × ${groups.perGroup} ${u}` : `${groups.count} group${groups.count === 1 ? '' : 's'} × ${groups.perGroup} ${plural(groups.perGroup)}`;
  const whole = groupsUnits(groups);
  const part = quantity !== undefined && quantity !== whole ? (lang === 'zh' ? `，本柜 ${quantity} ${u}` : `, ${quantity} ${plural(quantity)} in this cabinet`) : '';
  if (groups.index === undefined || groups.count === 1) return `${bank}${part}`;
  return lang === 'zh' ? `第 ${groups.index} 组（共 ${bank}）${part}` : `group ${groups.index} of ${bank}${part}`;
}

/** The units a battery line holds by its groups: the bank, or (with `index`) one group. */
export function groupsUnits(groups: LineGroups): string {
  return groups.index !== undefined ? groups.perGroup : String(Number(groups.perGroup) * groups.count);
}
export type BomLine = z.infer<typeof bomLineSchema>;

export const bomSchema = z.object({
  /** Catalog version the BOM was built against. */
  catalogVersion: z.string().optional(),
  panels: z.array(bomPanelSchema),
  lines: z.array(bomLineSchema),
});
export type Bom = z.infer<typeof bomSchema>;

/** The stable id of a rule-built line: the rule and the role the line plays for it (e.g. panel + position). */
export function lineId(ruleId: string, role: string): string {
  return `${ruleId}#${role}`;
}

/** Units in which a quantity may have decimals (metres of cable, kilograms of busbar). */
export const fractionalUnits: readonly Unit[] = ['m', 'kg'];

/** What pricing and documents need of the item behind a line, from the catalog or from a custom line. */
export interface ResolvedItem {
  code?: string;
  name: LocalText;
  spec: string;
  unit: Unit;
  brand?: string;
  costPrice: string;
  listPrice: string;
  nonCatalog: boolean;
  catalogItem?: CatalogItem;
}

export function resolveItem(line: Pick<BomLine, 'item'>, catalog: Catalog): ResolvedItem | undefined {
  if (line.item.kind === 'custom') {
    const it = line.item.item;
    return { name: it.name, spec: it.spec, unit: it.unit, brand: it.brand, costPrice: it.costPrice, listPrice: it.listPrice, nonCatalog: true };
  }
  const c = catalog.byCode.get(line.item.code);
  if (!c) return undefined;
  return {
    code: c.code,
    name: { zh: c.nameZh, en: c.nameEn },
    spec: c.spec,
    unit: c.unit,
    brand: c.brand,
    costPrice: c.costPrice,
    listPrice: c.listPrice,
    nonCatalog: false,
    catalogItem: c,
  };
}

export function lineCode(line: Pick<BomLine, 'item'>): string | undefined {
  return line.item.kind === 'catalog' ? line.item.code : undefined;
}

/** Problem for a quantity that is not a positive decimal, or not whole for a counted unit. */
export function quantityProblem(quantity: string, unit: Unit | undefined, path: string): Problem | undefined {
  if (!/^\d+(\.\d{1,3})?$/.test(quantity) || new Money(quantity).lessThanOrEqualTo(0)) {
    return {
      code: 'bom.quantityInvalid',
      severity: 'error',
      path,
      value: quantity,
      message: {
        zh: `数量“${quantity}”无效：应为大于零的数（最多三位小数）`,
        en: `Quantity "${quantity}" is not valid: it must be greater than zero, with at most three decimals`,
      },
    };
  }
  if (unit !== undefined && !fractionalUnits.includes(unit) && !new Money(quantity).isInteger()) {
    return {
      code: 'bom.quantityNotWhole',
      severity: 'error',
      path,
      value: quantity,
      message: {
        zh: `数量“${quantity}”须为整数（单位 ${unit} 只能按整数计）`,
        en: `Quantity "${quantity}" must be a whole number: items counted in ${unit} come whole`,
      },
    };
  }
  return undefined;
}

/**
 * Checks a BOM against itself and the catalog: unique panel and line ids, every line in a known panel,
 * every catalog code known, quantities valid for the unit. Non-catalog lines are reported as `info`
 * (allowed, but visible); obsolete catalog items as warnings.
 */
export function validateBom(bom: Bom, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const panelIds = new Set<string>();
  bom.panels.forEach((p, i) => {
    if (panelIds.has(p.id)) {
      problems.push({ code: 'bom.duplicatePanelId', severity: 'error', path: `panels[${i}].id`, value: p.id, message: { zh: `柜号“${p.id}”重复`, en: `Panel id "${p.id}" appears twice` } });
    }
    panelIds.add(p.id);
  });
  const lineIds = new Set<string>();
  bom.lines.forEach((l, i) => {
    const at = `lines[${l.id}]`;
    if (lineIds.has(l.id)) {
      problems.push({ code: 'bom.duplicateLineId', severity: 'error', path: `lines[${i}].id`, value: l.id, message: { zh: `明细行“${l.id}”重复`, en: `Line id "${l.id}" appears twice` } });
    }
    lineIds.add(l.id);
    if (!panelIds.has(l.panelId)) {
      problems.push({ code: 'bom.unknownPanel', severity: 'error', path: `${at}.panelId`, value: l.panelId, message: { zh: `明细行“${l.id}”所在柜“${l.panelId}”不存在`, en: `Line "${l.id}" is placed in panel "${l.panelId}", which does not exist` } });
    }
    const item = resolveItem(l, catalog);
    if (!item) {
      problems.push({
        code: 'bom.unknownItem',
        severity: 'error',
        path: `${at}.item.code`,
        value: lineCode(l),
        location: { itemCode: lineCode(l) },
        message: { zh: `物料编码“${lineCode(l)}”不在物料库 ${catalog.version} 中`, en: `Item code "${lineCode(l)}" is not in catalog ${catalog.version}` },
      });
    } else {
      if (item.nonCatalog) {
        problems.push({ code: 'bom.nonCatalogLine', severity: 'info', path: at, message: { zh: `明细行“${l.id}”为非物料库物品（${item.name.zh}），价格由人工填写`, en: `Line "${l.id}" is a non-catalog item (${item.name.en}); its prices were typed by hand` } });
      }
      if (item.catalogItem?.status === 'obsolete') {
        problems.push({ code: 'bom.obsoleteItem', severity: 'warning', path: `${at}.item.code`, value: item.code, location: { itemCode: item.code }, message: { zh: `物料“${item.code}”已停用`, en: `Item "${item.code}" is obsolete` } });
      }
    }
    const qp = quantityProblem(l.quantity, item?.unit, `${at}.quantity`);
    if (qp) problems.push(qp);
  });
  return problems;
}
