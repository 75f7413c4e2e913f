import { checkSwap, ratingKey } from '../../core/bom/equivalence.ts';
import { tryEdit, type BomEdit } from '../../core/bom/edits.ts';
import { quantityProblem, type Bom, type BomLine } from '../../core/bom/model.ts';
import { alternatesOf } from '../../core/catalog/query.ts';
import type { Catalog, CatalogItem, Unit } from '../../core/catalog/schema.ts';
import { Money, toFenString } from '../../core/money.ts';
import { parseMoney, parseNumberInput } from '../../core/number-input.ts';
import { lineAmount } from '../../core/pricing/calc.ts';
import type { Problem } from '../../core/problems.ts';
import type { LocalText } from '../../core/text.ts';

/**
 * Pure helpers behind the BOM, pricing, review and revision screens: reading what people type
 * (amounts, percentages, quantities, days) into the exact strings the project file keeps, and the
 * bookkeeping of the BOM edit list. No money ever becomes a JS number here.
 */

export type Parsed<T = string> = { ok: true; value: T } | { ok: false; reason: LocalText };

const bad = (zh: string, en: string): Parsed<never> => ({ ok: false, reason: { zh, en } });

/**
 * An amount typed by a user: parseMoney reads it ("1,234.50", "¥1234", full-width digits), then it must
 * be non-negative and have at most two decimals (fen); the result is the fixed two-decimal string.
 */
export function parseAmountText(text: string): Parsed {
  if (text.trim() === '') return bad('请输入金额', 'Enter an amount');
  const parsed = parseMoney(text);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  if (parsed.value.isNegative()) return bad(`金额不能为负数：${text.trim()}`, `The amount cannot be negative: ${text.trim()}`);
  if (parsed.value.decimalPlaces() > 2) return bad(`金额最多两位小数（到分）：${text.trim()}`, `An amount has at most two decimals (fen): ${text.trim()}`);
  return { ok: true, value: toFenString(parsed.value) };
}

/**
 * A percentage as typed ("25", "12.5", "12.5%", full-width digits): a non-negative decimal with at most
 * four decimals, strictly below `below` or at most `atMost`. Returns the canonical decimal string.
 */
export function parsePercentText(text: string, limit: { below: string } | { atMost: string }): Parsed {
  const r = parseNumberInput(text, { percent: true });
  if (!r.ok && r.code === 'number.empty') return bad('请输入百分比', 'Enter a percentage');
  if (!r.ok && r.code === 'number.decimalComma') return { ok: false, reason: r.reason };
  if (!r.ok || r.value.isNegative() || r.value.decimalPlaces() > 4) return bad(`“${text.trim()}”不是有效的百分比（如 25 或 12.5）`, `"${text.trim()}" is not a valid percentage (e.g. 25 or 12.5)`);
  const v = r.value;
  if ('below' in limit && !v.lessThan(limit.below)) return bad(`须小于 ${limit.below}%`, `Must be below ${limit.below} %`);
  if ('atMost' in limit && v.greaterThan(limit.atMost)) return bad(`不能超过 ${limit.atMost}%`, `Cannot exceed ${limit.atMost} %`);
  return { ok: true, value: v.toString() };
}

/** A quantity as typed, checked by the core's own rule for the item's unit. */
export function parseQuantityText(text: string, unit: Unit | undefined): Parsed {
  const r = parseNumberInput(text);
  if (!r.ok && r.code === 'number.decimalComma') return { ok: false, reason: r.reason };
  const s = r.ok ? r.value.toString() : text.trim();
  const p = quantityProblem(s, unit, 'quantity');
  if (p) return { ok: false, reason: p.message };
  return { ok: true, value: new Money(s).toString() };
}

/** Whole calendar days, at least 1. */
export function parseDaysText(text: string): Parsed<number> {
  const s = text.trim();
  if (!/^\d{1,4}$/.test(s) || Number(s) < 1) return bad(`“${s}”不是有效天数（正整数）`, `"${s}" is not a number of days (a whole number of at least 1)`);
  return { ok: true, value: Number(s) };
}

/** A gross margin (a fraction, full precision) as a percentage cut — not rounded — to two places. */
export function formatPct(fraction: Money | string | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  return `${new Money(fraction).times(100).toDecimalPlaces(2, Money.ROUND_DOWN).toFixed(2)}%`;
}

/** A difference in percentage points, already in points (as compareRevisions gives it). */
export function formatPctPoints(points: string | null): string {
  if (points === null) return '—';
  const v = new Money(points).toDecimalPlaces(2, Money.ROUND_DOWN);
  return `${v.isPositive() && !v.isZero() ? '+' : ''}${v.toFixed(2)}`;
}

// ── BOM edit list ─────────────────────────────────────────────────────────────────────────────────

function targetOf(edit: BomEdit): string {
  return edit.type === 'addManualLine' ? edit.line.id : edit.lineId;
}

/**
 * The edit list with `edit` added: an earlier edit of the same kind on the same line is replaced
 * (the last quantity or swap wins anyway), so the list stays short and readable.
 */
export function withEdit(edits: readonly BomEdit[], edit: BomEdit): BomEdit[] {
  if (edit.type === 'addManualLine') return [...edits, edit];
  return [...edits.filter((e) => !(e.type === edit.type && targetOf(e) === edit.lineId)), edit];
}

/** Removing a line: a manual line's own edits disappear; a rule line gets a removeLine edit. */
export function withLineRemoved(edits: readonly BomEdit[], lineId: string): BomEdit[] {
  if (edits.some((e) => e.type === 'addManualLine' && e.line.id === lineId)) return edits.filter((e) => targetOf(e) !== lineId);
  return [...edits.filter((e) => targetOf(e) !== lineId), { type: 'removeLine', lineId }];
}

/** Back to what the rules built for a line: every edit on it goes. */
export function withoutLineEdits(edits: readonly BomEdit[], lineId: string): BomEdit[] {
  return edits.filter((e) => targetOf(e) !== lineId);
}

/** The next free manual line id: manual:1, manual:2 … */
export function nextManualId(edits: readonly BomEdit[], bom: Bom | null): string {
  const used = new Set([...edits.map(targetOf), ...(bom?.lines.map((l) => l.id) ?? [])]);
  let n = 1;
  while (used.has(`manual:${n}`)) n += 1;
  return `manual:${n}`;
}

/** Validates an edit against the rule BOM and the kept edits; returns the new list or the problem. */
export function checkedEdits(ruleBom: Bom, edits: readonly BomEdit[], next: BomEdit[], catalog: Catalog): { ok: true; edits: BomEdit[] } | { ok: false; problems: Problem[] } {
  const edit = next[next.length - 1];
  if (!edit) return { ok: true, edits: next };
  const r = tryEdit(ruleBom, next.slice(0, -1), edit, catalog);
  // The kept edit records what its line is (its match), so it finds the line again after re-sizing.
  return r.ok ? { ok: true, edits: [...next.slice(0, -1), r.value.edit] } : { ok: false, problems: r.problems };
}

// ── Swap candidates ───────────────────────────────────────────────────────────────────────────────

export interface SwapCandidate {
  item: CatalogItem;
  via: 'alternate' | 'sameRating';
  /** Material cost of the line with the candidate minus with the current item (quantity × unit cost, to the fen). */
  costDelta: Money;
  /** Same for the list amount. */
  listDelta: Money;
}

/**
 * What a line may be swapped to: the listed alternates of the item the rules (or the manual line)
 * placed, and other brands' items of the same family and rating — each checked by checkSwap against
 * that placed item, as applyEdits will check it. The current item is left out; the placed item is
 * offered again when the line was swapped (swapping back). Cheapest first.
 */
export function swapCandidates(line: BomLine, placed: Pick<BomLine, 'item'> | undefined, catalog: Catalog): SwapCandidate[] {
  if (line.item.kind !== 'catalog') return [];
  const baseRef = placed?.item ?? line.item;
  if (baseRef.kind !== 'catalog') return [];
  const original = catalog.byCode.get(baseRef.code);
  const current = catalog.byCode.get(line.item.code);
  if (!original || !current) return [];
  const key = ratingKey(original);
  const pool = new Map<string, CatalogItem>();
  for (const i of alternatesOf(catalog, original.code)) pool.set(i.code, i);
  for (const i of catalog.items) if (i.family === original.family && i.status === 'active' && ratingKey(i) === key) pool.set(i.code, i);
  pool.set(original.code, original);
  pool.delete(current.code);
  const out: SwapCandidate[] = [];
  for (const item of pool.values()) {
    const check = checkSwap(original, item);
    if (!check.ok) continue;
    out.push({
      item,
      via: item.code === original.code ? 'sameRating' : check.via,
      costDelta: lineAmount(line.quantity, new Money(item.costPrice)).minus(lineAmount(line.quantity, new Money(current.costPrice))),
      listDelta: lineAmount(line.quantity, new Money(item.listPrice)).minus(lineAmount(line.quantity, new Money(current.listPrice))),
    });
  }
  return out.sort((a, b) => a.costDelta.comparedTo(b.costDelta) || a.item.code.localeCompare(b.item.code));
}

/** Signed display of a money difference: "+1,234.00", "-56.00", "0.00". */
export function signed(formatted: string, value: Money): string {
  return value.isPositive() && !value.isZero() ? `+${formatted}` : formatted;
}

/** Punctuation between runs of text: full-width in Chinese, ASCII in English. */
export function punct(lang: 'zh' | 'en') {
  return lang === 'zh' ? { colon: '：', semi: '；', list: '、', open: '（', close: '）' } : { colon: ': ', semi: '; ', list: ', ', open: ' (', close: ')' };
}
