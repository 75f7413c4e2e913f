import { technicalGroupsOf, type Catalog, type CatalogItem } from '../catalog/schema.ts';
import type { LocalText } from '../text.ts';
import type { Requirement } from './requirement.ts';
import { compareConverted, conversionRatio, convertForDisplay, D, type ConversionContext, type Dec, type Ratio } from './units.ts';
import { lookupParameter, type Vocabulary, type VocabularyEntry } from './vocabulary.ts';

/**
 * The response engine (issue #15): each tender requirement against the configured equipment. 无偏离
 * (meets it), 正偏离 (better), 负偏离 (worse; an "equals" requirement not met is 负偏离), 需人工确认 (the
 * name is unknown, the cell unreadable, the value unknowable from the configuration, or the answer would
 * rest on sample data). A wrong 无偏离 is a contractual risk, so everything uncertain is 需人工确认.
 */
export type DeviationStatus = 'none' | 'positive' | 'negative' | 'manual';

export const STATUS_TEXT: Record<DeviationStatus, LocalText> = {
  none: { zh: '无偏离', en: 'No deviation' },
  positive: { zh: '正偏离', en: 'Positive deviation' },
  negative: { zh: '负偏离', en: 'Negative deviation' },
  manual: { zh: '需人工确认', en: 'To be confirmed' },
};

export interface TenderAnswer {
  requirement: Requirement;
  status: DeviationStatus;
  /** What the answer would be on the sample value (status is then 'manual'). */
  tentative?: Exclude<DeviationStatus, 'manual'>;
  /** Our value as printed ('' when none). */
  ourValue: LocalText;
  note: LocalText;
  /** Catalog codes the answer rests on. */
  items: string[];
  vocabularyId?: string;
  /** ★ item with a negative deviation: the bid is disqualified on it. */
  disqualifying: boolean;
}

/** One configured catalog item and the context its values convert in. */
export interface ConfiguredItem {
  item: CatalogItem;
  context: ConversionContext;
}

type Value = { kind: 'number'; v: Dec } | { kind: 'range'; min: Dec; max: Dec } | { kind: 'text'; values: string[] };

function toValue(raw: unknown): Value | undefined {
  if (typeof raw === 'number') return { kind: 'number', v: new D(String(raw)) };
  if (typeof raw === 'string') return { kind: 'text', values: [raw] };
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return { kind: 'text', values: raw as string[] };
  if (raw && typeof raw === 'object' && 'min' in raw && 'max' in raw) {
    const r = raw as { min: number; max: number };
    return { kind: 'range', min: new D(String(r.min)), max: new D(String(r.max)) };
  }
  return undefined;
}

/** The item's value of a technical parameter and whether it rests on sample data. */
function technicalValue(item: CatalogItem, param: string): { value: Value; source: string; sample: boolean } | undefined {
  for (const g of technicalGroupsOf(item)) {
    const raw = g.values[param];
    const value = raw === undefined ? undefined : toValue(raw);
    if (value) return { value, source: g.source, sample: g.sample };
  }
  // A plain item field (e.g. a breaker's breakingCapacityKA) has no source of its own: never a firm answer.
  const raw = (item as Record<string, unknown>)[param];
  const value = raw === undefined ? undefined : toValue(raw);
  return value && { value, source: 'catalog item field (no datasheet source)', sample: true };
}

const fmt = (d: Dec) => d.toSignificantDigits(8).toFixed();
const unitText = (u: string, lang: 'zh' | 'en') => (u === 'V/cell' ? (lang === 'zh' ? 'V/单体' : 'V/cell') : u === 'year' ? (lang === 'zh' ? '年' : 'years') : u);
function valueText(v: Value, unit: string, pm: boolean, lang: 'zh' | 'en'): string {
  const u = unitText(unit, lang);
  const sp = u && !u.startsWith('%') ? ' ' : '';
  if (v.kind === 'number') return `${pm ? '±' : ''}${fmt(v.v)}${sp}${u}`;
  if (v.kind === 'range') return `${fmt(v.min)}～${fmt(v.max)}${sp}${u}`;
  return v.values.join(lang === 'zh' ? '、' : ', ');
}

type Judged = { status: Exclude<DeviationStatus, 'manual'>; note: LocalText } | { status: 'manual'; note: LocalText };

const better = (rank: number): Exclude<DeviationStatus, 'manual'> => (rank > 0 ? 'positive' : rank === 0 ? 'none' : 'negative');

/** Compares one requirement with one value (in the catalog's unit) through the conversion ratio. */
function judge(req: Requirement, ours: Value, r: Ratio): Judged {
  const p = req.parsed;
  const cmp = (x: Dec, y: Dec) => compareConverted(x, y, r);
  if (p.kind === 'text') {
    if (ours.kind !== 'text') return { status: 'manual', note: { zh: '要求为代号，所配设备的参数为数值，无法比较', en: 'the requirement is a code and our value a number; they cannot be compared' } };
    const want = p.value.toLowerCase();
    const hit = ours.values.some((v) => v.normalize('NFKC').replace(/\s/g, '').toLowerCase() === want);
    return hit ? { status: 'none', note: { zh: '一致', en: 'matches' } } : { status: 'negative', note: { zh: '与要求不一致', en: 'differs from the requirement' } };
  }
  if (ours.kind === 'text') return { status: 'manual', note: { zh: '所配设备的该参数为文字，需人工比较', en: 'our value is text; compare by hand' } };
  if (p.kind === 'range') {
    const a = new D(p.min);
    const b = new D(p.max);
    if (ours.kind === 'number') {
      const inside = cmp(a, ours.v) <= 0 && cmp(b, ours.v) >= 0;
      return inside ? { status: 'none', note: { zh: '在要求范围内', en: 'within the required range' } } : { status: 'negative', note: { zh: '不在要求范围内', en: 'outside the required range' } };
    }
    const lowOk = cmp(a, ours.min) >= 0; // our minimum at or below the required minimum
    const highOk = cmp(b, ours.max) <= 0;
    if (!lowOk || !highOk) {
      const ends = [!lowOk ? { zh: '下限', en: 'lower end' } : null, !highOk ? { zh: '上限', en: 'upper end' } : null].filter((x): x is LocalText => x !== null);
      return { status: 'negative', note: { zh: `调节范围未覆盖要求的${ends.map((e) => e.zh).join('和')}`, en: `our range does not reach the required ${ends.map((e) => e.en).join(' and ')}` } };
    }
    const wider = cmp(a, ours.min) > 0 || cmp(b, ours.max) < 0;
    return wider ? { status: 'positive', note: { zh: '调节范围宽于要求', en: 'our range is wider than required' } } : { status: 'none', note: { zh: '与要求范围相同', en: 'the same range as required' } };
  }
  if (p.kind !== 'bound') return { status: 'manual', note: p.reason };
  const x = new D(p.value);
  // A range against a bound: its worst end decides.
  const y = ours.kind === 'number' ? ours.v : p.op === '<=' || p.op === '<' ? ours.max : ours.min;
  const abs = (d: Dec) => (p.plusMinus ? d.abs() : d);
  const c = compareConverted(abs(x), abs(y), r); // sign of requirement − ours
  if (p.op === '=') {
    if (ours.kind === 'range') {
      const inside = cmp(x, ours.min) >= 0 && cmp(x, ours.max) <= 0;
      return inside ? { status: 'none', note: { zh: '要求值在调节范围内', en: 'the required value lies within our range' } } : { status: 'negative', note: { zh: '要求值不在调节范围内', en: 'the required value lies outside our range' } };
    }
    return c === 0 ? { status: 'none', note: { zh: '与要求值相同', en: 'equals the required value' } } : { status: 'negative', note: { zh: `与要求值不同（${c < 0 ? '高于' : '低于'}要求）；如认为可接受，须人工论证`, en: `differs from the required value (${c < 0 ? 'above' : 'below'} it); argue it up by hand if acceptable` } };
  }
  const upper = p.op === '<=' || p.op === '<';
  const rank = upper ? c : -c; // > 0 ours better than the bound, 0 equal, < 0 worse
  if (p.op === '<' || p.op === '>') {
    return rank > 0 ? { status: 'none', note: { zh: '满足要求', en: 'meets the requirement' } } : { status: 'negative', note: { zh: '未满足要求', en: 'does not meet the requirement' } };
  }
  const status = better(rank);
  const note = status === 'positive' ? { zh: '优于要求', en: 'better than required' } : status === 'none' ? { zh: '等于要求值', en: 'equals the required value' } : { zh: '未满足要求', en: 'does not meet the requirement' };
  return { status, note };
}

const WORST: Record<Exclude<DeviationStatus, 'manual'>, number> = { negative: 0, none: 1, positive: 2 };

function manual(req: Requirement, note: LocalText, extra: Partial<TenderAnswer> = {}): TenderAnswer {
  return { requirement: req, status: 'manual', ourValue: { zh: '', en: '' }, note, items: [], disqualifying: false, ...extra };
}

/** Answers one requirement against the configured items. */
export function answerRequirement(req: Requirement, vocabulary: Vocabulary, configured: readonly ConfiguredItem[]): TenderAnswer {
  const entry = lookupParameter(vocabulary, req.name);
  if (!entry) return manual(req, { zh: `参数名称“${req.name}”不在参数词汇表中，无法与设备参数对应`, en: `the parameter "${req.name}" is not in the parameter vocabulary, so it cannot be matched to an equipment parameter` });
  const base = { vocabularyId: entry.id };
  if (entry.manual) return manual(req, entry.manual, base);
  if (req.parsed.kind === 'unparsed') return manual(req, req.parsed.reason, base);
  const only = Object.entries(entry.only ?? {});
  return answerFromItems(req, entry, configured.filter((c) => c.item.family === entry.family && only.every(([k, v]) => (c.item as Record<string, unknown>)[k] === v)));
}

function answerFromItems(req: Requirement, entry: VocabularyEntry, items: readonly ConfiguredItem[]): TenderAnswer {
  const base = { vocabularyId: entry.id };
  const param = entry.param as string;
  const catalogUnit = entry.unit as string;
  if (items.length === 0) return manual(req, { zh: `配置中没有${entry.label.zh}所属的设备`, en: `the configuration has no equipment that ${entry.label.en} applies to` }, base);
  const p = req.parsed;
  const reqUnit = p.kind === 'bound' || p.kind === 'range' ? p.unit : catalogUnit;
  const results: Array<{ code: string; judged: Judged; text: LocalText; sample: boolean; source: string }> = [];
  for (const { item, context } of items) {
    const found = technicalValue(item, param);
    if (!found) {
      results.push({ code: item.code, judged: { status: 'manual', note: { zh: `目录中没有 ${item.code} 的${entry.label.zh}数据`, en: `the catalog has no ${entry.label.en} for ${item.code}` } }, text: { zh: '', en: '' }, sample: false, source: '' });
      continue;
    }
    const via = entry.convert.find((c) => c.from === reqUnit)?.via;
    const ratio = conversionRatio(catalogUnit, reqUnit, via, context);
    const pm = p.kind === 'bound' && p.plusMinus;
    const text = { zh: valueText(found.value, catalogUnit, pm, 'zh'), en: valueText(found.value, catalogUnit, pm, 'en') };
    if ('reason' in ratio) {
      results.push({ code: item.code, judged: { status: 'manual', note: ratio.reason }, text, sample: found.sample, source: found.source });
      continue;
    }
    if (catalogUnit !== reqUnit && found.value.kind !== 'text') {
      const shown: Value = found.value.kind === 'number' ? { kind: 'number', v: convertForDisplay(found.value.v, ratio) } : { kind: 'range', min: convertForDisplay(found.value.min, ratio), max: convertForDisplay(found.value.max, ratio) };
      text.zh += `（= ${valueText(shown, reqUnit, pm, 'zh')}）`;
      text.en += ` (= ${valueText(shown, reqUnit, pm, 'en')})`;
    }
    results.push({ code: item.code, judged: judge(req, found.value, ratio), text, sample: found.sample, source: found.source });
  }
  const codes = [...new Set(results.map((r) => r.code))];
  const ourValue = { zh: results.length > 1 ? results.map((r) => `${r.code}: ${r.text.zh}`).join('；') : (results[0]?.text.zh ?? ''), en: results.length > 1 ? results.map((r) => `${r.code}: ${r.text.en}`).join('; ') : (results[0]?.text.en ?? '') };
  const manualOne = results.find((r) => r.judged.status === 'manual');
  if (manualOne) return { requirement: req, status: 'manual', ourValue, note: manualOne.judged.note, items: codes, disqualifying: false, ...base };
  const worst = results.reduce((a, b) => (WORST[b.judged.status as keyof typeof WORST] < WORST[a.judged.status as keyof typeof WORST] ? b : a));
  const status = worst.judged.status as Exclude<DeviationStatus, 'manual'>;
  if (results.some((r) => r.sample)) {
    const tentative = STATUS_TEXT[status];
    return {
      requirement: req, status: 'manual', tentative: status, ourValue, items: codes, disqualifying: false, ...base,
      note: {
        zh: `依据样本数据（非厂家技术资料），须按厂家资料确认；按样本值为${tentative.zh}：${worst.judged.note.zh}`,
        en: `rests on sample data, not a maker's datasheet: confirm from the datasheet. On the sample value: ${tentative.en}, ${worst.judged.note.en}`,
      },
    };
  }
  const disqualifying = req.starred && status === 'negative';
  const note = disqualifying
    ? { zh: `★ 实质性条款负偏离，投标将被否决：${worst.judged.note.zh}`, en: `★ substantive item with a negative deviation: the bid is disqualified on it. ${worst.judged.note.en}` }
    : worst.judged.note;
  return { requirement: req, status, ourValue, note, items: codes, disqualifying, ...base };
}

/** The configured catalog items (from the evaluated BOM) with the context their values convert in. */
export function configuredItems(codes: readonly string[], catalog: Catalog, cellCount: number | undefined): ConfiguredItem[] {
  const seen = new Set<string>();
  const out: ConfiguredItem[] = [];
  for (const code of codes) {
    if (seen.has(code)) continue;
    seen.add(code);
    const item = catalog.byCode.get(code);
    if (!item) continue;
    const rated = 'ratedCurrentA' in item && typeof item.ratedCurrentA === 'number' ? String(item.ratedCurrentA) : undefined;
    out.push({ item, context: { ...(rated ? { ratedCurrentA: rated } : {}), ...(cellCount ? { cellCount } : {}) } });
  }
  return out;
}

export function answerAll(requirements: readonly Requirement[], vocabulary: Vocabulary, configured: readonly ConfiguredItem[]): TenderAnswer[] {
  return requirements.map((r) => answerRequirement(r, vocabulary, configured));
}
