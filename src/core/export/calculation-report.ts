import { groupsText } from '../bom/model.ts';
import type { TextField } from '../format/glyph-coverage.ts';
import { familyLabels, unitLabels } from '../catalog/labels.ts';
import type { Knowledge } from '../knowledge.ts';
import type { ProjectEvaluation } from '../pipeline.ts';
import type { Problem } from '../problems.ts';
import type { ProjectFile } from '../project/schema.ts';
import { PANEL_NAMES } from '../bom/build.ts';
import { clauseText, parseClause } from '../clause-text.ts';
import { LOAD_TYPE_NAMES } from '../sizing/voltage.ts';
import { isEntryConfirmed, traceText, type TraceEntry } from '../trace.ts';
import type { Lang, LocalText } from '../text.ts';
import type { Templates } from './templates.ts';
import type { LabelValue } from './customer-quote.ts';

/**
 * The calculation report (计算书) as plain data, for a technical bid: design inputs, the DC load
 * statistics in the designers' layout (products.md, last section), every sizing step from the trace
 * (formula, substituted values, result, clause, a ※ on entries not confirmed against the printed
 * standard), the selected equipment and the sizing problems. It renders the trace; it computes nothing.
 * No price, cost or margin appears in it.
 */

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

export interface ReportStep {
  id: string;
  quantity: string;
  result: string;
  formula: string;
  substituted?: string;
  clause: string;
  /** Footnote number of an unconfirmed value (※n, listed in the appendix); absent when confirmed. */
  footnote?: number;
  /** A check that failed: the result says what fails, by how much and what to change. */
  failed?: boolean;
  note?: string;
}

/** One footnote of the appendix: the values it marks, their clause and why they are unconfirmed. */
export interface UnconfirmedNote {
  mark: string;
  values: string;
  clause: string;
  why: string;
}

export interface LoadTableModel {
  caption: string;
  /** Column labels of the discharge periods (初期 1 min, 持续 …). */
  periodLabels: string[];
  headings: { no: string; name: string; capacity: string; loadFactor: string; current: string; continuous: string; random: string; group: string };
  rows: string[][];
  /** I0 … In, IR row, and the capacity rows; each has a label and one value per column from "continuous" on. */
  summaryRows: { label: string; cells: string[] }[];
  chosen?: LabelValue;
}

export interface ReportDocument {
  lang: Lang;
  company: string;
  title: string;
  subtitle: string;
  project: LabelValue[];
  sections: Templates['report']['zh']['sections'];
  inputs: LabelValue[];
  loadTable: LoadTableModel | null;
  stepHeadings: { quantity: string; formula: string; result: string; clause: string };
  steps: ReportStep[];
  /** Printed above the steps only when some value is unconfirmed. */
  legend: string | null;
  /** Listed once at the end; null when every value is confirmed (no disclaimer at all then). */
  appendix: { title: string; intro: string; columns: { mark: string; values: string; clause: string; why: string }; notes: UnconfirmedNote[] } | null;
  equipmentHeadings: { family: string; item: string; qty: string; location: string; reason: string };
  equipment: string[][];
  problems: { severity: Problem['severity']; severityLabel: string; text: string }[];
  noProblems: string;
  signatures: string[];
  /** The document date, printed on the 编制 line (the others date their own signature). */
  signDate: string;
  footerText: string;
}

export interface ReportInput {
  project: ProjectFile;
  evaluation: Pick<ProjectEvaluation, 'sizing'>;
  knowledge: Knowledge;
  templates: Templates;
  lang: Lang;
  date: string;
}

/** Currents and capacities to two places, as the designers' table shows them; other numbers up to four. */
export function fixed2(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : n.toFixed(2);
}

/**
 * A result to the precision of the table it belongs to: currents and capacities to two places (as the
 * load statistics table), voltages per cell to the 0.01 V step, other numbers to two places at most.
 */
function value(v: number | string, unit: string): string {
  if (typeof v !== 'number') return v;
  if (unit === 'A' || unit === 'Ah') return v.toFixed(2);
  return String(Number(v.toFixed(2)));
}

/** A symbol that is a word (arrangement, model, panels) is not printed: the result reads as the value. */
const WORD_SYMBOL = /^[a-z]{3,}$/;

const SYSTEM_KIND: Record<string, [string, string]> = {
  dcSystem: ['直流电源系统', 'DC power system'],
  integratedSystem: ['一体化电源系统', 'Integrated power system'],
  telecomSystem: ['通信电源系统', 'Telecom power system'],
};

export function reportDocument(input: ReportInput): ReportDocument {
  const { lang, project, templates, knowledge } = input;
  const { sizing } = input.evaluation;
  const t = templates.report[lang];
  const r = project.requirements;
  const cfg = sizing.configuration;
  const site =
    r.site.voltageLevel === 'powerPlant'
      ? L(lang, '发电厂', 'power plant')
      : [`${r.site.voltageLevel} kV ${L(lang, '变电站', 'substation')}${r.site.smart ? L(lang, '（智能）', ' (smart)') : ''}`, r.site.attended ? L(lang, '有人值班', 'attended') : L(lang, '无人值班', 'unattended')].join(L(lang, '，', ', '));
  const arrangementId = cfg?.arrangement.id ?? r.arrangement;
  const arrangement = knowledge.sizingRules.arrangements.arrangements.find((a) => a.id === arrangementId);
  const sk = SYSTEM_KIND[r.systemKind] ?? [r.systemKind, r.systemKind];
  const inputs: LabelValue[] = [
    { label: L(lang, '工程类型', 'Site'), value: site },
    { label: L(lang, '系统类型', 'System'), value: L(lang, sk[0], sk[1]) },
    { label: L(lang, '标称电压', 'Nominal voltage'), value: `${r.nominalVoltageV} V` },
    { label: L(lang, '直流负荷类型', 'DC load type'), value: LOAD_TYPE_NAMES[r.dcLoadType]?.[lang] ?? r.dcLoadType },
    { label: L(lang, '系统接线', 'Arrangement'), value: arrangement ? `${arrangement.name[lang]}${cfg?.arrangement.fromDefault ? L(lang, '（按电压等级默认）', ' (default for the voltage level)') : ''}` : arrangementId ?? '' },
    {
      label: L(lang, '蓄电池', 'Battery'),
      value: `VRLA ${r.battery.unitVoltageV} V${r.battery.floatVoltagePerCellV ? L(lang, `，浮充 ${r.battery.floatVoltagePerCellV} V/只`, `, float ${r.battery.floatVoltagePerCellV} V/cell`) : ''}${
        // The groups in the words of the BOM and the quote (2 组 × 104 只): the units bought per group.
        cfg ? `${L(lang, '；', '; ')}${groupsText({ count: cfg.battery.groups, perGroup: String(cfg.battery.unitsPerGroup) }, cfg.battery.unit, lang)}${L(lang, '，', ', ')}${cfg.battery.capacityAh} Ah` : ''
      }`,
    },
  ];
  if (cfg) {
    inputs.push({ label: L(lang, '事故放电时间', 'Accident discharge duration'), value: `${cfg.dischargeDurationMin} min` });
    inputs.push({ label: L(lang, '放电计算时间', 'Duty cycle'), value: `${cfg.dutyCycleMin} min` });
    inputs.push({ label: L(lang, '系统型号', 'Model code'), value: L(lang, `${cfg.modelCode}（${cfg.modelDescription.zh}）`, `${cfg.modelCode} (${cfg.modelDescription.en})`) });
  } else if (r.dischargeDurationMin) {
    inputs.push({ label: L(lang, '事故放电时间', 'Accident discharge duration'), value: `${r.dischargeDurationMin} min` });
  }

  const s = sizing.loadStatistics;
  let loadTable: LoadTableModel | null = null;
  if (s) {
    const periods = s.columns.length;
    const summaryRows: LoadTableModel['summaryRows'] = [
      { label: t.rows.currentTotals, cells: [`I0 = ${fixed2(s.totals.i0A)}`, ...s.totals.periodsA.map((a, i) => `I${i + 1} = ${fixed2(a)}`), `IR = ${fixed2(s.totals.randomA)}`] },
    ];
    if (s.capacity) {
      summaryRows.push({ label: t.rows.stageCapacity, cells: ['', ...Array.from({ length: periods }, (_, i) => fixed2(s.capacity!.stagesAh[i])), ''] });
      summaryRows.push({ label: t.rows.withRandom, cells: ['', ...Array.from({ length: periods }, (_, i) => fixed2(s.capacity!.withRandomAh[i])), fixed2(s.capacity.randomAh)] });
    }
    loadTable = {
      caption: `Un = ${s.nominalVoltageV} V, ${L(lang, '事故放电', 'accident discharge')} ${s.dischargeDurationMin} min`,
      periodLabels: s.columns.map((c) => c.label[lang]),
      headings: {
        no: t.columns.no,
        name: t.columns.loadName,
        capacity: t.columns.capacity,
        loadFactor: t.columns.loadFactor,
        current: t.columns.current,
        continuous: t.columns.continuous,
        random: t.columns.random,
        group: t.columns.dischargeGroup,
      },
      rows: s.rows.map((row) => [String(row.no), row.name, `${row.capacity.value} ${row.capacity.unit}`, String(row.loadFactor), fixed2(row.currentA), fixed2(row.continuousA), ...row.periodsA.map(fixed2), fixed2(row.randomA)]),
      summaryRows,
      ...(s.capacity ? { chosen: { label: t.rows.chosen, value: `${fixed2(s.capacity.requiredAh)} → ${s.capacity.chosenAh ?? '—'} Ah` } } : {}),
    };
  }

  const clean = (s: string) => bookText(s, knowledge, lang);
  // Footnotes: one per distinct (clause, reasons) among the unconfirmed values, numbered in order.
  const a = t.appendix;
  const notes: UnconfirmedNote[] = [];
  const noteValues: string[][] = [];
  const noteIndex = new Map<string, number>();
  const footnoteOf = (e: TraceEntry, label: string): number | undefined => {
    if (isEntryConfirmed(e)) return undefined;
    const clause = clauseText(e.clause, lang);
    const reasons = [...new Set(e.confidence.filter((c) => c !== 'S'))].map((c) => a.why[c as keyof typeof a.why]);
    const old = parseClause(e.clause).edition2004;
    if (old.length) reasons.push(`${a.why.edition2004} ${old.join(lang === 'zh' ? '、' : ', ')}`);
    const why = reasons.join(lang === 'zh' ? '；' : '; ');
    const key = `${clause}\u0001${why}`;
    let n = noteIndex.get(key);
    if (n === undefined) {
      n = notes.length + 1;
      noteIndex.set(key, n);
      notes.push({ mark: `※${n}`, values: '', clause, why });
      noteValues.push([]);
    }
    noteValues[n - 1]?.push(label);
    return n;
  };
  const steps: ReportStep[] = sizing.trace.map((e) => {
    const unit = traceText(e.unit, lang);
    const shown = e.valueText ? e.valueText[lang] : `${value(e.value, unit)}${unit ? ` ${unit}` : ''}`;
    const result = clean(e.verdict === 'fail' || WORD_SYMBOL.test(e.symbol) ? shown : `${e.symbol} = ${shown}`);
    const quantity = e.quantity[lang];
    const footnote = footnoteOf(e, quantity);
    return {
      id: e.id,
      quantity,
      result,
      formula: typeset(clean(traceText(e.formula, lang))),
      ...(e.substituted ? { substituted: typeset(clean(traceText(e.substituted, lang))) } : {}),
      clause: clauseText(e.clause, lang),
      ...(footnote !== undefined ? { footnote } : {}),
      ...(e.verdict === 'fail' ? { failed: true } : {}),
      ...(e.note ? { note: clean(e.note[lang]) } : {}),
    };
  });
  notes.forEach((n, i) => (n.values = (noteValues[i] ?? []).join(lang === 'zh' ? '；' : '; ')));

  const equipment = (cfg?.lines ?? []).map((l) => [
    (familyLabels as Record<string, { zh: string; en: string }>)[l.family]?.[lang] ?? l.family,
    l.itemCode ?? L(lang, '（无合适物料）', '(no catalog item)'),
    `${Number(l.quantity.toFixed(2))} ${unitLabels[l.unit][lang]}`,
    locationText(l.location, lang),
    clean(l.reason[lang]),
  ]);

  const meta = project.meta;
  const projectRows: LabelValue[] = [
    { label: L(lang, '项目名称', 'Project'), value: meta.name },
    ...(meta.siteName ? [{ label: L(lang, '工程地点', 'Site'), value: meta.siteName }] : []),
    ...(meta.customer ? [{ label: L(lang, '客户', 'Customer'), value: meta.customer }] : []),
    ...(meta.designInstitute ? [{ label: L(lang, '设计院', 'Design institute'), value: meta.designInstitute }] : []),
    ...(meta.tenderNo ? [{ label: L(lang, '招标编号', 'Tender no.'), value: meta.tenderNo }] : []),
    { label: L(lang, '日期', 'Date'), value: input.date },
  ];

  return {
    lang,
    company: templates.company.name[lang],
    title: t.title,
    subtitle: t.subtitle,
    project: projectRows,
    sections: t.sections,
    inputs,
    loadTable,
    stepHeadings: { quantity: t.columns.quantity, formula: t.columns.formula, result: t.columns.result, clause: t.columns.clause },
    steps,
    legend: notes.length ? t.legend : null,
    appendix: notes.length ? { title: a.title, intro: a.intro, columns: a.columns, notes } : null,
    equipmentHeadings: { family: t.columns.family, item: t.columns.item, qty: t.columns.qty, location: t.columns.location, reason: t.columns.reason },
    equipment,
    problems: sizing.problems.map((p) => ({ severity: p.severity, severityLabel: t.severity[p.severity], text: clean(p.message[lang]) })),
    noProblems: t.noProblems,
    signatures: [t.preparedBy, t.checkedBy, t.reviewedBy, t.approvedBy],
    signDate: input.date,
    footerText: `${templates.company.name[lang]} · ${t.title} · ${meta.name}`,
  };
}

/**
 * Where a configured line sits, as a reader names it (never the raw key such as "panelToSubPanel" or
 * "main"). Any other location is a name the user gave (a sub panel) and prints as given.
 */
const LOCATIONS: Record<string, [string, string]> = {
  panelToSubPanel: ['主屏至分电屏', 'main panel to sub panel'],
  subPanelToLoad: ['分电屏至负荷', 'sub panel to load'],
  panelToLoad: ['主屏至负荷', 'main panel to load'],
  batteryToPanel: ['蓄电池至主屏', 'battery to main panel'],
  chargerToPanel: ['充电装置至主屏', 'charger to main panel'],
  battery: ['蓄电池室', 'battery room'],
  charger: ['充电屏', 'charger panel'],
  main: ['主馈线屏', 'main feeder panel'],
  telecom: ['通信电源屏', 'telecom power panel'],
  ups: ['UPS 屏', 'UPS panel'],
  ac: ['交流屏', 'AC panel'],
  monitor: ['充电屏（监控）', 'charger panel (monitoring)'],
  insulationMaster: ['主馈线屏（绝缘监测主控）', 'main feeder panel (insulation master)'],
  site: ['现场', 'site'],
};
function locationText(location: string, lang: Lang): string {
  const known = LOCATIONS[location];
  if (known) return L(lang, known[0], known[1]);
  const panel = (PANEL_NAMES as Record<string, LocalText>)[location];
  if (panel) return panel[lang];
  return location;
}

/**
 * Book text without internals: no rule file paths, no "product decision n", no raw rule ids, no
 * catalog brand ids (the brand's name in the language instead).
 */
export function bookText(s: string, knowledge: Knowledge, lang: Lang): string {
  let out = s
    .replace(/[；;,，]?\s*(?:见|see)\s+rules\/[\w./-]+\.ya?ml/gi, '')
    .replace(/rules\/[\w./-]+\.ya?ml/g, L(lang, '规则表', 'the rules table'))
    .replace(/[;；,，]\s*product decision \d+/gi, '')
    .replace(/\s*\[rule [^\]]*\]/g, '')
    .replace(/\(numbering R\)|; numbering R|numbering R/g, '')
    // trace ids and project field paths: (battery.C10), (requirements.integrated.acRatedCurrentA, entered)
    .replace(/\b(?:requirements|battery|cfg|loads|voltage|charger|breakers|cables|configuration|monitoring)\.[A-Za-z][\w.]*(?:,\s*)?/g, '');
  for (const b of knowledge.catalog.brands) out = out.replace(new RegExp(`(品牌[：:]\\s*|brand[：:]?\\s*)${b.id}\\b`, 'g'), `$1${lang === 'zh' ? b.nameZh : b.nameEn}`);
  return out.replace(/\(\s*\)/g, '').replace(/\s{2,}/g, ' ').trim();
}

/** Typesetting of formulas as printed: "+ -13.64/0.8" → "− 13.64 / 0.8", "a - b" → "a − b". */
export function typeset(s: string): string {
  return s
    .replace(/\+\s*-\s*(\d)/g, '− $1')
    .replace(/(\d)\/(\d)/g, '$1 / $2')
    .replace(/ - /g, ' − ');
}

export function reportDocumentTexts(doc: ReportDocument): TextField[] {
  const out: TextField[] = [];
  const add = (path: string, s: string | undefined) => {
    if (s) out.push({ path, text: s });
  };
  add('company', doc.company);
  add('title', doc.title);
  add('subtitle', doc.subtitle);
  doc.project.forEach((p, i) => add(`project[${i}]`, `${p.label} ${p.value}`));
  for (const [k, v] of Object.entries(doc.sections)) add(`sections.${k}`, v);
  doc.inputs.forEach((p, i) => add(`inputs[${i}]`, `${p.label} ${p.value}`));
  if (doc.loadTable) {
    const lt = doc.loadTable;
    add('loadTable.caption', lt.caption);
    lt.periodLabels.forEach((p, i) => add(`loadTable.periodLabels[${i}]`, p));
    for (const [k, v] of Object.entries(lt.headings)) add(`loadTable.headings.${k}`, v);
    lt.rows.forEach((r, i) => add(`loadTable.rows[${i}]`, r.join(' ')));
    lt.summaryRows.forEach((r, i) => add(`loadTable.summaryRows[${i}]`, `${r.label} ${r.cells.join(' ')}`));
    if (lt.chosen) add('loadTable.chosen', `${lt.chosen.label} ${lt.chosen.value}`);
  }
  for (const [k, v] of Object.entries(doc.stepHeadings)) add(`stepHeadings.${k}`, v);
  doc.steps.forEach((s, i) => add(`steps[${i}]`, [s.quantity, s.result, s.formula, s.substituted, s.clause, s.note].filter(Boolean).join(' ')));
  if (doc.legend) add('legend', doc.legend);
  if (doc.appendix) {
    add('appendix.title', doc.appendix.title);
    add('appendix.intro', doc.appendix.intro);
    doc.appendix.notes.forEach((n, i) => add(`appendix.notes[${i}]`, `${n.mark} ${n.values} ${n.clause} ${n.why}`));
  }
  for (const [k, v] of Object.entries(doc.equipmentHeadings)) add(`equipmentHeadings.${k}`, v);
  doc.equipment.forEach((r, i) => add(`equipment[${i}]`, r.join(' ')));
  doc.problems.forEach((p, i) => add(`problems[${i}]`, p.text));
  add('noProblems', doc.noProblems);
  doc.signatures.forEach((s, i) => add(`signatures[${i}]`, s));
  add('footerText', doc.footerText);
  return out;
}
