import { describe, expect, it } from 'vitest';
import { diffJson, merge3 } from '../src/app/server/merge.ts';
import { changeLabel, indexInDocuments, type LabelContext } from '../src/core/field-label.ts';
import { englishWords, internalIds } from '../src/core/format/latin-words.ts';
import { evaluateProject, quoteCheckOf } from '../src/core/pipeline.ts';
import { problemText, type Problem } from '../src/core/problems.ts';
import { validateProject } from '../src/core/project/requirements.ts';
import type { ProjectFile } from '../src/core/project/schema.ts';
import { recordDecision, termsProblems } from '../src/core/quote/approval.ts';
import { quoteStateSchema } from '../src/core/quote/schema.ts';
import { requirementsFromGrid } from '../src/core/tender/import.ts';
import { COMPLETE_TERMS } from './export/helpers/documents.ts';
import { sampleProject, shippedKnowledge } from './fixtures/knowledge.ts';

/**
 * Messages a user reads — conflict views (a stale save), merge overlaps, problem lists of a refused
 * project, approvals, commercial terms and a tender import — name the field as the user sees it, rows
 * from 1; never a code path (quote.approvals, cfg.breakers.chargerOutput#…, loads[7]) (issue 11).
 */
const RAW: RegExp[] = [/\w\[[^\]]*\]/, /\b[A-Za-z]\w*\.[A-Za-z]\w*\b/, /#/];
const UNITS = ['kW', 'kVA', 'min', 'ms', 'A', 'V', 'Ah', 'm', 'B', 'ZHR22020-4'];

function expectReadable(text: string, lang: 'zh' | 'en', what: string) {
  for (const re of RAW) expect(re.test(text), `${what}: "${text}" shows a code path (${re})`).toBe(false);
  expect(internalIds(text), `${what}: "${text}"`).toEqual([]);
  if (lang === 'zh') expect(englishWords(text, UNITS), `${what}: "${text}"`).toEqual([]);
}

/** A problem as a screen shows it (catalog import, start-up, problem lists), without the file name. */
function readablePart(p: Problem, lang: 'zh' | 'en'): string {
  let s = problemText(p, lang);
  if (p.location?.file) s = s.replace(p.location.file, '');
  return s.replace(/^(ERROR|WARNING|INFO)/, '');
}

async function edited(): Promise<{ base: ProjectFile; mine: ProjectFile; theirs: ProjectFile; lineName: (id: string) => string | undefined }> {
  const sample = await sampleProject('sample-220kv.json');
  const base: ProjectFile = { ...sample, quote: quoteStateSchema.parse({ ...(sample.quote ?? {}), terms: COMPLETE_TERMS }) };
  const k = await shippedKnowledge();
  const ev = evaluateProject(base, k);
  const lines = ev.priced!.lines;
  const names = new Map(lines.map((l) => [l.lineId, l.name.zh]));
  const check = quoteCheckOf(ev, k)!;
  const approved = recordDecision(check, { approverName: '李经理', role: 'generalManager', time: '2026-11-24T10:00:00+08:00', decision: 'approve', comment: 'ok' });
  if (!approved.ok) throw new Error(`approval refused: ${approved.problems.map((p) => p.message.en).join('; ')}`);
  const loads = base.requirements.loads;
  const mine: ProjectFile = {
    ...base,
    meta: { ...base.meta, customer: '另一个客户' },
    requirements: { ...base.requirements, loads: loads.map((l, i) => (i === 2 ? { ...l, name: `${l.name}（改）` } : l)), battery: { ...base.requirements.battery, brandPreference: 'narada' } },
    quote: quoteStateSchema.parse({
      ...approved.value,
      settings: { mode: 'listPrice', lineDiscountPct: { [lines[3]!.lineId]: '5' }, unitPrices: { [lines[4]!.lineId]: '999.00' }, headerDiscount: { kind: 'percent', pct: '2' } },
      terms: { paymentTerms: '预付 30%', deliveryDays: 45, validUntil: '2026-12-31' },
    }),
  };
  const theirs: ProjectFile = {
    ...base,
    requirements: { ...base.requirements, loads: [...loads.slice(0, 2), { ...loads[2]!, powerKW: 9.9 } as (typeof loads)[number], ...loads.slice(3)] },
    quote: quoteStateSchema.parse({ ...(base.quote ?? {}), settings: { mode: 'listPrice', lineDiscountPct: { [lines[3]!.lineId]: '3' }, unitPrices: {}, headerDiscount: { kind: 'percent', pct: '1' } }, terms: { paymentTerms: '货到付款', deliveryDays: 30, validUntil: null } }),
  };
  return { base, mine, theirs, lineName: (id) => names.get(id) };
}

describe('changed fields of a conflict and a merge read as the user sees them', () => {
  it.each(['zh', 'en'] as const)('%s', async (lang) => {
    const { base, mine, theirs, lineName } = await edited();
    const ctx: LabelContext = { indexOf: indexInDocuments([mine, theirs, base]), lineName };
    const changes = diffJson(theirs, mine);
    const paths = changes.map((c) => c.path);
    // The diff reaches the places issue 11 names: approvals, BOM line ids (with dots and #), rows by id.
    expect(paths.some((p) => p.startsWith('quote.approvals'))).toBe(true);
    expect(paths.some((p) => p.includes('#'))).toBe(true);
    expect(paths.some((p) => /loads\[[^\]]+\]/.test(p))).toBe(true);
    for (const p of paths) {
      const label = changeLabel(p, lang, ctx);
      expect(label, p).not.toBe('');
      expectReadable(label, lang, p);
    }
    const row = changeLabel(paths.find((p) => /loads\[[^\]]+\]\.name/.test(p))!, lang, ctx);
    expect(row).toBe(lang === 'zh' ? '负荷第 3 行：名称' : 'Load row 3: name');
    expect(changeLabel(paths.find((p) => p.includes('lineDiscountPct'))!, lang, ctx)).toContain(lineName([...Object.keys(mine.quote!.settings.mode === 'listPrice' ? mine.quote!.settings.lineDiscountPct : {})][0]!)!);
    for (const p of merge3(base, mine, theirs).overlaps) expectReadable(changeLabel(p, lang, { indexOf: indexInDocuments([mine]) }), lang, p);
  });
});

describe('problem lists read as the user sees them', () => {
  async function problems(): Promise<Problem[]> {
    const base = await sampleProject('sample-110kv.json');
    const out: Problem[] = [];
    const bad = structuredClone(base) as unknown as { requirements: { loads: Record<string, unknown>[]; feeders: { main: Record<string, unknown>[] } }; meta: Record<string, unknown> };
    bad.requirements.loads[0]!.powerKW = -1;
    bad.requirements.loads[1]!.name = '';
    if (bad.requirements.feeders.main[0]) bad.requirements.feeders.main[0].count = 0;
    const v = validateProject(bad);
    if (!v.ok) out.push(...v.problems);
    out.push(...termsProblems({ paymentTerms: '', deliveryDays: null, validUntil: null }));
    const k = await shippedKnowledge();
    const withTerms: ProjectFile = { ...base, quote: quoteStateSchema.parse({ ...(base.quote ?? {}), terms: COMPLETE_TERMS }) };
    const check = quoteCheckOf(evaluateProject(withTerms, k), k)!;
    const r = recordDecision(check, { approverName: '', role: 'generalManager', time: '2026-13-45', decision: 'approve', comment: '' });
    if (!r.ok) out.push(...r.problems);
    const grid = { name: 'tender.xlsx', rows: [{ rowNumber: 1, cells: ['序号', '参数名称', '招标要求'] }, { rowNumber: 2, cells: ['1', '额定电压', ''] }, { rowNumber: 3, cells: ['2', { formula: 'A1' }, '≥ 200 Ah'] }] };
    out.push(...requirementsFromGrid(grid).problems);
    return out;
  }

  it.each(['zh', 'en'] as const)('%s', async (lang) => {
    const ps = await problems();
    // A refused project, terms, an approval and a tender import each contributed.
    expect(ps.some((p) => p.path.includes('loads['))).toBe(true);
    expect(ps.some((p) => p.code.startsWith('tender.'))).toBe(true);
    expect(ps.some((p) => p.path.startsWith('approval') || p.code.startsWith('approval'))).toBe(true);
    for (const p of ps) expectReadable(readablePart(p, lang), lang, `${p.code} ${p.path}`);
    const power = ps.find((p) => p.path === 'requirements.loads[0].powerKW')!;
    expect(problemText(power, lang)).toContain(lang === 'zh' ? '负荷第 1 行：功率 (kW)' : 'Load row 1: power (kW)');
  });
});
