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
};

export function fieldLabel(path: string, lang: Lang): string {
  const parts: string[] = [];
  const re = /([A-Za-z]\w*)(?:\[(\d+)\])?/g;
  const segments = [...path.matchAll(re)].map((m) => ({ key: m[1] as string, index: m[2] === undefined ? null : Number(m[2]) }));
  segments.forEach((s, i) => {
    const list = LISTS[s.key];
    if (list && s.index !== null) parts.push(lang === 'zh' ? `${list.zh}第 ${s.index + 1} 行` : `${list.en} row ${s.index + 1}`);
    else if (i === segments.length - 1 && FIELDS[s.key]) parts.push(FIELDS[s.key]![lang]);
  });
  return parts.join(lang === 'zh' ? '：' : ': ');
}
