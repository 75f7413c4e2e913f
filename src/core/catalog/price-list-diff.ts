import Decimal from 'decimal.js';
import type { Problem } from '../problems.ts';
import type { PriceList } from './price-list-rows.ts';
import type { Catalog } from './schema.ts';

export interface MoneyChange {
  old: string;
  new: string;
  /** new − old, e.g. "-12.50". */
  delta: string;
  /** delta / old × 100 to two decimals, e.g. "3.25"; null when the old price was zero. */
  percent: string | null;
}

export interface ItemChange {
  code: string;
  row: number;
  costPrice?: MoneyChange;
  listPrice?: MoneyChange;
  leadTimeDays?: { old: number; new: number };
}

export interface PriceListDiff {
  file: string;
  changed: ItemChange[];
  /**
   * Codes in the list that the catalog does not have. A price list cannot create an item (it has no
   * family ratings), so these are also bad rows: add the item to catalog/items first.
   */
  added: { code: string; row: number }[];
  /**
   * Catalog codes the list does not mention. Only reported, never deleted: a list may cover one brand
   * or one family. Retire an item by setting `status: obsolete` in its YAML.
   */
  removed: string[];
  unchangedCount: number;
  /** Bad rows (errors): while there are any, nothing is applied unless the caller skips them. */
  badRows: Problem[];
  warnings: Problem[];
  /** The list came from a workbook with external links or WEBSERVICE formulas: applied only when confirmed. */
  externalData?: boolean;
}

function moneyChange(oldText: string, newText: string): MoneyChange | undefined {
  const o = new Decimal(oldText);
  const n = new Decimal(newText);
  if (o.equals(n)) return undefined;
  const delta = n.minus(o);
  return {
    old: o.toFixed(2),
    new: n.toFixed(2),
    delta: delta.toFixed(2),
    percent: o.isZero() ? null : percentText(delta.dividedBy(o).times(100)),
  };
}

/** Two decimals; a change too small to show is "0.00", never "-0.00". */
function percentText(p: Decimal): string {
  const r = p.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return r.isZero() ? '0.00' : r.toFixed(2);
}

/** What applying the list would change, row by row, without changing anything. */
export function diffPriceList(catalog: Catalog, list: PriceList): PriceListDiff {
  const changed: ItemChange[] = [];
  const added: { code: string; row: number }[] = [];
  const badRows = [...list.badRows];
  const warnings = [...list.warnings];
  const mentioned = new Set<string>();
  let unchangedCount = 0;

  for (const bad of list.badRows) if (bad.location?.itemCode) mentioned.add(bad.location.itemCode);
  for (const row of list.rows) {
    mentioned.add(row.code);
    const item = catalog.byCode.get(row.code);
    if (!item) {
      added.push({ code: row.code, row: row.row });
      badRows.push({
        code: 'priceList.unknownCode',
        severity: 'error',
        path: 'code',
        message: {
          zh: `目录中没有编码“${row.code}”：价格表只能更新已有物料，新物料请先加入 catalog/items`,
          en: `code "${row.code}" is not in the catalog: a price list only updates existing items; add new items to catalog/items first`,
        },
        value: row.code,
        location: { file: list.file, row: row.row, itemCode: row.code },
      });
      continue;
    }
    const change: ItemChange = { code: row.code, row: row.row };
    const cost = row.costPrice !== undefined ? moneyChange(item.costPrice, row.costPrice) : undefined;
    const listP = row.listPrice !== undefined ? moneyChange(item.listPrice, row.listPrice) : undefined;
    if (cost) change.costPrice = cost;
    if (listP) change.listPrice = listP;
    if (row.leadTimeDays !== undefined && row.leadTimeDays !== item.leadTimeDays) {
      change.leadTimeDays = { old: item.leadTimeDays, new: row.leadTimeDays };
    }
    if (!cost && !listP && !change.leadTimeDays) {
      unchangedCount++;
      continue;
    }
    changed.push(change);
    const newCost = row.costPrice ?? item.costPrice;
    const newList = row.listPrice ?? item.listPrice;
    if (new Decimal(newList).lessThan(newCost)) {
      warnings.push({
        code: 'priceList.listBelowCost',
        severity: 'warning',
        path: 'listPrice',
        message: { zh: `销售价 ${newList} 将低于成本价 ${newCost}`, en: `list price ${newList} would be below cost ${newCost}` },
        location: { file: list.file, row: row.row, itemCode: row.code },
      });
    }
  }
  const removed = catalog.items.filter((i) => !mentioned.has(i.code)).map((i) => i.code);
  return { file: list.file, changed, added, removed, unchangedCount, badRows, warnings, ...(list.externalData ? { externalData: true } : {}) };
}
