import type { DocumentInput } from '../../../src/core/export/export-input.ts';
import type { Templates } from '../../../src/core/export/templates.ts';
import { formatMoney, Money } from '../../../src/core/money.ts';
import { evaluateProject, quoteCheckOf, type ProjectEvaluation } from '../../../src/core/pipeline.ts';
import type { ProjectFile } from '../../../src/core/project/schema.ts';
import { recordDecision } from '../../../src/core/quote/approval.ts';
import { quoteStateSchema, type QuoteState } from '../../../src/core/quote/schema.ts';
import { readTemplates } from '../../../src/export/node.ts';
import { sampleProject, shippedKnowledge } from '../../fixtures/knowledge.ts';

export const DATE = '2026-11-24';

export function shippedTemplates(): Templates {
  const t = readTemplates();
  if (!t.ok) throw new Error(`shipped templates do not load: ${t.problems.map((p) => `${p.location?.file} ${p.path}: ${p.message.en}`).join('; ')}`);
  return t.value;
}

export const COMPLETE_TERMS = { paymentTerms: '合同签订后预付 30%，到货验收后付 60%，质保金 10%', deliveryDays: 60, validUntil: '2026-12-31', deliveryPlace: '示例变电站现场' };

/** The project with a quote section (parsed through the schema, so defaults are filled). */
export function withQuote(project: ProjectFile, quote: Record<string, unknown>): ProjectFile {
  return { ...project, quote: quoteStateSchema.parse({ ...(project.quote ?? {}), ...quote }) as QuoteState };
}

/** Records a valid approval at the level the quote needs; returns the project carrying it. */
export async function approved(project: ProjectFile): Promise<ProjectFile> {
  const k = await shippedKnowledge();
  const ev = evaluateProject(project, k);
  const check = quoteCheckOf(ev, k);
  if (!check || !ev.quote) throw new Error('not priced');
  const r = recordDecision(check, { approverName: '李经理', role: 'generalManager', time: '2026-11-24T10:00:00+08:00', decision: 'approve', comment: 'ok' });
  if (!r.ok) throw new Error(`approval refused: ${r.problems.map((p) => p.message.en).join('; ')}`);
  return { ...project, quote: r.value };
}

export async function inputFor(project: ProjectFile, lang: 'zh' | 'en' = 'zh', extra: Partial<DocumentInput> = {}): Promise<DocumentInput & { evaluation: ProjectEvaluation }> {
  const knowledge = await shippedKnowledge();
  return { project, knowledge, evaluation: evaluateProject(project, knowledge), templates: shippedTemplates(), lang, date: DATE, ...extra };
}

/** A figure in the forms it could take in a file: "1234.5", "1234.50", "1,234.50" (and negative forms). */
export function moneyForms(v: Money): string[] {
  const forms = new Set([v.toFixed(2), formatMoney(v), v.toString()]);
  return [...forms];
}

/** Finds `token` as a whole number in `haystack`: not inside a longer number, nor a cell reference such as F39. */
export function containsNumber(haystack: string, token: string): boolean {
  const esc = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.,A-Za-z$])${esc}(?![\\d]|[.,]\\d)`).test(haystack);
}

/** The 220 kV sample topped up with manual lines to `total` lines (300 by default), spread over its panels. */
export async function bigQuote(total = 300): Promise<ProjectFile> {
  const base = await sampleProject('sample-220kv.json');
  const input = await inputFor(base);
  const panels = input.evaluation.bom!.panels.map((p) => p.id);
  const n = Math.max(0, total - input.evaluation.bom!.lines.length);
  const edits = Array.from({ length: n }, (_, i) => ({
    type: 'addManualLine' as const,
    line: {
      id: `manual:${i + 1}`,
      panelId: panels[i % panels.length]!,
      quantity: String((i % 9) + 1),
      note: 'big',
      item: { kind: 'custom' as const, item: { name: { zh: `备品备件 ${i + 1}`, en: `Spare part ${i + 1}` }, spec: `SP-${1000 + i}`, unit: 'pcs' as const, brand: 'generic', costPrice: (100 + i).toFixed(2), listPrice: (150 + i).toFixed(2) } },
    },
  }));
  return { ...base, quote: quoteStateSchema.parse({ edits }) };
}
