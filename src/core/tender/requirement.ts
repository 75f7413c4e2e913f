import type { LocalText } from '../text.ts';

/**
 * One line of a tender's technical requirements (技术参数表): the tender's row number, the parameter's
 * name as the tender writes it, and the requirement cell parsed into operator, value(s) and unit. A cell
 * that cannot be parsed is kept as text with the reason: it is answered 需人工确认, never dropped.
 * Numbers stay decimal strings ("0.90", "0.5"): comparisons use decimal.js, never a float.
 */
export type RequirementOp = '<=' | '<' | '>=' | '>' | '=';

export type ParsedRequirement =
  /** "≤±0.5%", "≥0.90", "<45dB", "10A": one bound (or an exact value). `plusMinus` when the value was written ±x. */
  | { kind: 'bound'; op: RequirementOp; value: string; unit: string; plusMinus: boolean }
  /** "180～290V", "210-250V", "180至290V": the range the equipment must cover. */
  | { kind: 'range'; min: string; max: string; unit: string }
  /** "RAL7035", "IP30": a value the equipment must equal. */
  | { kind: 'text'; value: string }
  /** Anything else: kept and answered 需人工确认 with the reason. */
  | { kind: 'unparsed'; reason: LocalText };

export interface Requirement {
  /** The tender's own row number as written ("1", "1.3", "2-1"); '' when the row had none. */
  no: string;
  /** The parameter's name as the tender writes it. */
  name: string;
  /** The requirement cell as written (the tables print it unchanged). */
  text: string;
  /** ★: a substantive item; a negative deviation on it disqualifies the bid. */
  starred: boolean;
  parsed: ParsedRequirement;
  /** 1-based row of the source file, when imported. */
  sourceRow?: number;
}

const NUM = String.raw`\d+(?:\.\d+)?`;
const OPS: Array<[RegExp, RequirementOp]> = [
  [/^(?:≤|<=|=<|不大于|不高于|不超过|小于等于|小于或等于|最大|max\.?)/i, '<='],
  [/^(?:≥|>=|=>|不小于|不低于|不少于|大于等于|大于或等于|最小|min\.?)/i, '>='],
  [/^(?:<|小于|低于)/, '<'],
  [/^(?:>|大于|高于)/, '>'],
  [/^(?:=|为|等于)/, '='],
];

/** Full-width forms to ASCII (NFKC), the usual look-alikes unified, spaces removed. */
export function normalizeCell(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff\u3000\s]/g, '')
    .replace(/[～〜~]/g, '~')
    .replace(/[–—－−]/g, '-')
    .replace(/[，]/g, ',')
    .replace(/＋/g, '+')
    .replace(/(?:\+\/?-|\+-)/g, '±')
    .replace(/％/g, '%')
    .replace(/℃/g, '°C');
}

/** A unit as written → the canonical spelling the vocabulary uses ('' when none). */
export function normalizeUnit(unit: string): string {
  const u = unit.trim();
  const map: Record<string, string> = {
    '': '', '%': '%', v: 'V', 伏: 'V', a: 'A', 安: 'A', db: 'dB', 'db(a)': 'dB', dba: 'dB', 分贝: 'dB', h: 'h', 小时: 'h', 年: 'year', a年: 'year', ka: 'kA', ma: 'mA',
    p: 'P', 极: 'P',
    'v/单体': 'V/cell', 'v/cell': 'V/cell', 'v/只': 'V/cell', 'v/节': 'V/cell', 'v/单格': 'V/cell', kw: 'kW', kva: 'kVA', hz: 'Hz', ms: 'ms', s: 's', 'kω': 'kΩ', kohm: 'kΩ', 'ω': 'Ω',
  };
  return map[u.toLowerCase()] ?? u;
}

const UNIT = String.raw`(%|[a-zA-Z]+(?:\([a-zA-Z]+\))?(?:/[\u4e00-\u9fa5a-zA-Z]+)?|伏|安|极|分贝|小时|年|kΩ|Ω|°C)?`;
const RANGE = new RegExp(`^(${NUM})${UNIT}(?:~|-|至|到)(${NUM})${UNIT}$`);
const BOUND = new RegExp(`^(±)?(${NUM})${UNIT}(以下|以上|及以下|及以上)?$`);

/** Parses one requirement cell. Never throws; what it cannot read comes back `unparsed` with the reason. */
export function parseRequirementCell(raw: string): ParsedRequirement {
  const s = normalizeCell(raw);
  if (s === '') return { kind: 'unparsed', reason: { zh: '要求为空', en: 'the requirement is empty' } };
  const range = RANGE.exec(s);
  if (range) {
    const [, min, u1 = '', max, u2 = ''] = range as unknown as [string, string, string | undefined, string, string | undefined];
    const unit1 = normalizeUnit(u1);
    const unit2 = normalizeUnit(u2);
    if (unit1 && unit2 && unit1 !== unit2) return { kind: 'unparsed', reason: { zh: `范围两端单位不同（${u1}、${u2}）`, en: `the two ends of the range have different units (${u1}, ${u2})` } };
    if (Number(min) > Number(max)) return { kind: 'unparsed', reason: { zh: `范围下限 ${min} 大于上限 ${max}`, en: `the range's lower end ${min} is above its upper end ${max}` } };
    return { kind: 'range', min, max, unit: unit2 || unit1 };
  }
  let rest = s;
  let op: RequirementOp | undefined;
  for (const [re, o] of OPS) {
    const m = re.exec(rest);
    if (m) {
      op = o;
      rest = rest.slice(m[0].length);
      break;
    }
  }
  const bound = BOUND.exec(rest);
  if (bound) {
    const [, pm, value, u = '', suffix] = bound as unknown as [string, string | undefined, string, string | undefined, string | undefined];
    let o: RequirementOp = op ?? '=';
    if (suffix) {
      const suffixOp: RequirementOp = suffix.endsWith('以下') ? '<=' : '>=';
      if (op && op !== suffixOp) return { kind: 'unparsed', reason: { zh: `比较符“${raw}”前后矛盾`, en: `the comparison in "${raw}" contradicts itself` } };
      o = suffixOp;
    }
    const unit = normalizeUnit(u);
    return { kind: 'bound', op: o, value, unit, plusMinus: pm === '±' };
  }
  // A breaker trip curve as tenders write it ("C", "C型", "C型脱扣曲线", "C曲线"): the letter must be among the breaker's curves.
  const curve = op ? null : /^([BCDKZ])(?:型|类)?(?:脱扣)?(?:曲线|特性)?$/i.exec(s);
  if (curve) return { kind: 'text', value: (curve[1] as string).toUpperCase() };
  // A code-like value (RAL7035, IP30, IEC 61850) with no operator: the equipment must equal it.
  if (!op && /^[A-Za-z][A-Za-z0-9.\-/]*\d[A-Za-z0-9.\-/]*$/.test(s)) return { kind: 'text', value: s };
  return { kind: 'unparsed', reason: { zh: `无法识别的要求“${raw.trim()}”：应为 ≤/≥/</> 数值 单位、范围（如 180～290V）或代号（如 RAL7035）`, en: `cannot read the requirement "${raw.trim()}": expected ≤/≥/</> value unit, a range (e.g. 180~290V) or a code (e.g. RAL7035)` } };
}

/** A requirement from its parts; a ★ at the start of the name or the cell marks it substantive. */
export function makeRequirement(input: { no: string; name: string; text: string; starred?: boolean; sourceRow?: number }): Requirement {
  const starName = /^[★☆*＊]/.test(input.name.trim());
  const starText = /^[★☆＊]/.test(input.text.trim());
  const name = input.name.trim().replace(/^[★☆*＊]\s*/, '');
  const text = input.text.trim().replace(/^[★☆＊]\s*/, '');
  return {
    no: input.no.trim(),
    name,
    text,
    starred: Boolean(input.starred) || starName || starText,
    parsed: parseRequirementCell(text),
    ...(input.sourceRow !== undefined ? { sourceRow: input.sourceRow } : {}),
  };
}
