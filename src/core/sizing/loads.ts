/**
 * DC load statistics (直流负荷统计) — DL/T 5044-2014 §4.1 (load classes), §4.2 (load statistics, accident
 * duration), dlt5044.md §2. Currents per load (I = P·1000·K/Un; I = S·cosφ·1000·K/(η·Un) for UPS /
 * inverters; A·K for currents), the continuous current I0 (Ijc), the initial 1-min current I1, each
 * period's current to the end of the duty cycle, and the random 5 s current IR. Step boundaries are the
 * designers' table columns (1 min, 0.5 h, 1 h, 2 h, 4 h) plus every load start/end and the cycle end.
 */
import type { LoadInput, Requirements } from '../project/schema.ts';
import { defaultDischargeMin, dutyCycleMin } from '../project/requirements.ts';
import type { Confidence } from '../provenance.ts';
import type { LocalText } from '../text.ts';
import type { TraceText } from '../trace.ts';
import { addEntry, addProblem, EPS, fmt, uniqueTags, type EntrySpec, type SizingContext } from './context.ts';

export interface ResolvedLoad {
  index: number;
  name: string;
  kind: LoadInput['kind'];
  function: 'control' | 'power';
  /** 装置容量 as entered. */
  capacity: { value: number; unit: 'kW' | 'A' | 'kVA' };
  loadFactor: number;
  /** `calculatedCurrent`: amps entered as the already calculated current, K = 1. */
  loadFactorFrom: 'input' | 'rules' | 'calculatedCurrent';
  currentA: number;
  continuous: boolean;
  random: boolean;
  periods: { startMin: number; endMin: number }[];
  traceId: string;
}

export interface StatisticsColumn {
  id: string;
  label: LocalText;
  startMin: number;
  endMin: number;
}

export interface LoadStatisticsRow {
  no: number;
  name: string;
  capacity: { value: number; unit: 'kW' | 'A' | 'kVA' };
  /** For loads in amps: whether the amps are the rated current (× K) or the calculated one (K = 1). */
  currentBasis?: 'rated' | 'calculated';
  loadFactor: number;
  currentA: number;
  continuousA: number | null;
  /**
   * Current in each column (null where the load does not run). Derived on reading from the load's runs
   * (column ranges), so the statistics hold O(loads + periods + boundaries), never loads × boundaries
   * cells (issue 12); read it once per row.
   */
  readonly periodsA: (number | null)[];
  randomA: number | null;
}

/** The 直流负荷统计表 in the shape designers exchange (products.md, last section). */
export interface LoadStatistics {
  nominalVoltageV: number;
  dischargeDurationMin: number;
  dutyCycleMin: number;
  columns: StatisticsColumn[];
  rows: LoadStatisticsRow[];
  totals: { i0A: number; periodsA: number[]; randomA: number };
  /** Filled by the battery sizing: 容量计算 per stage, 叠加随机负荷, 容量取值. */
  capacity?: { stagesAh: (number | null)[]; withRandomAh: (number | null)[]; randomAh: number; requiredAh: number; chosenAh: number | null };
}

export interface DutyCycle {
  accidentMin: number;
  cycleMin: number;
  /** Steps in time order: step k runs from startMin to endMin with currentA. Step 1 is the initial minute. */
  steps: { startMin: number; endMin: number; currentA: number; traceId: string }[];
  i0A: number;
  i1A: number;
  iRandomA: number;
  maxA: number;
  /** Largest control-function current in any step (for a dropper). */
  maxControlA: number;
  loads: ResolvedLoad[];
  statistics: LoadStatistics;
  confidence: Confidence[];
}

function hoursLabel(min: number): string {
  return min % 60 === 0 ? `${min / 60} h` : min === 30 ? '0.5 h' : `${fmt(min, 2)} min`;
}

/** Trace ids by index, built once (strings are immutable, so sharing them changes nothing). */
const LOAD_IDS: string[] = [];
const STEP_IDS: string[] = [];

/** Column label texts by (start, end) minutes, built once per pair (bounded cache; fresh label objects). */
const labelTexts = new Map<number, Map<number, [string, string]>>();
let labelCount = 0;
function columnLabel(prev: number, b: number): LocalText {
  let perStart = labelTexts.get(prev);
  let t = perStart?.get(b);
  if (!t) {
    t = [`持续 ${hoursLabel(b)}（${fmt(prev)}–${fmt(b)} min）`, `to ${hoursLabel(b)} (${fmt(prev)}–${fmt(b)} min)`];
    if (labelCount > 4096) {
      labelTexts.clear();
      labelCount = 0;
      perStart = undefined;
    }
    if (!perStart) {
      perStart = new Map();
      labelTexts.set(prev, perStart);
    }
    perStart.set(b, t);
    labelCount++;
  }
  return { zh: t[0], en: t[1] };
}

export function sizeLoads(ctx: SizingContext): DutyCycle | null {
  const { req, rules } = ctx;
  const un = req.nominalVoltageV;
  const lc = rules.loadClasses;
  const initialMin = lc.initialPeriodMin.value;

  // Accident duration (DL/T 5044-2014 §4.2, product decision 7).
  let accidentMin: number;
  let durTags: Confidence[];
  if (req.dischargeDurationMin !== undefined) {
    accidentMin = req.dischargeDurationMin;
    durTags = [];
    if (ctx.traceOn) addEntry(ctx, () => ({
      id: 'loads.accidentDuration',
      quantity: { zh: '事故放电时间', en: 'Accident discharge duration' },
      symbol: 't',
      value: accidentMin,
      unit: 'min',
      formula: { zh: 't = 项目输入', en: 't = entered' },
      substituted: `t = ${fmt(accidentMin)} min`,
      clause: 'DL/T 5044-2014 §4.2 (accident duration); entered by the engineer',
      confidence: [],
      note: { zh: '按项目输入（覆盖默认值）', en: 'entered for the project (overrides the default)' },
    }));
  } else {
    const d = defaultDischargeMin(req, rules);
    if (!d) {
      addProblem(ctx, 'DURATION_REQUIRED', 'error', 'requirements.dischargeDurationMin', '无法确定事故放电时间：请填写', 'cannot determine the accident discharge duration: enter it', { clause: rules.dischargeDurations.clause });
      return null;
    }
    const coef = d.key === 'substation.attended' ? rules.dischargeDurations.substation.attended : d.key === 'substation.unattended' ? rules.dischargeDurations.substation.unattended : d.key === 'powerPlant.gridConnected' ? rules.dischargeDurations.powerPlant.gridConnected : rules.dischargeDurations.powerPlant.isolated;
    accidentMin = d.value;
    durTags = [coef.confidence];
    if (ctx.traceOn) addEntry(ctx, () => ({
      id: 'loads.accidentDuration',
      quantity: { zh: '事故放电时间', en: 'Accident discharge duration' },
      symbol: 't',
      value: accidentMin,
      unit: 'min',
      formula: { zh: `t = 按表取值（${DURATION_KEYS[d.key]?.zh ?? d.key}）`, en: `t = from the table (${DURATION_KEYS[d.key]?.en ?? d.key})` },
      substituted: `t = ${fmt(accidentMin)} min`,
      clause: rules.dischargeDurations.clause,
      confidence: durTags,
      note: { zh: '默认值，可在项目中修改', en: 'default value, can be changed in the project' },
    }));
  }
  const cycleMin = dutyCycleMin(req, accidentMin);
  if (cycleMin > accidentMin + EPS) {
    if (ctx.traceOn) addEntry(ctx, () => ({
      id: 'loads.dutyCycle',
      quantity: { zh: '放电周期（含较长的单项负荷）', en: 'Duty cycle (extended by a longer load)' },
      symbol: 'T',
      value: cycleMin,
      unit: 'min',
      formula: { zh: 'T = max(t, 各负荷持续时间)', en: 'T = max(t, durations of the loads)' },
      substituted: `T = max(${fmt(accidentMin)}, …) = ${fmt(cycleMin)} min`,
      inputs: [{ symbol: 't', value: accidentMin, unit: 'min', ref: 'loads.accidentDuration' }],
      clause: 'DL/T 5044-2014 §4.2 (per-load duration)',
      confidence: ['R-low'],
    }));
  }

  // Resolve every load.
  const loads: ResolvedLoad[] = [];
  const tags: Confidence[] = [...durTags];
  const traceOn = ctx.traceOn;
  let failed = false;
  const reqLoads = req.loads;
  for (let index = 0; index < reqLoads.length; index++) {
    const l = reqLoads[index] as LoadInput;
    const cls = rules.loadClassById.get(l.kind);
    if (!cls) throw new Error(`load class ${l.kind} missing from validated rules`);
    const fn = l.function ?? cls.function;
    // Amps copied from a design institute's table as the calculated current take K = 1 (issue 10, item 13).
    const calculated = l.currentA !== undefined && l.currentBasis === 'calculated';
    const k = calculated ? 1 : (l.loadFactor ?? cls.loadFactor?.value);
    if (fn === undefined) {
      addProblem(ctx, 'LOAD_FUNCTION_MISSING', 'error', `requirements.loads[${index}].function`, `负荷“${l.name}”须指明控制或动力负荷`, `Load "${l.name}": state control or power`);
      failed = true;
      continue;
    }
    if (k === undefined) {
      addProblem(ctx, 'LOAD_FACTOR_MISSING', 'error', `requirements.loads[${index}].loadFactor`, `负荷“${l.name}”（${cls.name.zh}）在规则中没有默认负荷系数，请填写`, `Load "${l.name}" (${cls.name.en}) has no default load factor in the rules: enter one`, { clause: lc.clause });
      failed = true;
      continue;
    }
    // The load's confidence tags: K from the rules' class, 'P' for a kVA input (an array only with the trace on).
    const kTag = !calculated && l.loadFactor === undefined && cls.loadFactor ? cls.loadFactor.confidence : undefined;
    let kva = false;
    let currentA: number;
    let capacity: ResolvedLoad['capacity'];
    if (l.powerKW !== undefined) {
      capacity = { value: l.powerKW, unit: 'kW' };
      currentA = (l.powerKW * 1000 * k) / un;
    } else if (l.apparentPowerKVA !== undefined) {
      const pf = l.powerFactor;
      const eff = l.efficiency;
      if (pf === undefined || eff === undefined) {
        addProblem(ctx, 'LOAD_KVA_PF_MISSING', 'error', `requirements.loads[${index}]`, `负荷“${l.name}”按 kVA 输入，须填写功率因数和效率`, `Load "${l.name}" is in kVA: enter power factor and efficiency`);
        failed = true;
        continue;
      }
      capacity = { value: l.apparentPowerKVA, unit: 'kVA' };
      currentA = (l.apparentPowerKVA * 1000 * pf * k) / (eff * un);
      kva = true;
    } else if (l.currentA !== undefined) {
      capacity = { value: l.currentA, unit: 'A' };
      currentA = l.currentA * k;
    } else {
      addProblem(ctx, 'LOAD_INPUT_MISSING', 'error', `requirements.loads[${index}]`, `负荷“${l.name}”缺少容量`, `Load "${l.name}" has no size`);
      failed = true;
      continue;
    }
    const random = l.random ?? cls.periods === 'random';
    if (random && (l.periods !== undefined || l.durationMin !== undefined)) {
      // Never drop input silently: validation refuses this too (LOAD_RANDOM_WITH_PERIODS / _DURATION).
      addProblem(ctx, l.periods !== undefined ? 'LOAD_RANDOM_WITH_PERIODS' : 'LOAD_RANDOM_WITH_DURATION', 'error', `requirements.loads[${index}].${l.periods !== undefined ? 'periods' : 'durationMin'}`, `负荷“${l.name}”为随机（5 s）负荷，不能填写放电时段或持续时间；请改选其他负荷类别`, `Load "${l.name}" is a random (5 s) load and takes no periods or duration; choose another load kind`);
      failed = true;
      continue;
    }
    const continuous = random ? false : (l.continuous ?? cls.continuous);
    let periods: ResolvedLoad['periods'] = [];
    if (!random) {
      if (l.periods) periods = l.periods.map((q) => ({ startMin: q.startMin, endMin: Math.min(q.endMin, cycleMin) })).filter((q) => q.endMin > q.startMin);
      else if (cls.periods === 'initial' && l.durationMin === undefined) periods = [{ startMin: 0, endMin: initialMin }];
      else periods = [{ startMin: 0, endMin: Math.min(l.durationMin ?? accidentMin, cycleMin) }];
    }
    const traceId = LOAD_IDS[index] ?? (LOAD_IDS[index] = `loads.current.${index}`);
    if (traceOn) {
      const kTags: Confidence[] = kTag !== undefined ? [kTag] : [];
      addEntry(ctx, loadEntry(l, index, un, k, cls.name, currentA, kva ? uniqueTags(kTags, 'P') : kTags, random, continuous, periods, traceId));
    }
    if (kTag !== undefined && !tags.includes(kTag)) tags.push(kTag);
    if (kva && !tags.includes('P')) tags.push('P');
    loads.push({ index, name: l.name, kind: l.kind, function: fn, capacity, loadFactor: k, loadFactorFrom: calculated ? 'calculatedCurrent' : l.loadFactor !== undefined ? 'input' : 'rules', currentA, continuous, random, periods, traceId });
  }
  if (failed) return null;

  // Step boundaries: table columns ∪ load starts/ends ∪ cycle end.
  const bset = new Set<number>([cycleMin]);
  for (const c of lc.statisticsColumnsMin.values) if (c < cycleMin - EPS) bset.add(c);
  for (const l of loads) for (const q of l.periods) {
    if (q.startMin > EPS) bset.add(q.startMin);
    bset.add(q.endMin);
  }
  const bounds = [...bset].sort((a, b) => a - b);
  const columns: StatisticsColumn[] = [];
  let prev = 0;
  for (const b of bounds) {
    columns.push({
      id: `c${columns.length + 1}`,
      label: prev === 0 && Math.abs(b - initialMin) < EPS ? { zh: '初期 1 min', en: 'initial 1 min' } : columnLabel(prev, b),
      startMin: prev,
      endMin: b,
    });
    prev = b;
  }
  const nCol = columns.length;
  // Which columns each load runs through, as ranges of column indexes: a period covers the columns that
  // lie wholly inside it (see `runsOf`), found by binary search over the sorted columns, and
  // a load's overlapping periods are merged so it counts once per column. Memory O(loads + periods +
  // boundaries); the sums below add each load into its columns in load order, exactly as before.
  const colStarts = columns.map((c) => c.startMin);
  const colEnds = columns.map((c) => c.endMin);
  const runs: Run[][] = loads.map((l) => runsOf(l, colStarts, colEnds));
  // Only the trace asks which loads run in a column.
  const runsByLoad = traceOn ? new Map<ResolvedLoad, Run[]>(loads.map((l, n) => [l, runs[n] as Run[]])) : null;
  const colA: number[] = new Array<number>(nCol).fill(0);
  const colControlA: number[] = new Array<number>(nCol).fill(0);
  let i0A = 0;
  let iRA = 0;
  const rows: LoadStatisticsRow[] = new Array<LoadStatisticsRow>(loads.length);
  for (let n = 0; n < loads.length; n++) {
    const l = loads[n] as ResolvedLoad;
    const control = l.function === 'control';
    const mine = runs[n] as Run[];
    for (const r of mine) {
      for (let ci = r.from; ci <= r.to; ci++) {
        colA[ci] = (colA[ci] as number) + l.currentA;
        if (control) colControlA[ci] = (colControlA[ci] as number) + l.currentA;
      }
    }
    if (l.continuous) i0A += l.currentA;
    if (l.random) iRA += l.currentA;
    rows[n] = statisticsRow(n, l, nCol, mine);
  }

  const loadRefs = traceOn ? loads.map((l) => ({ symbol: `I(${l.index + 1})`, value: l.currentA, unit: 'A', ref: l.traceId })) : [];
  const sumText = (sel: (l: ResolvedLoad) => boolean, total: number) => {
    const parts = loads.filter(sel).map((l) => fmt(l.currentA, 2));
    return parts.length ? `${parts.join(' + ')} = ${fmt(total, 2)} A` : '0 A';
  };
  if (traceOn)
    addEntry(ctx, {
      id: 'loads.I0',
      quantity: { zh: '经常负荷电流', en: 'Continuous load current' },
      symbol: 'I0 (Ijc)',
      value: i0A,
      unit: 'A',
      formula: { zh: 'I0 = Σ I（经常负荷）', en: 'I0 = Σ I (continuous loads)' },
      substituted: `I0 = ${sumText((l) => l.continuous, i0A)}`,
      inputs: loadRefs.filter((_, j) => (loads[j] as ResolvedLoad).continuous),
      clause: 'DL/T 5044-2014 §4.2',
      confidence: tags,
    });
  const steps: DutyCycle['steps'] = new Array<DutyCycle['steps'][number]>(nCol);
  let maxA = -Infinity;
  let anyCurrent = false;
  for (let ci = 0; ci < nCol; ci++) {
    const c = columns[ci] as StatisticsColumn;
    const id = STEP_IDS[ci] ?? (STEP_IDS[ci] = `loads.I${ci + 1}`);
    const a = colA[ci] as number;
    if (traceOn) {
      const inStep = (l: ResolvedLoad) => (runsByLoad?.get(l) as Run[]).some((r) => r.from <= ci && ci <= r.to);
      addEntry(ctx, {
        id,
        quantity: { zh: `第 ${ci + 1} 阶段放电电流（${fmt(c.startMin)}–${fmt(c.endMin)} min）`, en: `Step ${ci + 1} discharge current (${fmt(c.startMin)}–${fmt(c.endMin)} min)` },
        symbol: `I${ci + 1}`,
        value: a,
        unit: 'A',
        formula: { zh: `I${ci + 1} = Σ I（${fmt(c.startMin)}–${fmt(c.endMin)} min 内运行的负荷）`, en: `I${ci + 1} = Σ I (loads running ${fmt(c.startMin)}–${fmt(c.endMin)} min)` },
        substituted: `I${ci + 1} = ${sumText(inStep, a)}`,
        inputs: loadRefs.filter((_, j) => inStep(loads[j] as ResolvedLoad)),
        clause: 'DL/T 5044-2014 §4.2, Appendix C (duty cycle)',
        confidence: tags,
      });
    }
    steps[ci] = { startMin: c.startMin, endMin: c.endMin, currentA: a, traceId: id };
    if (a > maxA) maxA = a;
    if (a > EPS) anyCurrent = true;
  }
  if (traceOn)
    addEntry(ctx, {
      id: 'loads.IR',
      quantity: { zh: '随机负荷电流（5 s）', en: 'Random load current (5 s)' },
      symbol: 'IR',
      value: iRA,
      unit: 'A',
      formula: { zh: 'IR = Σ I（随机负荷）', en: 'IR = Σ I (random loads)' },
      substituted: `IR = ${sumText((l) => l.random, iRA)}`,
      inputs: loadRefs.filter((_, j) => (loads[j] as ResolvedLoad).random),
      clause: 'DL/T 5044-2014 Appendix C (random load)',
      confidence: tags,
    });
  if (!anyCurrent) {
    addProblem(ctx, 'NO_DISCHARGE_LOAD', 'error', 'requirements.loads', '事故放电期间没有负荷电流，无法计算蓄电池容量', 'no load current during the accident discharge: the battery cannot be sized');
    return null;
  }
  let maxControlA = 0;
  for (const a of colControlA) if (a > maxControlA) maxControlA = a;
  const i1A = steps[0]?.currentA ?? 0;
  return {
    accidentMin,
    cycleMin,
    steps,
    i0A,
    i1A,
    iRandomA: iRA,
    maxA,
    maxControlA,
    loads,
    statistics: { nominalVoltageV: un, dischargeDurationMin: accidentMin, dutyCycleMin: cycleMin, columns, rows, totals: { i0A, periodsA: colA, randomA: iRA } },
    confidence: tags,
  };
}

/** A load's run over the statistics columns: column indexes `from` … `to`, inclusive. */
interface Run {
  from: number;
  to: number;
}

/** The first index in 0 … n − 1 where the monotone test `ok` (false … false, true … true) holds; n when none. */
function firstWhere(n: number, ok: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The columns a load runs through wholly, as merged ranges in column order: period q covers column c when
 * q.start ≤ c.start + EPS and q.end ≥ c.end − EPS (the same comparisons as ever). Columns are sorted with
 * rising starts and ends, so each period covers one contiguous range, found by binary search.
 */
function runsOf(l: ResolvedLoad, colStarts: readonly number[], colEnds: readonly number[]): Run[] {
  const out: Run[] = [];
  const n = colStarts.length;
  for (const q of l.periods) {
    const from = firstWhere(n, (ci) => q.startMin <= (colStarts[ci] as number) + EPS);
    const to = firstWhere(n, (ci) => !(q.endMin >= (colEnds[ci] as number) - EPS)) - 1;
    if (from <= to) out.push({ from, to });
  }
  if (out.length < 2) return out;
  out.sort((a, b) => a.from - b.from);
  const merged: Run[] = [{ ...(out[0] as Run) }];
  for (let i = 1; i < out.length; i++) {
    const r = out[i] as Run;
    const m = merged[merged.length - 1] as Run;
    if (r.from <= m.to + 1) m.to = Math.max(m.to, r.to);
    else merged.push({ ...r });
  }
  return merged;
}

/**
 * One row of the statistics table. Its per-column currents are not stored: `periodsA` is computed from the
 * load's runs when read (an enumerable own property, so the row serializes, compares and clones as before).
 */
/** What a row's `periodsA` is derived from, kept on the row under a symbol (not enumerable: JSON, toEqual and clones do not see it). */
const ROW_RUNS = Symbol('loadStatisticsRuns');
interface RowRuns {
  nCol: number;
  runs: readonly Run[];
  a: number;
}

/**
 * The one getter of every row's `periodsA`. A getter made per row (a closure, in a literal or through
 * Object.defineProperty) gives each row its own hidden class, descriptor array and accessor pair in V8's
 * old space: with it a batch sizing spent most of its time collecting garbage (issue #16). One shared
 * getter lets all rows share their hidden classes.
 */
function periodsAOfRow(this: { [ROW_RUNS]: RowRuns }): (number | null)[] {
  const { nCol, runs, a } = this[ROW_RUNS];
  const cells = new Array<number | null>(nCol).fill(null);
  for (const r of runs) for (let ci = r.from; ci <= r.to; ci++) cells[ci] = a;
  return cells;
}
const PERIODS_A: PropertyDescriptor = { enumerable: true, get: periodsAOfRow };

/**
 * One row of the statistics table. Its per-column currents are not stored: `periodsA` is computed from the
 * load's runs when read (an enumerable own property, so the row serializes, compares and clones as before).
 */
function statisticsRow(n: number, l: ResolvedLoad, nCol: number, runs: readonly Run[]): LoadStatisticsRow {
  const a = l.currentA;
  // Two literals rather than a spread for the optional key; the keys stay in the same order.
  const row = (
    l.capacity.unit === 'A'
      ? { no: n + 1, name: l.name, capacity: l.capacity, currentBasis: l.loadFactorFrom === 'calculatedCurrent' ? 'calculated' : 'rated', loadFactor: l.loadFactor, currentA: a, continuousA: l.continuous ? a : null }
      : { no: n + 1, name: l.name, capacity: l.capacity, loadFactor: l.loadFactor, currentA: a, continuousA: l.continuous ? a : null }
  ) as Omit<LoadStatisticsRow, 'periodsA' | 'randomA'> & { randomA?: number | null };
  const hidden: RowRuns = { nCol, runs, a };
  Object.defineProperty(row, ROW_RUNS, { value: hidden });
  Object.defineProperty(row, 'periodsA', PERIODS_A);
  row.randomA = l.random ? a : null;
  return row as LoadStatisticsRow;
}

/** Names of the default accident-duration cases, as a reader reads them. */
const DURATION_KEYS: Record<string, LocalText> = {
  'substation.attended': { zh: '有人值班变电站', en: 'attended substation' },
  'substation.unattended': { zh: '无人值班变电站', en: 'unattended substation' },
  'powerPlant.gridConnected': { zh: '与电网连接的发电厂', en: 'grid-connected power plant' },
  'powerPlant.isolated': { zh: '孤立发电厂', en: 'isolated power plant' },
};

/** The trace entry of one load's calculated current (built only with the trace on). */
function loadEntry(l: LoadInput, index: number, un: number, k: number, clsName: LocalText, currentA: number, kTags: Confidence[], random: boolean, continuous: boolean, periods: ResolvedLoad['periods'], traceId: string): EntrySpec {
  let formula: TraceText;
  let substituted: string;
  if (l.powerKW !== undefined) {
    formula = 'I = P·1000·K / Un';
    substituted = `I = ${fmt(l.powerKW)} × 1000 × ${fmt(k)} / ${un} = ${fmt(currentA, 2)} A`;
  } else if (l.apparentPowerKVA !== undefined) {
    formula = 'I = S·1000·cosφ·K / (η·Un)';
    substituted = `I = ${fmt(l.apparentPowerKVA)} × 1000 × ${fmt(l.powerFactor as number)} × ${fmt(k)} / (${fmt(l.efficiency as number)} × ${un}) = ${fmt(currentA, 2)} A`;
  } else if (l.currentBasis === 'calculated') {
    formula = { zh: 'I = Ic（按输入的计算电流，K = 1）', en: 'I = Ic (calculated current as entered, K = 1)' };
    substituted = `I = ${fmt(l.currentA as number)} A`;
  } else {
    formula = 'I = Ie·K';
    substituted = `I = ${fmt(l.currentA as number)} × ${fmt(k)} = ${fmt(currentA, 2)} A`;
  }
  return {
    id: traceId,
    quantity: { zh: `计算电流：${l.name}`, en: `Calculated current: ${l.name}` },
    symbol: `I(${index + 1})`,
    value: currentA,
    unit: 'A',
    formula,
    substituted,
    inputs: [
      { symbol: 'Un', value: un, unit: 'V' },
      { symbol: 'K', value: k, unit: '', label: l.currentA !== undefined && l.currentBasis === 'calculated' ? { zh: '计算电流，K = 1', en: 'calculated current, K = 1' } : l.loadFactor !== undefined ? { zh: '项目输入', en: 'entered' } : { zh: `默认（${clsName.zh}）`, en: `default (${clsName.en})` } },
    ],
    clause: 'DL/T 5044-2014 §4.2 (load statistics)',
    confidence: kTags,
    note: {
      zh: random ? '随机负荷（5 s）' : `${continuous ? '经常负荷；' : ''}时段 ${periods.map((q) => `${fmt(q.startMin)}–${fmt(q.endMin)} min`).join('、')}`,
      en: random ? 'random load (5 s)' : `${continuous ? 'continuous; ' : ''}periods ${periods.map((q) => `${fmt(q.startMin)}–${fmt(q.endMin)} min`).join(', ')}`,
    },
  };
}

export type { Requirements };
