import Decimal from 'decimal.js';
import type { ConversionVia } from './vocabulary.ts';

/**
 * Exact unit conversion for tender answers. A conversion is a ratio num/den (both exact decimals):
 * value in the requirement's unit = our value × num / den. Comparisons never divide: x (requirement)
 * against y·num/den is decided as x·den against y·num, which is exact for finite decimals.
 */
export const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export interface Ratio {
  num: Dec;
  den: Dec;
}

export interface ConversionContext {
  /** The module's rated current (A), for A ↔ % of rated. */
  ratedCurrentA?: string;
  /** Cells in series in one battery string, for V ↔ V/cell. */
  cellCount?: number;
}

const SCALE: Record<string, string> = { mA: '0.001', A: '1', kA: '1000', V: '1', kV: '1000', h: '1', '%': '1' };

/** The ratio that takes a value in `from` (the catalog's unit) to `to` (the requirement's), or a reason it cannot. */
export function conversionRatio(from: string, to: string, via: ConversionVia | undefined, ctx: ConversionContext): Ratio | { reason: { zh: string; en: string } } {
  const one = new D(1);
  if (from === to) return { num: one, den: one };
  if (via === 'scale' && SCALE[from] !== undefined && SCALE[to] !== undefined) return { num: new D(SCALE[from] as string), den: new D(SCALE[to] as string) };
  if (via === 'percentOfRatedCurrent') {
    if (!ctx.ratedCurrentA) return { reason: { zh: '缺少模块额定电流，无法换算 A 与 %', en: 'the module rated current is unknown, so A and % cannot be converted' } };
    const rated = new D(ctx.ratedCurrentA);
    if (from === '%' && to === 'A') return { num: rated, den: new D(100) };
    if (from === 'A' && to === '%') return { num: new D(100), den: rated };
  }
  if (via === 'perCell') {
    if (!ctx.cellCount) return { reason: { zh: '缺少蓄电池单体数，无法换算 V 与 V/单体', en: 'the cell count is unknown, so V and V/cell cannot be converted' } };
    const n = new D(ctx.cellCount);
    if (from === 'V' && to === 'V/cell') return { num: one, den: n };
    if (from === 'V/cell' && to === 'V') return { num: n, den: one };
  }
  return { reason: { zh: `单位“${to || '无'}”不能与“${from || '无'}”比较`, en: `the unit "${to || 'none'}" cannot be compared with "${from || 'none'}"` } };
}

/** Sign of x − y·num/den, exactly: compares x·den with y·num (den > 0). */
export function compareConverted(x: Dec, y: Dec, r: Ratio): -1 | 0 | 1 {
  return x.mul(r.den).cmp(y.mul(r.num)) as -1 | 0 | 1;
}

/** y in the requirement's unit, for printing (the comparison never uses it). */
export function convertForDisplay(y: Dec, r: Ratio): Dec {
  return y.mul(r.num).div(r.den);
}
