/**
 * DC breakers — DL/T 5044-2014 §5.1, Appendix A; dlt5044.md §5; product decision 5.
 *   battery outlet     In ≥ I1h = 5.5·I10 (S-04), checked against the initial 1-min current
 *   charger output     In ≥ 1.2 × Icn (R-med)
 *   closing circuits   In ≥ 0.3 × Icl (S-04), overload trip time longer than the closing time
 *   bus tie            In ≥ 0.6 × the largest load current (R-low, flagged)
 *   feeders            from the entered ratings; a sub panel's incoming feeder, when not entered,
 *                      ≥ selectivity ratio × its largest outgoing breaker
 *   catalog pick       DC breaker of the preferred brand, In ≥ required, Ue ≥ Un, Icu ≥ battery Isc
 *   selectivity        every upstream/downstream pair with In ratio < 2 is flagged ([P], data)
 */
import type { ItemOf } from '../catalog/schema.ts';
import type { Confidence } from '../provenance.ts';
import type { Lang, LocalText } from '../text.ts';
import { traceText, type TraceText } from '../trace.ts';
import { addEntry, addProblem, EPS, fmt, nextInSeries, pickByBrand, uniqueTags, type SizingContext } from './context.ts';

type Breaker = ItemOf<'breaker'>;

export type BreakerCircuitKind = 'batteryOutlet' | 'chargerOutput' | 'busTie' | 'feeder' | 'closingFeeder' | 'subPanelIncoming' | 'subPanelFeeder' | 'dischargeTest';

export interface BreakerSelection {
  id: string;
  kind: BreakerCircuitKind;
  name: { zh: string; en: string };
  /** Panel the breaker sits in: 'charger', 'main', or the sub panel's name. */
  location: string;
  requiredA: number;
  quantity: number;
  upstream: string | null;
  itemCode: string | null;
  ratingA: number | null;
  breakingCapacityKA: number | null;
  breakingChecked: boolean;
  traceId: string;
  confidence: Confidence[];
}

export interface BreakerInputs {
  groups: number;
  chargerSets: number;
  i10A: number;
  i1A: number;
  chargerRatedA: number;
  maxLoadA: number;
  iscA: number | null;
  dischargeTestA: number | null;
}

export interface SelectivityPair {
  upstream: string;
  downstream: string;
  ratio: number;
  ok: boolean;
}

export interface BreakersResult {
  selections: BreakerSelection[];
  selectivity: SelectivityPair[];
  i1hA: number;
}

type BreakerPick = { item: Breaker | undefined; breakingOk: boolean };

/** The per-catalog memo of picks by required rating for this project's brand, voltage and Isc (one key per sizing). */
function pickMemo(ctx: SizingContext, iscA: number | null): Map<number, BreakerPick> {
  const { cat, req } = ctx;
  const key = `brk|${req.breakerBrand ?? ''}|${req.nominalVoltageV}|${iscA ?? ''}`;
  let byRating = cat.memo.get(key) as Map<number, BreakerPick> | undefined;
  if (!byRating) {
    byRating = new Map();
    cat.memo.set(key, byRating);
  }
  return byRating;
}

export function pickBreaker(ctx: SizingContext, requiredA: number, iscA: number | null, memo: Map<number, BreakerPick> = pickMemo(ctx, iscA)): BreakerPick {
  const hit = memo.get(requiredA);
  if (hit) return hit;
  const res = pickBreakerUncached(ctx, requiredA, iscA);
  memo.set(requiredA, res);
  return res;
}

function pickBreakerUncached(ctx: SizingContext, requiredA: number, iscA: number | null): { item: Breaker | undefined; breakingOk: boolean } {
  const { cat, req } = ctx;
  const order = cat.brandOrder('breaker.dc', req.breakerBrand);
  const base = (b: Breaker) => b.currentType === 'dc' && b.ratedCurrentA >= requiredA - EPS && b.ratedVoltageV >= req.nominalVoltageV - EPS;
  const brk = (b: Breaker) => iscA === null || b.breakingCapacityKA * 1000 >= iscA - EPS;
  const list = cat.byFamily.breaker;
  const two = pickByBrand(list, order, (b) => base(b) && brk(b) && b.poles === 2) ?? pickByBrand(list, order, (b) => base(b) && brk(b));
  if (two) return { item: two, breakingOk: true };
  return { item: pickByBrand(list, order, base), breakingOk: false };
}

/** The breaker rating series (MCB then MCCB), built once per rules object. */
/** Feeder kinds as a reader names them (never the raw key). */
export const FEEDER_KINDS: Record<'control' | 'power' | 'closing' | 'motor', LocalText> = {
  control: { zh: '控制', en: 'control' },
  power: { zh: '动力', en: 'power' },
  closing: { zh: '合闸', en: 'closing' },
  motor: { zh: '电动机', en: 'motor' },
};
const ENTERED_RATING: LocalText = { zh: 'In = 输入的额定电流', en: 'In = entered rating' };
const CLOSING_FORMULA = (k: number): LocalText => ({ zh: `In ≥ ${fmt(k)}·Icl（且 ≥ 输入的额定电流）`, en: `In ≥ ${fmt(k)}·Icl (and ≥ entered rating)` });

const seriesByRules = new WeakMap<object, number[]>();
function ratingSeries(rules: SizingContext['rules']): number[] {
  let s = seriesByRules.get(rules);
  if (!s) {
    s = [...rules.breakerRatings.mcbA, ...rules.breakerRatings.mccbA, ...rules.breakerRatings.acbA];
    seriesByRules.set(rules, s);
  }
  return s;
}

export function sizeBreakers(ctx: SizingContext, x: BreakerInputs): BreakersResult {
  const { req, rules } = ctx;
  const br = rules.breakers;
  const series = ratingSeries(rules);
  const seriesTag = rules.breakerRatings.confidence;
  const out: BreakerSelection[] = [];
  const iscTags: Confidence[] = x.iscA === null ? [] : ['D'];

  const memo = pickMemo(ctx, x.iscA);
  const traceOn = ctx.traceOn;
  const select = (id: string, kind: BreakerCircuitKind, name: { zh: string; en: string }, location: string, requiredA: number, quantity: number, upstream: string | null, traceId: string, confidence: Confidence[], path: string): BreakerSelection => {
    const { item, breakingOk } = pickBreaker(ctx, requiredA, x.iscA, memo);
    const sel: BreakerSelection = { id, kind, name, location, requiredA, quantity, upstream, traceId, confidence, itemCode: item?.code ?? null, ratingA: item?.ratedCurrentA ?? null, breakingCapacityKA: item?.breakingCapacityKA ?? null, breakingChecked: x.iscA !== null && breakingOk };
    if (!item) {
      addProblem(ctx, 'BREAKER_NOT_IN_CATALOG', 'error', path, `目录中没有额定电流 ≥ ${fmt(requiredA, 1)} A、额定电压 ≥ ${req.nominalVoltageV} V 的直流断路器（${name.zh}）`, `no DC breaker ≥ ${fmt(requiredA, 1)} A, ≥ ${req.nominalVoltageV} V in the catalog (${name.en})`, { value: requiredA });
    } else if (x.iscA !== null && !breakingOk) {
      addProblem(ctx, 'BREAKER_BREAKING_CAPACITY', 'error', path, `${name.zh}：目录中没有分断能力 ≥ ${fmt(x.iscA / 1000, 2)} kA 的合适断路器（选用 ${item.code}，${item.breakingCapacityKA} kA）`, `${name.en}: no suitable breaker with breaking capacity ≥ ${fmt(x.iscA / 1000, 2)} kA (picked ${item.code}, ${item.breakingCapacityKA} kA)`, { value: item.breakingCapacityKA, limit: x.iscA / 1000, clause: 'DL/T 5044-2014 Appendix A (breaking capacity, S-04)' });
    }
    out.push(sel);
    return sel;
  };
  const entry = (id: string, name: { zh: string; en: string }, symbol: string, value: number, formula: TraceText, substituted: TraceText | (() => TraceText), clause: string, confidence: Confidence[], sel: BreakerSelection | null, inputs: { symbol: string; value: number; unit: string; ref?: string }[] = [], note?: { zh: string; en: string }) => {
    if (!ctx.traceOn) return;
    if (ctx.traceOn) addEntry(ctx, () => {
      const sub = typeof substituted === 'function' ? substituted() : substituted;
      const picked = (lang: Lang) =>
        sel ? ` → ${sel.itemCode ?? (lang === 'zh' ? '无' : 'none')}${sel.ratingA !== null ? ` ${fmt(sel.ratingA)} A` : ''}${sel.breakingCapacityKA !== null ? `${lang === 'zh' ? '，' : ', '}Icu ${fmt(sel.breakingCapacityKA)} kA` : ''}` : '';
      return {
      id,
      quantity: name,
      symbol,
      value,
      unit: 'A',
      formula,
      substituted: { zh: `${traceText(sub, 'zh')}${picked('zh')}`, en: `${traceText(sub, 'en')}${picked('en')}` },
      inputs,
      clause,
      confidence,
      note,
      };
    });
  };

  // Battery outlet.
  const i1h = br.i1hFactor.value * x.i10A;
  const outletTags = uniqueTags(br.i1hFactor.confidence, iscTags);
  const outlet = select('brk.batteryOutlet', 'batteryOutlet', { zh: '蓄电池出口断路器', en: 'Battery outlet breaker' }, 'main', i1h, x.groups, null, 'breakers.batteryOutlet', outletTags, 'requirements.battery');
  if (ctx.traceOn) entry('breakers.batteryOutlet', outlet.name, 'In ≥ I1h', i1h, `I1h = ${fmt(br.i1hFactor.value)}·I10; In ≥ I1h`, () => {
    const next = nextInSeries(series, i1h);
    const head = `I1h = ${fmt(br.i1hFactor.value)} × ${fmt(x.i10A, 2)} = ${fmt(i1h, 2)} A`;
    return { zh: `${head}（系列值：${next !== undefined ? `${fmt(next)} A` : '超出系列'}）`, en: `${head} (series: ${next !== undefined ? `${fmt(next)} A` : 'beyond the series'})` };
  }, br.i1hFactor.clause ?? br.clause, uniqueTags(outletTags, seriesTag), outlet, [{ symbol: 'I10', value: x.i10A, unit: 'A', ref: 'battery.I10' }]);
  if (br.batteryOutletCheckInitialCurrent.value && outlet.ratingA !== null && outlet.ratingA < x.i1A - EPS) {
    addProblem(ctx, 'OUTLET_BELOW_INITIAL', 'warning', 'requirements.loads', `蓄电池出口断路器 ${fmt(outlet.ratingA)} A 小于初期 1 min 电流 ${fmt(x.i1A, 1)} A，须校验其过载特性`, `battery outlet breaker ${fmt(outlet.ratingA)} A is below the initial 1-min current ${fmt(x.i1A, 1)} A: check its overload characteristic`, { value: outlet.ratingA, limit: x.i1A, clause: br.batteryOutletCheckInitialCurrent.clause });
  }

  // Charger output.
  const chReq = br.chargerOutputKrel.value * x.chargerRatedA;
  const ch = select('brk.chargerOutput', 'chargerOutput', { zh: '充电装置输出断路器', en: 'Charger output breaker' }, 'charger', chReq, x.chargerSets, null, 'breakers.chargerOutput', [br.chargerOutputKrel.confidence], 'requirements.charger');
  if (ctx.traceOn) entry('breakers.chargerOutput', ch.name, 'In', chReq, 'In ≥ Krel·Icn', `In ≥ ${fmt(br.chargerOutputKrel.value)} × ${fmt(x.chargerRatedA, 1)} = ${fmt(chReq, 1)} A`, br.chargerOutputKrel.clause ?? br.clause, [br.chargerOutputKrel.confidence], ch, [{ symbol: 'Icn', value: x.chargerRatedA, unit: 'A', ref: 'charger.rated' }]);

  // Bus tie (two battery groups → two bus sections).
  if (x.groups >= 2) {
    const tieReq = br.busTieFactor.value * x.maxLoadA;
    const tie = select('brk.busTie', 'busTie', { zh: '母线分段（联络）断路器', en: 'Bus-tie breaker' }, 'main', tieReq, 1, null, 'breakers.busTie', [br.busTieFactor.confidence], 'requirements.arrangement');
    if (ctx.traceOn) entry('breakers.busTie', tie.name, 'In', tieReq, 'In ≥ Kt·Imax', `In ≥ ${fmt(br.busTieFactor.value)} × ${fmt(x.maxLoadA, 1)} = ${fmt(tieReq, 1)} A`, br.busTieFactor.clause ?? br.clause, [br.busTieFactor.confidence], tie, [], { zh: `系数 ${fmt(br.busTieFactor.value)} 为回忆值，未经标准原文确认`, en: `factor ${fmt(br.busTieFactor.value)} is a recollection, not confirmed against the standard's text` });
    addProblem(ctx, 'BUS_TIE_FACTOR_UNCONFIRMED', 'info', 'requirements.arrangement', `母联断路器按全部负荷的 ${fmt(br.busTieFactor.value * 100)} % 选择：该系数为回忆值，未经标准原文确认`, `bus tie sized at ${fmt(br.busTieFactor.value * 100)} % of the whole load: the factor is recalled, not confirmed against the standard's text`, { value: br.busTieFactor.value, clause: br.busTieFactor.clause });
  }

  // Discharge-test circuit (Appendix F column, R-low factor).
  if (x.dischargeTestA !== null) {
    const dt = select('brk.dischargeTest', 'dischargeTest', { zh: '放电试验回路断路器', en: 'Discharge-test circuit breaker' }, 'main', x.dischargeTestA, x.groups, 'brk.batteryOutlet', 'breakers.dischargeTest', [rules.equipmentF.dischargeTestFactor.confidence], 'requirements.battery');
    if (ctx.traceOn) entry('breakers.dischargeTest', dt.name, 'In', x.dischargeTestA, 'In ≥ Kd·I10', `In ≥ ${fmt(rules.equipmentF.dischargeTestFactor.value)} × ${fmt(x.i10A, 2)} = ${fmt(x.dischargeTestA, 1)} A`, 'DL/T 5044-2014 Appendix F (not retrieved; factor R-low)', [rules.equipmentF.dischargeTestFactor.confidence], dt, [{ symbol: 'I10', value: x.i10A, unit: 'A', ref: 'battery.I10' }]);
  }

  // Main-panel feeders.
  const mainFeeders = req.feeders.main;
  for (let i = 0; i < mainFeeders.length; i++) {
    const f = mainFeeders[i] as (typeof mainFeeders)[number];
    let reqA = f.ratingA ?? 0;
    let c = 0;
    let tags: Confidence[] = [];
    const closing = f.kind === 'closing' && f.closingCurrentA !== undefined;
    if (closing) {
      c = br.closingFactor.value * (f.closingCurrentA as number);
      reqA = Math.max(reqA, c);
      tags = [br.closingFactor.confidence];
    }
    const kind: BreakerCircuitKind = f.kind === 'closing' ? 'closingFeeder' : 'feeder';
    const ra = fmt(reqA);
    const name = { zh: `${FEEDER_KINDS[f.kind].zh}馈线 ${ra} A × ${f.count}`, en: `Feeder (${FEEDER_KINDS[f.kind].en}) ${ra} A × ${f.count}` };
    const sel = select(`brk.main.${i}`, kind, name, 'main', reqA, f.count, 'brk.batteryOutlet', `breakers.main.${i}`, tags, `requirements.feeders.main[${i}]`);
    if (traceOn) {
      const formula = closing ? CLOSING_FORMULA(br.closingFactor.value) : ENTERED_RATING;
      const subst: TraceText = closing
        ? { zh: `In ≥ ${fmt(br.closingFactor.value)} × ${fmt(f.closingCurrentA as number)} = ${fmt(c, 1)} A${f.ratingA !== undefined ? `；输入 ${fmt(f.ratingA)} A` : ''}`, en: `In ≥ ${fmt(br.closingFactor.value)} × ${fmt(f.closingCurrentA as number)} = ${fmt(c, 1)} A${f.ratingA !== undefined ? `; entered ${fmt(f.ratingA)} A` : ''}` }
        : `In = ${fmt(reqA)} A`;
      entry(`breakers.main.${i}`, name, 'In', reqA, formula, subst, f.kind === 'closing' ? (br.closingFactor.clause ?? br.clause) : 'DL/T 5044-2014 Appendix A (feeders from entered ratings)', tags, sel, [], f.kind === 'closing' ? { zh: '其过载脱扣时间须大于断路器合闸时间', en: 'its overload trip time must exceed the closing time' } : undefined);
    }
  }

  // Sub panels: incoming feeder on the main panel and their own feeders.
  const ratio = br.selectivityMinRatio.value;
  const subPanels = req.feeders.subPanels;
  for (let i = 0; i < subPanels.length; i++) {
    const s = subPanels[i] as (typeof subPanels)[number];
    const path = `requirements.feeders.subPanels[${i}]`;
    // Selectivity against the outgoing breakers actually picked (a 25.0001 A requirement picks 32 A).
    let largest = 0;
    for (const f of s.feeders) {
      const need = Math.max(f.ratingA ?? 0, f.kind === 'closing' && f.closingCurrentA !== undefined ? br.closingFactor.value * f.closingCurrentA : 0);
      const v = need > 0 ? (pickBreaker(ctx, need, x.iscA, memo).item?.ratedCurrentA ?? need) : 0;
      if (v > largest) largest = v;
    }
    // A breaker is never below the current of the circuit it protects; selectivity only picks upward.
    const circuitA = s.loadCurrentA ?? 0;
    let reqA: number;
    let raw = 0;
    let tags: Confidence[];
    if (s.incomingRatingA !== undefined) {
      reqA = s.incomingRatingA;
      tags = [];
      if (reqA < circuitA - EPS) {
        addProblem(ctx, 'SUBPANEL_INCOMING_BELOW_CURRENT', 'error', `${path}.incomingRatingA`, `分电屏“${s.name}”进线断路器 ${fmt(reqA)} A 小于该回路计算电流 ${fmt(circuitA, 1)} A：请取 ≥ ${fmt(nextInSeries(series, circuitA) ?? circuitA)} A，或不填由工具选择`, `sub panel "${s.name}": the incoming breaker ${fmt(reqA)} A is below the circuit current ${fmt(circuitA, 1)} A: enter ≥ ${fmt(nextInSeries(series, circuitA) ?? circuitA)} A, or leave it empty for the tool to choose`, { value: reqA, limit: circuitA });
      }
    } else if (largest > 0 || circuitA > 0) {
      raw = Math.max(ratio * largest, circuitA);
      reqA = nextInSeries(series, raw) ?? raw;
      tags = uniqueTags(largest > 0 ? [br.selectivityMinRatio.confidence] : [], seriesTag);
    } else {
      addProblem(ctx, 'SUBPANEL_INCOMING_UNKNOWN', 'error', `${path}.incomingRatingA`, `分电屏“${s.name}”既无进线额定电流也无馈线，无法选择进线断路器`, `sub panel "${s.name}" has neither an incoming rating nor feeders: its incoming breaker cannot be chosen`);
      continue;
    }
    const id = `brk.sub.${i}.in`;
    const name = { zh: `分电屏“${s.name}”馈线（主屏）`, en: `Feeder to sub panel "${s.name}" (main panel)` };
    const sel = select(id, 'subPanelIncoming', name, 'main', reqA, 1, 'brk.batteryOutlet', `breakers.sub.${i}.in`, tags, path);
    if (traceOn) {
      const entered = s.incomingRatingA !== undefined;
      const formula: TraceText = entered
        ? { zh: 'In = 输入的额定电流（≥ 回路电流）', en: 'In = entered rating (≥ circuit current)' }
        : { zh: 'In ≥ max(级差比 × 最大出线断路器, 回路电流)，取系列上一档', en: 'In ≥ max(ratio × largest outgoing breaker, circuit current), next series rating' };
      const subst = entered ? `In = ${fmt(reqA)} A` : `In ≥ max(${fmt(ratio)} × ${fmt(largest)}, ${fmt(circuitA, 2)}) = ${fmt(raw, 2)} A → ${fmt(reqA)} A`;
      entry(`breakers.sub.${i}.in`, name, 'In', reqA, formula, subst, 'DL/T 5044-2014 Appendix A (feeder to a sub panel; R-low) / selectivity [P]', tags, sel);
    }
    for (let j = 0; j < s.feeders.length; j++) {
      const f = s.feeders[j] as (typeof s.feeders)[number];
      let fReq = f.ratingA ?? 0;
      let ftags: Confidence[] = [];
      if (f.kind === 'closing' && f.closingCurrentA !== undefined) {
        fReq = Math.max(fReq, br.closingFactor.value * f.closingCurrentA);
        ftags = [br.closingFactor.confidence];
      }
      const fr = fmt(fReq);
      const fname = { zh: `分电屏“${s.name}”${FEEDER_KINDS[f.kind].zh}馈线 ${fr} A × ${f.count}`, en: `Sub panel "${s.name}" feeder (${FEEDER_KINDS[f.kind].en}) ${fr} A × ${f.count}` };
      const fsel = select(`brk.sub.${i}.${j}`, 'subPanelFeeder', fname, s.name, fReq, f.count, id, `breakers.sub.${i}.${j}`, ftags, `${path}.feeders[${j}]`);
      if (traceOn) entry(`breakers.sub.${i}.${j}`, fname, 'In', fReq, f.kind === 'closing' ? CLOSING_FORMULA(br.closingFactor.value) : ENTERED_RATING, `In = ${fmt(fReq, 1)} A`, 'DL/T 5044-2014 Appendix A', ftags, fsel);
    }
  }

  // Selectivity: every upstream/downstream pair.
  const pairs: SelectivityPair[] = [];
  for (const d of out) {
    if (!d.upstream) continue;
    let u: BreakerSelection | undefined;
    for (const o of out) if (o.id === d.upstream) u = o;
    if (!u || u.ratingA === null || d.ratingA === null) continue;
    const r = u.ratingA / d.ratingA;
    const ok = r >= ratio - EPS;
    pairs.push({ upstream: u.id, downstream: d.id, ratio: r, ok });
    if (!ok) {
      addProblem(
        ctx,
        'SELECTIVITY_RATIO',
        'warning',
        d.id.startsWith('brk.sub.') ? `requirements.feeders.subPanels[${d.id.split('.')[2]}]` : d.id.startsWith('brk.main.') ? `requirements.feeders.main[${d.id.split('.')[2]}]` : 'requirements.battery',
        `级差配合：上级“${u.name.zh}” ${fmt(u.ratingA)} A / 下级“${d.name.zh}” ${fmt(d.ratingA)} A = ${fmt(r, 2)} < ${fmt(ratio)}（默认比值为行业做法，标准表格尚未录入）`,
        `selectivity: upstream "${u.name.en}" ${fmt(u.ratingA)} A / downstream "${d.name.en}" ${fmt(d.ratingA)} A = ${fmt(r, 2)} < ${fmt(ratio)} (default ratio is practice; the standard's table is not transcribed)`,
        { value: r, limit: ratio, clause: br.selectivityMinRatio.clause },
      );
    }
  }
  if (pairs.length > 0) {
    if (ctx.traceOn) addEntry(ctx, () => {
      const byId = new Map(out.map((o) => [o.id, o]));
      const pairText = (lang: Lang, q: SelectivityPair) => {
        const u = byId.get(q.upstream) as BreakerSelection;
        const d = byId.get(q.downstream) as BreakerSelection;
        return `${u.name[lang]} ${fmt(u.ratingA ?? 0)} A / ${d.name[lang]} ${fmt(d.ratingA ?? 0)} A = ${fmt(q.ratio, 2)}${q.ok ? '' : ` < ${fmt(ratio)}`}`;
      };
      const failed = pairs.filter((q) => !q.ok);
      const worst = failed.length ? failed.reduce((a, b) => (b.ratio < a.ratio ? b : a)) : null;
      return {
      id: 'breakers.selectivity',
      quantity: { zh: '上下级额定电流比校验', en: 'Upstream/downstream rating ratio check' },
      symbol: 'In,u / In,d',
      value: Math.min(...pairs.map((q) => q.ratio)),
      ...(worst
        ? {
            verdict: 'fail' as const,
            valueText: {
              zh: `不满足：${failed.length} 对低于 ${fmt(ratio)}，最小 ${fmt(worst.ratio, 2)}（差 ${fmt(ratio - worst.ratio, 2)}）；应加大上级或减小下级断路器额定电流`,
              en: `not met: ${failed.length} pair(s) below ${fmt(ratio)}, lowest ${fmt(worst.ratio, 2)} (short by ${fmt(ratio - worst.ratio, 2)}); raise the upstream or lower the downstream breaker rating`,
            },
          }
        : { verdict: 'pass' as const }),
      unit: '',
      formula: { zh: `每对上下级 In,u / In,d ≥ ${fmt(ratio)}（u：上级，d：下级）`, en: `In,u / In,d ≥ ${fmt(ratio)} for every pair (u upstream, d downstream)` },
      substituted: { zh: pairs.map((q) => pairText('zh', q)).join('；'), en: pairs.map((q) => pairText('en', q)).join('; ') },
      clause: br.selectivityMinRatio.clause ?? br.clause,
      confidence: [br.selectivityMinRatio.confidence],
      };
    });
  }
  return { selections: out, selectivity: pairs, i1hA: i1h };
}
