import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ReportDocument } from '../../core/export/calculation-report.ts';

/**
 * Lays out the calculation report (ReportDocument from src/core/export/calculation-report.ts): title
 * block, design inputs, the DC load statistics in the designers' layout (two header rows, the discharge
 * periods grouped), every sizing step with formula, substituted values, result and clause (※ marks an
 * entry not confirmed against the printed standard, explained by the legend), the selected equipment,
 * the problems, and the signature lines.
 */
const BLUE = '#0b4f8a';
const GREY = '#555555';
const RULE = '#9aa7b4';
const FILL_HEADER = '#e8eef5';
const MARK = '#b00020';

const thin = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 2.5,
  paddingRight: () => 2.5,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
};

const h = (text: string) => ({ text, bold: true, fillColor: FILL_HEADER, alignment: 'center' as const });
const section = (text: string, newPage?: 'portrait' | 'landscape'): Content => ({ text, fontSize: 12, bold: true, color: BLUE, margin: [0, 12, 0, 5], ...(newPage ? { pageBreak: 'before', pageOrientation: newPage } : {}) });

/** Seven or more discharge periods do not fit the portrait page: the load table gets a landscape page. */
const isWideLoadTable = (doc: ReportDocument) => (doc.loadTable?.periodLabels.length ?? 0) >= 7;

function loadTable(doc: ReportDocument): Content[] {
  const t = doc.loadTable;
  if (!t) return [];
  const n = t.periodLabels.length;
  const cols = 6 + n + 1;
  const span = (k: number): TableCell[] => Array.from({ length: k }, () => ({}));
  const head1: TableCell[] = [
    { ...h(t.headings.no), rowSpan: 2 },
    { ...h(t.headings.name), rowSpan: 2 },
    { ...h(t.headings.capacity), rowSpan: 2 },
    { ...h(t.headings.loadFactor), rowSpan: 2 },
    { ...h(t.headings.current), rowSpan: 2 },
    { ...h(t.headings.continuous), rowSpan: 2 },
    { ...h(t.headings.group), colSpan: n + 1 },
    ...span(n),
  ];
  const wide = isWideLoadTable(doc);
  // "持续 0.5 h（1–30 min）" reads as two lines: the period, then its range (never wrapped mid-term). In a
  // wide table (≥ 7 periods, a landscape page) the period line drops the word 持续 / "to" (the group heading
  // above says these are the discharge periods) so "持续 150 min" cannot wrap onto a third line.
  const period = (label: string): TableCell => {
    const m = /^(.*?)\s*[（(](.*)[）)]$/.exec(label);
    const head = wide ? (m?.[1] ?? '').replace(/^(持续|to)\s+/, '') : m?.[1];
    if (!m) return h(label);
    return wide
      ? { stack: [{ text: head ?? '', noWrap: true }, { text: m[2] ?? '', fontSize: 6, bold: false, noWrap: true }], bold: true, fillColor: FILL_HEADER, alignment: 'center' }
      : { ...h(''), text: [{ text: `${head}\n` }, { text: m[2] ?? '', fontSize: 6, bold: false }] };
  };
  const head2: TableCell[] = [...span(6), ...t.periodLabels.map(period), h(t.headings.random)];
  const body: TableCell[][] = [head1, head2];
  for (const r of t.rows) body.push(r.map((c, i) => ({ text: c, alignment: i === 1 ? ('left' as const) : ('center' as const) })));
  for (const s of t.summaryRows) {
    body.push([{ text: s.label, colSpan: 5, bold: true, alignment: 'right' }, ...span(4), ...s.cells.map((c) => ({ text: c, alignment: 'center' as const, bold: true }))]);
  }
  if (t.chosen) body.push([{ text: t.chosen.label, colSpan: 5, bold: true, alignment: 'right' }, ...span(4), { text: t.chosen.value, colSpan: cols - 5, bold: true, alignment: 'center' }, ...span(cols - 6)]);
  // Period headings ("持续 0.5 h（1–30 min）") get the width they need to read on two lines at most. Up to
  // six periods on the portrait page; seven or more get a landscape page (770 pt between the margins) and
  // share what the other columns leave (about 42 pt each for ten periods).
  const periodW = n <= 4 ? 52 : n <= 6 ? 46 : Math.min(52, Math.floor((770 - (n + 7) * 5.5 - 188 - 70) / n));
  return [
    { text: t.caption, fontSize: 8, color: GREY, margin: [0, 0, 0, 3] },
    { table: { headerRows: 2, dontBreakRows: true, widths: [16, '*', 32, 28, 34, 40, ...Array.from({ length: n }, () => periodW), 38], body }, layout: thin, fontSize: 7 },
  ];
}

/** The unconfirmed values, listed once: footnote, values, clause, why. Nothing when all are confirmed. */
function appendix(doc: ReportDocument): Content[] {
  const a = doc.appendix;
  if (!a) return [];
  const body: TableCell[][] = [[h(a.columns.mark), h(a.columns.values), h(a.columns.clause), h(a.columns.why)]];
  for (const n of a.notes) body.push([{ text: n.mark, color: MARK, alignment: 'center' }, n.values, n.clause, n.why]);
  return [
    section(a.title),
    { text: a.intro, fontSize: 8, margin: [0, 0, 0, 4] },
    { table: { headerRows: 1, dontBreakRows: true, widths: [22, '*', 120, 150], body }, layout: thin, fontSize: 7.5 },
  ];
}

export function reportDefinition(doc: ReportDocument): TDocumentDefinitions {
  const steps: TableCell[][] = [[h(doc.stepHeadings.quantity), h(doc.stepHeadings.formula), h(doc.stepHeadings.result), h(doc.stepHeadings.clause)]];
  for (const s of doc.steps) {
    steps.push([
      { text: { text: s.quantity, bold: true } },
      { stack: [{ text: s.formula }, ...(s.substituted ? [{ text: s.substituted, color: '#1a1a1a' }] : []), ...(s.note ? [{ text: s.note, color: GREY, fontSize: 6.5 }] : [])] },
      // The footnote sign sits on the value it marks; a failed check prints what fails in the mark colour.
      { text: [{ text: s.result, bold: true, ...(s.failed ? { color: MARK } : {}) }, ...(s.footnote !== undefined ? [{ text: ` ※${s.footnote}`, color: MARK, fontSize: 6.5 }] : [])] },
      { text: s.clause },
    ]);
  }
  const equipment: TableCell[][] = [[h(doc.equipmentHeadings.family), h(doc.equipmentHeadings.item), h(doc.equipmentHeadings.qty), h(doc.equipmentHeadings.location), h(doc.equipmentHeadings.reason)]];
  for (const e of doc.equipment) equipment.push(e.map((c, i) => (i === 1 ? { text: c, wordBreak: 'break-all' as const } : c)));
  const content: Content[] = [
    { text: doc.company, fontSize: 10, color: GREY, alignment: 'center' },
    { text: doc.title, fontSize: 20, bold: true, alignment: 'center', margin: [0, 6, 0, 2] },
    { text: doc.subtitle, fontSize: 9, color: GREY, alignment: 'center', margin: [0, 0, 0, 10] },
    {
      table: { widths: [90, '*'], body: doc.project.map((p) => [{ text: p.label, color: GREY }, p.value]) },
      layout: { ...thin, vLineWidth: () => 0 },
      fontSize: 9,
    },
    section(doc.sections.inputs),
    { table: { widths: [110, '*'], body: doc.inputs.map((p) => [{ text: p.label, color: GREY }, p.value]) }, layout: thin, fontSize: 8.5 },
    ...(doc.loadTable
      ? isWideLoadTable(doc)
        ? [section(doc.sections.loads, 'landscape'), ...loadTable(doc), section(doc.sections.steps, 'portrait')]
        : [section(doc.sections.loads), ...loadTable(doc), section(doc.sections.steps)]
      : [section(doc.sections.steps)]),
    ...(doc.legend ? [{ text: doc.legend, fontSize: 7.5, color: MARK, margin: [0, 0, 0, 4] as [number, number, number, number] }] : []),
    { table: { headerRows: 1, dontBreakRows: true, widths: [100, '*', 88, 118], body: steps }, layout: thin, fontSize: 7.5 },
    section(doc.sections.equipment),
    { table: { headerRows: 1, dontBreakRows: true, widths: [70, 90, 48, 60, '*'], body: equipment }, layout: thin, fontSize: 8 },
    section(doc.sections.problems),
    doc.problems.length === 0
      ? { text: doc.noProblems, fontSize: 8.5 }
      : { ul: doc.problems.map((p) => ({ text: [{ text: `${p.severityLabel}：`, color: p.severity === 'error' ? MARK : GREY, bold: true }, p.text] })), fontSize: 8 },
    ...appendix(doc),
    {
      unbreakable: true,
      margin: [0, 28, 0, 0],
      // 编制 / 校核 / 审核 / 批准, each with its signature and date line.
      table: {
        widths: doc.signatures.map(() => '*'),
        body: [
          doc.signatures.map((s) => ({ text: `${s}${doc.lang === 'zh' ? '：' : ':'}`, fontSize: 9, bold: true })),
          doc.signatures.map(() => ({ text: ' ', margin: [0, 14, 0, 0] })),
          doc.signatures.map((_, i) => ({ text: `${doc.lang === 'zh' ? '日期：' : 'Date: '}${i === 0 ? doc.signDate : ''}`, fontSize: 8, color: GREY })),
        ],
      },
      layout: { hLineWidth: (i: number) => (i === 2 ? 0.5 : 0), vLineWidth: () => 0, hLineColor: () => RULE, paddingLeft: () => 0, paddingRight: () => 12 },
    },
  ];
  return {
    pageSize: 'A4',
    pageMargins: [36, 36, 36, 48],
    content,
    defaultStyle: { fontSize: 9, lineHeight: 1.15 },
    info: { title: doc.title, author: doc.company, creator: doc.company, producer: doc.company },
  };
}
