/**
 * Rows pasted from Excel (tab-separated) → loads. Two layouts are understood:
 *  1. the designers' 直流负荷统计表 (序号 · 负荷名称 · 装置容量 · 负荷系数 · 计算电流 · 经常负荷电流 ·
 *     初期 1 min · 持续 0.5 h / 1 h / 2 h / 4 h · 随机 5 s), with one or more header rows (merged
 *     header cells come over as blanks): a load runs in the columns where it has a current;
 *  2. a headerless simple list: name · kW · K.
 * Nothing is guessed silently: columns not understood are reported and ignored, summary rows
 * (I0…/合计/容量计算) are reported and skipped, and a kind inferred from a load's name is reported per row.
 */
import type { LoadInput } from '../../core/project/schema.ts';
import type { LoadKind } from '../../core/rules/schema.ts';
import type { LocalText } from '../../core/text.ts';
import { numberInputReason, parseNumber } from './load-model.ts';

export type ColumnRole =
  | { role: 'no' }
  | { role: 'name' }
  | { role: 'kind' }
  | { role: 'capacity'; unit: 'kW' | 'A' | 'kVA' | null }
  | { role: 'loadFactor' }
  | { role: 'computedCurrent' }
  | { role: 'continuous' }
  | { role: 'period'; startMin: number; endMin: number }
  | { role: 'random' }
  | { role: 'unknown' };

export interface PastedColumn {
  index: number;
  header: string;
  kind: ColumnRole;
}

export interface PastedRow {
  line: number;
  load: LoadInput;
  notes: LocalText[];
}

export interface PasteResult {
  layout: 'statistics' | 'simple' | 'none';
  columns: PastedColumn[];
  rows: PastedRow[];
  /** Lines not turned into loads, with the reason. */
  skipped: { line: number; reason: LocalText }[];
  /** Problems that stop the paste as a whole (no name column, nothing recognised…). */
  errors: LocalText[];
}

function cellsOf(line: string): string[] {
  return line.split('\t').map((c) => c.replace(/^"|"$/g, '').trim());
}

function timeOf(text: string): number | null {
  const m = /(\d+(?:\.\d+)?)\s*(h|小时|min|分钟|分|s|秒)/i.exec(text);
  if (!m) return null;
  const v = Number(m[1]);
  const u = (m[2] ?? '').toLowerCase();
  if (u === 'h' || u === '小时') return v * 60;
  if (u === 's' || u === '秒') return v / 60;
  return v;
}

/** Classifies one (combined) header text. Period columns get their start from the column before. */
function classify(header: string): ColumnRole | { role: 'time'; endMin: number } {
  const h = header.replace(/\s+/g, ' ').trim();
  const lower = h.toLowerCase();
  if (h === '') return { role: 'unknown' };
  if (/^(序号|编号|no\.?|#|n°)$/i.test(h)) return { role: 'no' };
  if (/负荷系数|系数|^k$|load ?factor/i.test(h)) return { role: 'loadFactor' };
  if (/随机|random/i.test(h)) return { role: 'random' };
  if (/经常|continuous|\bi0\b|ijc/i.test(h)) return { role: 'continuous' };
  if (/计算电流|calculated|^current/i.test(h)) return { role: 'computedCurrent' };
  if (/初期|initial/i.test(h)) return { role: 'period', startMin: 0, endMin: 1 };
  if (/类别|类型|kind|class/i.test(h)) return { role: 'kind' };
  if (/名称|name|^load$|^负荷$/i.test(h)) return { role: 'name' };
  if (/装置容量|容量|capacity|功率|power|^kw$|^kva$|^a$|\(kw\)|\(kva\)|（kw）|（kva）/i.test(h)) {
    const unit = /kva/i.test(lower) && /kw(?!a)/i.test(lower) ? null : /kva/i.test(lower) ? 'kVA' : /kw/i.test(lower) ? 'kW' : /[(（]a[)）]|^a$/i.test(lower) ? 'A' : null;
    return { role: 'capacity', unit };
  }
  const t = timeOf(h);
  if (t !== null && /持续|sustain|to |h\b|min|小时|分/i.test(h)) return { role: 'time', endMin: t };
  return { role: 'unknown' };
}

const KIND_WORDS: [RegExp, LoadKind][] = [
  [/跳闸|trip/i, 'breakerTrip'],
  [/自投|auto.?transfer/i, 'autoTransferClosing'],
  [/合闸|closing/i, 'restoringClosing'],
  [/不间断|ups/i, 'ups'],
  [/逆变|inverter/i, 'inverter'],
  [/照明|lighting/i, 'emergencyLighting'],
  [/dc\/dc|dcdc|通信|communication|telecom/i, 'dcdc'],
  [/热工|thermal/i, 'thermalControl'],
  [/电动机|油泵|motor|pump/i, 'dcMotor'],
  [/控制|保护|测控|继电|control|protection|relay/i, 'controlProtection'],
];

/** The load kind a name suggests, or null. */
export function kindFromName(name: string): LoadKind | null {
  for (const [re, kind] of KIND_WORDS) if (re.test(name)) return kind;
  return null;
}

function kindFromCell(text: string, classNames: ReadonlyMap<string, LoadKind>): LoadKind | null {
  const t = text.trim().toLowerCase();
  return classNames.get(t) ?? null;
}

/** "4.5", "4.5 kW", "5kVA", "10 A" → value and unit from the cell. */
function capacityOf(text: string): { value: number; unit: 'kW' | 'A' | 'kVA' | null } | { reason: LocalText } | null {
  const m = /^\s*([-+]?[\d０-９][\d.,，．０-９\s\u00A0\u3000]*?)\s*(kva|kw|a)?\s*$/i.exec(text);
  if (!m) return null;
  const why = numberInputReason(m[1] ?? '');
  if (why) return { reason: why };
  const v = parseNumber(m[1] ?? '');
  if (v === null || Number.isNaN(v)) return null;
  const u = (m[2] ?? '').toLowerCase();
  return { value: v, unit: u === 'kva' ? 'kVA' : u === 'kw' ? 'kW' : u === 'a' ? 'A' : null };
}

const SUMMARY_ROW = /合计|总计|统计|容量计算|叠加|容量取值|total|sum|capacity|^i\d+\b|^ir\b|^i0/i;

/**
 * @param classNames lower-cased kind names (zh, en and ids) → kind, for a kind column.
 */
export function parsePastedLoads(text: string, classNames: ReadonlyMap<string, LoadKind>): PasteResult {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const table = lines.map((l, i) => ({ line: i + 1, cells: cellsOf(l) })).filter((r) => r.cells.some((c) => c !== ''));
  const result: PasteResult = { layout: 'none', columns: [], rows: [], skipped: [], errors: [] };
  if (table.length === 0) {
    result.errors.push({ zh: '没有可粘贴的内容', en: 'Nothing to paste' });
    return result;
  }
  const width = Math.max(...table.map((r) => r.cells.length));
  const isHeaderRow = (cells: string[]) => {
    const roles = cells.map((c) => classify(c).role);
    const known = roles.filter((r) => r !== 'unknown').length;
    const numbers = cells.filter((c) => c !== '' && capacityOf(c) !== null && !/h|min|s/i.test(c)).length;
    return known >= 1 && numbers === 0;
  };
  let headerCount = 0;
  while (headerCount < table.length && headerCount < 4 && isHeaderRow((table[headerCount] as { cells: string[] }).cells)) headerCount++;

  let roles: ColumnRole[];
  if (headerCount > 0) {
    result.layout = 'statistics';
    const headers = Array.from({ length: width }, (_, c) =>
      table
        .slice(0, headerCount)
        .map((r) => r.cells[c] ?? '')
        .filter(Boolean)
        .join(' '),
    );
    // Classify each column on its own header; a group header such as 事故放电时间及放电电流 or 持续
    // above several columns comes over on the first of them only, so the last part decides.
    const raw = headers.map((h, c) => {
      const parts = table.slice(0, headerCount).map((r) => r.cells[c] ?? '').filter(Boolean);
      const last = parts[parts.length - 1] ?? '';
      const byLast = classify(last);
      return byLast.role !== 'unknown' ? byLast : classify(h);
    });
    let prevEnd = 0;
    roles = raw.map((r) => {
      if (r.role === 'time') {
        const role: ColumnRole = { role: 'period', startMin: prevEnd, endMin: r.endMin };
        prevEnd = r.endMin;
        return role;
      }
      if (r.role === 'period') prevEnd = r.endMin;
      return r;
    });
    result.columns = headers.map((header, index) => ({ index, header, kind: roles[index] as ColumnRole }));
  } else {
    result.layout = 'simple';
    roles = Array.from({ length: width }, (_, c): ColumnRole => (c === 0 ? { role: 'name' } : c === 1 ? { role: 'capacity', unit: null } : c === 2 ? { role: 'loadFactor' } : { role: 'unknown' }));
    const simpleHeaders = [{ zh: '负荷名称', en: 'Load name' }, { zh: '容量 kW', en: 'Capacity kW' }, { zh: '负荷系数 K', en: 'Load factor K' }];
    result.columns = roles.map((kind, index) => ({ index, header: simpleHeaders[index]?.zh ?? `#${index + 1}`, kind }));
  }

  const nameCol = roles.findIndex((r) => r.role === 'name');
  const capCol = roles.findIndex((r) => r.role === 'capacity');
  if (nameCol < 0) result.errors.push({ zh: '未找到“负荷名称”列', en: 'No "load name" column found' });
  if (capCol < 0) result.errors.push({ zh: '未找到“装置容量”列', en: 'No "capacity" column found' });
  if (result.errors.length) return result;
  const capUnit = (roles[capCol] as { unit: 'kW' | 'A' | 'kVA' | null }).unit;

  for (const r of table.slice(headerCount)) {
    const cell = (c: number) => r.cells[c] ?? '';
    const name = cell(nameCol);
    const first = r.cells.find((c) => c !== '') ?? '';
    if (SUMMARY_ROW.test(name) || (name === '' && SUMMARY_ROW.test(first))) {
      result.skipped.push({ line: r.line, reason: { zh: `汇总行（${name || first}），已跳过`, en: `summary row (${name || first}), skipped` } });
      continue;
    }
    if (name === '') {
      result.skipped.push({ line: r.line, reason: { zh: '没有负荷名称，已跳过', en: 'no load name, skipped' } });
      continue;
    }
    const cap = capacityOf(cell(capCol));
    if (!cap || 'reason' in cap) {
      const why = cap ? { zh: `：${cap.reason.zh}`, en: `: ${cap.reason.en}` } : { zh: '', en: '' };
      result.skipped.push({ line: r.line, reason: { zh: `“${name}”的容量“${cell(capCol)}”不是数字${why.zh}，已跳过`, en: `"${name}": capacity "${cell(capCol)}" is not a number${why.en}, skipped` } });
      continue;
    }
    const notes: LocalText[] = [];
    const unit = cap.unit ?? capUnit ?? 'kW';
    const kindCol = roles.findIndex((x) => x.role === 'kind');
    let kind: LoadKind | null = kindCol >= 0 ? kindFromCell(cell(kindCol), classNames) : null;
    const randomCol = roles.findIndex((x) => x.role === 'random');
    const isRandom = randomCol >= 0 && parseNumber(cell(randomCol)) !== null && !Number.isNaN(parseNumber(cell(randomCol)));
    if (!kind) {
      kind = kindFromName(name) ?? (isRandom ? 'restoringClosing' : unit === 'kVA' ? 'ups' : 'other');
      notes.push(kind === 'other' ? { zh: '无法从名称判断负荷类别，设为“其他”，请选择类别', en: 'kind not recognisable from the name: set to "other", choose the kind' } : { zh: `负荷类别按名称判断，请核对`, en: `kind inferred from the name, check it` });
    }
    const load: LoadInput = { name, kind };
    if (unit === 'kW') load.powerKW = cap.value;
    else if (unit === 'A') load.currentA = cap.value;
    else load.apparentPowerKVA = cap.value;
    const kCol = roles.findIndex((x) => x.role === 'loadFactor');
    if (kCol >= 0 && cell(kCol) !== '') {
      const k = parseNumber(cell(kCol));
      if (k === null || Number.isNaN(k)) notes.push({ zh: `负荷系数“${cell(kCol)}”不是数字，已忽略（使用默认值）`, en: `load factor "${cell(kCol)}" is not a number, ignored (default used)` });
      else load.loadFactor = k;
    }
    const hasValue = (c: number) => {
      const v = parseNumber(cell(c));
      return v !== null && !Number.isNaN(v) && v !== 0;
    };
    if (result.layout === 'statistics') {
      const contCol = roles.findIndex((x) => x.role === 'continuous');
      if (contCol >= 0) load.continuous = hasValue(contCol);
      if (randomCol >= 0) load.random = isRandom;
      const on = roles
        .map((x, c) => (x.role === 'period' && hasValue(c) ? { startMin: x.startMin, endMin: x.endMin } : null))
        .filter((x): x is { startMin: number; endMin: number } => x !== null)
        .sort((a, b) => a.startMin - b.startMin);
      const merged: { startMin: number; endMin: number }[] = [];
      for (const q of on) {
        const last = merged[merged.length - 1];
        if (last && Math.abs(last.endMin - q.startMin) < 1e-9) last.endMin = q.endMin;
        else merged.push({ ...q });
      }
      if (!isRandom && merged.length > 0) {
        const only = merged[0] as { startMin: number; endMin: number };
        if (merged.length === 1 && only.startMin === 0) load.durationMin = only.endMin;
        else load.periods = merged;
      }
    }
    result.rows.push({ line: r.line, load, notes });
  }
  if (result.rows.length === 0 && result.errors.length === 0) result.errors.push({ zh: '没有识别出负荷行', en: 'No load rows recognised' });
  return result;
}

export function unknownColumns(r: PasteResult): PastedColumn[] {
  return r.columns.filter((c) => c.kind.role === 'unknown' && (c.header !== '' || r.layout === 'simple'));
}
