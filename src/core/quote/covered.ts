import type { SizingResult } from '../sizing/index.ts';
import type { CoveredMeta, CoveredSizing, CoveredTender } from './hash.ts';
import type { TenderState } from './schema.ts';

/**
 * The parts of a project a version-2 content hash covers besides the priced quote and the terms
 * (src/core/quote/hash.ts is the specification): the meta a customer document prints, and the results
 * the calculation book prints, both as the printed text.
 */

export interface MetaSource {
  id: string;
  meta: {
    name: string;
    customer?: string | undefined;
    siteName?: string | undefined;
    designInstitute?: string | undefined;
    tenderNo?: string | undefined;
    quoteNo?: string | undefined;
    createdAt?: string | undefined;
    quoteContact?: { name: string; phone?: string | undefined; email?: string | undefined } | undefined;
  };
}

export function coveredMetaOf(project: MetaSource): CoveredMeta {
  const m = project.meta;
  const c = m.quoteContact;
  return {
    id: project.id,
    name: m.name,
    customer: m.customer ?? '',
    siteName: m.siteName ?? '',
    designInstitute: m.designInstitute ?? '',
    tenderNo: m.tenderNo ?? '',
    quoteNo: m.quoteNo?.trim() ?? '',
    createdOn: /^\d{4}-\d{2}-\d{2}/.exec(m.createdAt ?? '')?.[0] ?? '',
    contact: c ? [c.name, c.phone ?? '', c.email ?? ''].join('\u001f') : '',
  };
}

const f2 = (n: number | null | undefined) => (n === null || n === undefined ? '' : n.toFixed(2));
const f4 = (v: number | string) => (typeof v === 'number' ? String(Number(v.toFixed(4))) : v);

/** The calculation book's results: model code, load statistics, stage capacities, step results, equipment. */
export function coveredSizingOf(sizing: Pick<SizingResult, 'configuration' | 'loadStatistics' | 'trace'>): CoveredSizing {
  const s = sizing.loadStatistics;
  const loadTable: string[][] = [];
  if (s) {
    loadTable.push([String(s.nominalVoltageV), f4(s.dischargeDurationMin), f4(s.dutyCycleMin), ...s.columns.map((c) => c.label.zh)]);
    for (const r of s.rows) loadTable.push([String(r.no), r.name, `${f4(r.capacity.value)} ${r.capacity.unit}`, f4(r.loadFactor), f2(r.currentA), f2(r.continuousA), ...r.periodsA.map(f2), f2(r.randomA)]);
    loadTable.push([f2(s.totals.i0A), ...s.totals.periodsA.map(f2), f2(s.totals.randomA)]);
    if (s.capacity) {
      const c = s.capacity;
      loadTable.push([...c.stagesAh.map(f2)], [...c.withRandomAh.map(f2), f2(c.randomAh)], [f2(c.requiredAh), c.chosenAh === null ? '' : f4(c.chosenAh)]);
    }
  }
  const cfg = sizing.configuration;
  return {
    modelCode: cfg?.modelCode ?? '',
    loadTable,
    steps: sizing.trace.map((e) => `${e.id} ${e.symbol} = ${f4(e.value)} ${e.unit}`),
    equipment: (cfg?.lines ?? []).map((l) => `${l.family} ${l.itemCode ?? ''} × ${f4(l.quantity)} ${l.unit} @ ${l.location}`),
  };
}

/** The tender requirements and deviation acknowledgements a version-3 hash covers, as text. */
export function coveredTenderOf(state: { tender?: TenderState | undefined }): CoveredTender {
  const t = state.tender;
  return {
    requirements: (t?.requirements ?? []).map((r) => [r.no, r.name, r.text, r.starred ? '★' : '']),
    acknowledgements: (t?.acknowledgements ?? []).map((a) => [a.no, a.name, a.text, a.reviewer, a.time, a.comment]),
  };
}
