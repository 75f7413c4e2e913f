import type { Lang, LocalText } from './text.ts';

/**
 * The name a user sees for a project field path, for messages on screen: "requirements.loads[0].powerKW"
 * → "负荷第 1 行：功率 (kW)" / "Load row 1: power (kW)". Lists count rows from 1, as the screens do.
 * Segments without a label (requirements, meta, quote…) are containers and print nothing; a field this
 * table does not know gives no label (the message itself still says what is wrong), never a code path.
 */
const LISTS: Record<string, LocalText> = {
  loads: { zh: '负荷', en: 'Load' },
  periods: { zh: '时段', en: 'Period' },
  subPanels: { zh: '分电屏', en: 'Sub-panel' },
  circuits: { zh: '电缆回路', en: 'Cable circuit' },
  main: { zh: '馈线', en: 'Feeder' },
  subPanel: { zh: '分电屏馈线', en: 'Sub-panel feeder' },
  acFeeders: { zh: '交流馈线', en: 'AC feeder' },
  edits: { zh: '修改', en: 'Edit' },
  approvals: { zh: '审批记录', en: 'Approval' },
  revisions: { zh: '版本', en: 'Revision' },
  names: { zh: '回路名称', en: 'Circuit name' },
  items: { zh: '物料', en: 'Item' },
  lines: { zh: '清单行', en: 'BOM line' },
  panels: { zh: '屏柜', en: 'Panel' },
  requirements: { zh: '技术要求', en: 'Requirement' },
  signed: { zh: '签名审批', en: 'Signed approval' },
  acknowledgements: { zh: '偏差确认', en: 'Deviation acknowledgement' },
};

/** Lists whose keys the user sees and knows (catalog item codes, revision letters): printed as they are. */
const SHOWN_KEYS = new Set(['items', 'revisions']);

/** Maps keyed by a BOM line id (an internal id): printed with the line's name when known, else without. */
const LINE_MAPS = new Set(['lineDiscountPct', 'unitPrices']);

/** Containers, named only where nothing more precise is known (a changed field of a conflict, say). */
const SECTIONS: Record<string, LocalText> = {
  meta: { zh: '项目信息', en: 'project details' },
  requirements: { zh: '设计输入', en: 'design inputs' },
  site: { zh: '站点', en: 'site' },
  battery: { zh: '蓄电池', en: 'battery' },
  charger: { zh: '充电装置', en: 'charger' },
  feeders: { zh: '馈线', en: 'feeders' },
  cables: { zh: '电缆', en: 'cables' },
  integrated: { zh: '一体化电源', en: 'integrated supply' },
  options: { zh: '选项', en: 'options' },
  acInput: { zh: '交流进线', en: 'AC input' },
  quote: { zh: '报价', en: 'quote' },
  settings: { zh: '定价设置', en: 'pricing settings' },
  terms: { zh: '商务条款', en: 'commercial terms' },
  tender: { zh: '技术标', en: 'tender' },
  drawing: { zh: '系统图', en: 'drawing' },
  headerDiscount: { zh: '整单优惠', en: 'header discount' },
  lineDiscountPct: { zh: '单行折扣 (%)', en: 'line discount (%)' },
  unitPrices: { zh: '手工单价', en: 'unit price set by hand' },
  approvals: { zh: '审批记录', en: 'approvals' },
  signed: { zh: '签名审批', en: 'signed approvals' },
  revisions: { zh: '版本', en: 'revisions' },
  edits: { zh: '清单修改', en: 'BOM edits' },
};

const FIELDS: Record<string, LocalText> = {
  name: { zh: '名称', en: 'name' },
  powerKW: { zh: '功率 (kW)', en: 'power (kW)' },
  currentA: { zh: '电流 (A)', en: 'current (A)' },
  ratingA: { zh: '额定电流 (A)', en: 'rating (A)' },
  count: { zh: '数量', en: 'count' },
  quantity: { zh: '数量', en: 'quantity' },
  startMin: { zh: '开始 (min)', en: 'start (min)' },
  endMin: { zh: '结束 (min)', en: 'end (min)' },
  loadFactor: { zh: '负荷系数', en: 'load factor' },
  powerFactor: { zh: '功率因数', en: 'power factor' },
  efficiency: { zh: '效率', en: 'efficiency' },
  kind: { zh: '类型', en: 'kind' },
  function: { zh: '用途', en: 'function' },
  lengthM: { zh: '长度 (m)', en: 'length (m)' },
  customer: { zh: '客户', en: 'customer' },
  siteName: { zh: '站名', en: 'site' },
  designInstitute: { zh: '设计院', en: 'design institute' },
  tenderNo: { zh: '招标编号', en: 'tender no.' },
  quoteNo: { zh: '报价编号', en: 'quote no.' },
  nominalVoltageV: { zh: '标称电压 (V)', en: 'nominal voltage (V)' },
  cellCount: { zh: '单体数', en: 'cell count' },
  unitVoltageV: { zh: '单体电压 (V)', en: 'unit voltage (V)' },
  technology: { zh: '蓄电池类型', en: 'battery technology' },
  systemKind: { zh: '系统类型', en: 'system kind' },
  voltageLevel: { zh: '电压等级', en: 'voltage level' },
  paymentTerms: { zh: '付款方式', en: 'payment terms' },
  deliveryDays: { zh: '交货期 (天)', en: 'delivery (days)' },
  deliveryPlace: { zh: '交货地点', en: 'delivery place' },
  validUntil: { zh: '报价有效期至', en: 'valid until' },
  targetMarginPct: { zh: '目标毛利率 (%)', en: 'target margin (%)' },
  approverName: { zh: '审批人', en: 'approver' },
  comment: { zh: '意见', en: 'comment' },
  role: { zh: '审批角色', en: 'approver role' },
  decision: { zh: '审批结论', en: 'decision' },
  time: { zh: '时间', en: 'time' },
  issuedBy: { zh: '发布人', en: 'issued by' },
  issuedAt: { zh: '发布时间', en: 'issued at' },
  description: { zh: '说明', en: 'description' },
  mode: { zh: '定价方式', en: 'pricing mode' },
  marginPct: { zh: '目标毛利率 (%)', en: 'target margin (%)' },
  pct: { zh: '比例 (%)', en: 'percentage (%)' },
  amount: { zh: '金额', en: 'amount' },
  code: { zh: '物料代码', en: 'item code' },
  costPrice: { zh: '成本价', en: 'cost price' },
  listPrice: { zh: '目录价', en: 'list price' },
  brand: { zh: '品牌', en: 'brand' },
  spec: { zh: '规格', en: 'specification' },
  unit: { zh: '单位', en: 'unit' },
  model: { zh: '型号', en: 'model' },
  durationMin: { zh: '持续时间 (min)', en: 'duration (min)' },
  apparentPowerKVA: { zh: '视在功率 (kVA)', en: 'apparent power (kVA)' },
  closingCurrentA: { zh: '合闸电流 (A)', en: 'closing current (A)' },
  closingDurationMs: { zh: '合闸时间 (ms)', en: 'closing time (ms)' },
  capacityAh: { zh: '容量 (Ah)', en: 'capacity (Ah)' },
  brandPreference: { zh: '品牌偏好', en: 'brand preference' },
  floatVoltagePerCellV: { zh: '浮充电压 (V/只)', en: 'float voltage (V/cell)' },
  reviewer: { zh: '审核人', en: 'reviewer' },
  unitPrice: { zh: '单价', en: 'unit price' },
  names: { zh: '回路名称', en: 'circuit names' },
  requirement: { zh: '技术要求', en: 'requirement' },
  approverRole: { zh: '审批角色', en: 'approver role' },
};

/** What a label may know beyond the path: where a list element keyed by id sits, and a BOM line's name. */
export interface LabelContext {
  /** 0-based position of the element `id` in the list at `listPath` (e.g. "requirements.loads", "L3"). */
  indexOf?: (listPath: string, id: string) => number | undefined;
  /** The name a BOM line (by its id) has on screen. */
  lineName?: (lineId: string) => string | undefined;
}

interface Segment {
  key: string;
  /** What was in brackets: a row index or an element id. */
  index: string | null;
  /** The path up to and including `key` (without the brackets). */
  at: string;
}

/** "a.b[3].c" → segments; a map keyed by BOM line ids takes the rest of the path as one key (ids hold dots). */
function segments(path: string): Segment[] {
  const out: Segment[] = [];
  let rest = path;
  let at = '';
  while (rest !== '') {
    const m = /^\.?([A-Za-z_$][\w$]*)(?:\[([^\]]*)\])?/.exec(rest);
    if (!m) break;
    const key = m[1] as string;
    at = at ? `${at}.${key}` : key;
    out.push({ key, index: m[2] ?? null, at });
    rest = rest.slice(m[0].length);
    if (m[2] !== undefined) at = `${at}[${m[2]}]`;
    if (LINE_MAPS.has(key) && rest.startsWith('.')) {
      out.push({ key: rest.slice(1), index: null, at: `${at}.${rest.slice(1)}` });
      break;
    }
  }
  return out;
}

function rowText(list: LocalText, row: number, lang: Lang): string {
  return lang === 'zh' ? `${list.zh}第 ${row} 行` : `${list.en} row ${row}`;
}

function labelParts(path: string, lang: Lang, ctx: LabelContext): string[] {
  const parts: string[] = [];
  const segs = segments(path);
  segs.forEach((s, i) => {
    const parent = segs[i - 1];
    if (parent && LINE_MAPS.has(parent.key)) {
      const name = ctx.lineName?.(s.key);
      if (name) parts.push(lang === 'zh' ? `「${name}」` : `"${name}"`);
      return;
    }
    const list = LISTS[s.key];
    if (list && s.index !== null) {
      if (/^\d+$/.test(s.index)) parts.push(rowText(list, Number(s.index) + 1, lang));
      else {
        const at = ctx.indexOf?.(s.at.replace(/\[[^\]]*\]$/, ''), s.index);
        if (at !== undefined && at >= 0) parts.push(rowText(list, at + 1, lang));
        else if (SHOWN_KEYS.has(s.key)) parts.push(`${list[lang]} ${s.index}`);
        else if (s.key === 'lines' && ctx.lineName?.(s.index)) parts.push(`${list[lang]}${lang === 'zh' ? '「' : ' "'}${ctx.lineName(s.index)}${lang === 'zh' ? '」' : '"'}`);
        else parts.push(list[lang]);
      }
    } else if (i === segs.length - 1 && FIELDS[s.key]) parts.push(FIELDS[s.key]![lang]);
  });
  return parts;
}

/**
 * The label of a field path as the user sees it; '' when the path names no field the table knows.
 * Row indexes count from 1; element ids (loads[L3]) become rows where `ctx.indexOf` places them.
 */
export function fieldLabel(path: string, lang: Lang, ctx: LabelContext = {}): string {
  return labelParts(path, lang, ctx).join(lang === 'zh' ? '：' : ': ');
}

/**
 * A changed field (a conflict, a merge overlap) as the user sees it, never the code path: the field
 * label in its section (定价设置：目标毛利率 (%)), the row (负荷第 3 行), or where the table knows nothing
 * more precise the section it is in (项目信息).
 */
export function changeLabel(path: string, lang: Lang, ctx: LabelContext = {}): string {
  const sep = lang === 'zh' ? '：' : ': ';
  const segs = segments(path);
  const label = fieldLabel(path, lang, ctx);
  const map = segs.find((s) => LINE_MAPS.has(s.key));
  if (map) return `${SECTIONS[map.key]![lang]}${label ? (lang === 'zh' ? '' : ' ') + label : ''}`;
  const known = segs.filter((s, i) => SECTIONS[s.key] && s.index === null && i < segs.length - 1);
  const inner = known[known.length - 1];
  const parent = segs[segs.length - 2];
  if (label) {
    // A field directly in a named part (not a row, not the top level): say which part.
    const top = new Set(['meta', 'requirements', 'quote']);
    return inner && parent === inner && !top.has(inner.key) ? `${SECTIONS[inner.key]![lang]}${sep}${label}` : label;
  }
  const last = segs[segs.length - 1];
  if (last && SECTIONS[last.key]) return SECTIONS[last.key]![lang];
  return inner ? SECTIONS[inner.key]![lang] : lang === 'zh' ? '项目文件' : 'project file';
}

/** A list's element ids in one or more project files (the first that has the list wins). */
export function indexInDocuments(docs: readonly unknown[]): NonNullable<LabelContext['indexOf']> {
  return (listPath, id) => {
    for (const d of docs) {
      const list = resolveList(d, listPath);
      if (!list) continue;
      const i = list.findIndex((x) => typeof x === 'object' && x !== null && (x as { id?: unknown }).id === id);
      if (i >= 0) return i;
    }
    return undefined;
  };
}

function resolveList(doc: unknown, listPath: string): unknown[] | undefined {
  let cur: unknown = doc;
  for (const s of segments(listPath)) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[s.key];
    if (s.index !== null) {
      if (!Array.isArray(cur)) return undefined;
      cur = /^\d+$/.test(s.index) ? cur[Number(s.index)] : cur.find((x) => typeof x === 'object' && x !== null && (x as { id?: unknown }).id === s.index);
    }
  }
  return Array.isArray(cur) ? cur : undefined;
}
