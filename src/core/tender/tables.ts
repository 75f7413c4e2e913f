import type { Lang, LocalText } from '../text.ts';
import { STATUS_TEXT, type TenderAnswer } from './respond.ts';
import type { TenderResponse } from './tender.ts';

/**
 * The three technical-bid tables as a plain document model, numbered like the grid's tender sections:
 * 表 1.2 技术参数响应表, 表 2.2 主要元器件配置表, 表 9 技术偏离表. The xlsx and PDF writers render it.
 */
export type TenderTableId = 'parameters' | 'components' | 'deviations';

export interface TenderTable {
  id: TenderTableId;
  /** "表 1.2" / "Table 1.2" */
  number: string;
  title: string;
  /** Lines printed above the table (project, catalog, counts, warnings). */
  heading: string[];
  headers: string[];
  /** Relative column widths (characters). */
  widths: number[];
  rows: string[][];
  /** Rows to highlight: 负偏离 (and ★ disqualifying), 需人工确认. */
  marks: Array<'negative' | 'disqualifying' | 'manual' | null>;
  /** Lines printed under the table. */
  notes: string[];
}

export interface TenderMeta {
  projectName: string;
  customer: string;
  tenderNo: string;
  modelCode: string;
  catalogVersion: string;
  date: string;
}

export const TABLE_FILE: Record<TenderTableId, string> = {
  parameters: 'table-1.2-technical-parameters',
  components: 'table-2.2-components',
  deviations: 'table-9-deviations',
};

const L = (zh: string, en: string): LocalText => ({ zh, en });

function statusCell(a: TenderAnswer, lang: Lang): string {
  const s = STATUS_TEXT[a.status][lang];
  if (a.disqualifying) return lang === 'zh' ? `${s}（★ 否决项）` : `${s} (★ disqualifying)`;
  return s;
}

function mark(a: TenderAnswer): TenderTable['marks'][number] {
  return a.disqualifying ? 'disqualifying' : a.status === 'negative' ? 'negative' : a.status === 'manual' ? 'manual' : null;
}

function reqName(a: TenderAnswer): string {
  return `${a.requirement.starred ? '★' : ''}${a.requirement.name}`;
}

/** An acknowledgement's text for the note column. */
type AckOf = (a: TenderAnswer) => { reviewer: string; time: string; comment: string } | undefined;

export function tenderTables(response: TenderResponse, meta: TenderMeta, lang: Lang, ackOf: AckOf = () => undefined): TenderTable[] {
  const noteOf = (a: TenderAnswer) => {
    const ack = a.status === 'negative' ? ackOf(a) : undefined;
    if (!ack) return a.note[lang];
    const when = ack.time.slice(0, 10);
    return `${a.note[lang]}${lang === 'zh' ? `（已由 ${ack.reviewer} 于 ${when} 确认${ack.comment ? `：${ack.comment}` : ''}）` : ` (acknowledged by ${ack.reviewer} on ${when}${ack.comment ? `: ${ack.comment}` : ''})`}`;
  };
  const t = (x: LocalText) => x[lang];
  const c = response.counts;
  // Chinese documents take the full-width colon and a wider gap between fields.
  const [colon, gap] = lang === 'zh' ? ['：', '　　'] : [': ', '   '];
  const heading = [
    `${t(L('项目', 'Project'))}${colon}${meta.projectName}${meta.customer ? ` — ${meta.customer}` : ''}${meta.tenderNo ? `${gap}${t(L('招标编号', 'Tender no.'))}${colon}${meta.tenderNo}` : ''}`,
    `${t(L('系统型号', 'System model'))}${colon}${meta.modelCode}${gap}${t(L('元器件目录', 'Catalog'))}${colon}${meta.catalogVersion}${gap}${t(L('日期', 'Date'))}${colon}${meta.date}`,
  ];
  const summary = t(L(
    `无偏离 ${c.none} 项，正偏离 ${c.positive} 项，负偏离 ${c.negative} 项，需人工确认 ${c.manual} 项`,
    `${c.none} no deviation, ${c.positive} positive, ${c.negative} negative, ${c.manual} to be confirmed`,
  ));
  const warnings: string[] = [];
  if (response.disqualifying.length > 0) {
    warnings.push(t(L(`★ 实质性条款负偏离 ${response.disqualifying.length} 项（第 ${response.disqualifying.map((a) => a.requirement.no || '?').join('、')} 条）：投标将被否决`, `${response.disqualifying.length} ★ substantive item(s) with a negative deviation (no. ${response.disqualifying.map((a) => a.requirement.no || '?').join(', ')}): the bid would be disqualified`)));
  }
  if (c.manual > 0) warnings.push(t(L(`需人工确认 ${c.manual} 项：投标前须按厂家技术资料逐项确认，不得直接填写“无偏离”`, `${c.manual} item(s) to be confirmed from the maker's documents before the bid; never answer them "no deviation" unchecked`)));
  if (/sample/i.test(meta.catalogVersion)) warnings.push(t(L('本表依据样本元器件目录生成，目录数据不是厂家技术资料', 'Made from the SAMPLE catalog: its data are not maker datasheets')));

  const parameters: TenderTable = {
    id: 'parameters',
    number: t(L('表 1.2', 'Table 1.2')),
    title: t(L('技术参数响应表', 'Technical parameter response')),
    heading: [...heading, summary, ...warnings],
    headers: [t(L('序号', 'No.')), t(L('参数名称', 'Parameter')), t(L('招标要求', 'Required')), t(L('投标响应值', 'Our value')), t(L('偏离情况', 'Deviation')), t(L('说明', 'Note'))],
    widths: [6, 18, 14, 22, 14, 40],
    rows: response.answers.map((a) => [a.requirement.no, reqName(a), a.requirement.text, a.ourValue[lang], statusCell(a, lang), noteOf(a)]),
    marks: response.answers.map(mark),
    notes: response.answers.some((a) => a.requirement.starred) ? [t(L('★ 为实质性条款。', '★ marks a substantive item.'))] : [],
  };
  const components: TenderTable = {
    id: 'components',
    number: t(L('表 2.2', 'Table 2.2')),
    title: t(L('主要元器件配置表', 'Main component configuration')),
    heading,
    headers: [t(L('序号', 'No.')), t(L('元器件名称', 'Component')), t(L('型号', 'Model')), t(L('规格', 'Specification')), t(L('品牌', 'Brand')), t(L('产地', 'Origin')), t(L('数量', 'Qty')), t(L('单位', 'Unit'))],
    widths: [6, 20, 18, 36, 12, 8, 8, 6],
    rows: response.components.map((r) => [String(r.no), t(r.name), r.model, t(r.spec), t(r.brand), t(r.origin), r.quantity, t(r.unit)]),
    marks: response.components.map(() => null),
    notes: [],
  };
  const devRows = response.answers.filter((a) => a.status === 'negative' || a.status === 'positive');
  const deviations: TenderTable = {
    id: 'deviations',
    number: t(L('表 9', 'Table 9')),
    title: t(L('技术偏离表', 'Technical deviations')),
    heading: [...heading, summary, ...warnings],
    headers: [t(L('序号', 'No.')), t(L('招标文件条目号', 'Tender item')), t(L('参数名称', 'Parameter')), t(L('招标要求', 'Required')), t(L('投标响应值', 'Our value')), t(L('偏离', 'Deviation')), t(L('说明', 'Note'))],
    widths: [6, 14, 18, 14, 22, 12, 34],
    rows: devRows.map((a, i) => [String(i + 1), a.requirement.no, reqName(a), a.requirement.text, a.ourValue[lang], statusCell(a, lang), noteOf(a)]),
    marks: devRows.map(mark),
    notes: devRows.length === 0 ? [t(L('无偏离项。', 'No deviations.'))] : [],
  };
  return [parameters, components, deviations];
}
