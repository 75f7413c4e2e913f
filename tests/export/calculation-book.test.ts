import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { reportDocument, reportDocumentTexts } from '../../src/core/export/calculation-report.ts';
import { englishWords, internalIds } from '../../src/core/format/latin-words.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { exportDocuments } from '../../src/export/node.ts';
import { sampleProject, sampleProjectJson } from '../fixtures/knowledge.ts';
import { DATE, inputFor, shippedTemplates } from './helpers/documents.ts';
import { pdfToText, writeArtifact } from './helpers/poppler.ts';

/**
 * The calculation book read as a design institute's 校核 engineer reads it (issue 11): the Chinese book
 * has no English words, the English book no Chinese outside the names the user typed, no internal ids or
 * file paths anywhere, a failed check says what fails and by how much, and the appendix of unconfirmed
 * values is there exactly when a value is unconfirmed. Text is taken from the PDF itself (pdftotext).
 */
const SAMPLES = ['sample-110kv.json', 'sample-220kv.json'] as const;

async function bookText(project: ProjectFile, lang: 'zh' | 'en', name: string): Promise<string> {
  const input = await inputFor(project, lang);
  const r = await exportDocuments({ project, knowledge: input.knowledge, templates: shippedTemplates(), lang, date: DATE, evaluation: input.evaluation, only: ['calculationReportPdf'] });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
  const file = writeArtifact('calculation-book', `${name}.${lang}.pdf`, (r.value[0] as { bytes: Uint8Array }).bytes);
  return pdfToText(file);
}

/** Everything the user typed that a book may print as typed (names in either language). */
function typedNames(p: ProjectFile): string[] {
  const r = p.requirements;
  return [p.meta.name, p.meta.customer, p.meta.siteName, p.meta.designInstitute ?? '', p.meta.tenderNo ?? '', ...r.loads.map((l) => l.name), ...r.feeders.subPanels.map((s) => s.name), ...r.cables.circuits.map((c) => c.name)].filter(Boolean);
}

const flat = (s: string) => s.replace(/\s+/g, '');

describe.each(SAMPLES)('calculation book of %s', (name) => {
  it('the Chinese book has no English words (codes, units, symbols and standard numbers only) and no internal ids', async () => {
    const project = await sampleProject(name);
    const text = await bookText(project, 'zh', name);
    const english = text.split('\n').flatMap((line) => englishWords(line).map((w) => `${w} ← ${line.trim()}`));
    expect(english).toEqual([]);
    expect(internalIds(text)).toEqual([]);
    for (const bad of ['NOT OK', '仅供参考', 'product decision', '决定 ', 'rules/', '.yaml', '[rule', '[info]', '馈线（control）', 'leoch', 'panelToSubPanel']) expect(text, bad).not.toContain(bad);
  }, 60_000);

  it('the English book has no Chinese outside the names the user typed, and no internal ids', async () => {
    const project = await sampleProject(name);
    const raw = await bookText(project, 'en', name);
    expect(internalIds(raw)).toEqual([]);
    let text = flat(raw);
    // Longest names first, so a name that contains another is removed whole.
    for (const n of typedNames(project).sort((a, b) => b.length - a.length)) text = text.split(flat(n)).join(' ');
    expect(text.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []).toEqual([]);
  }, 60_000);

  it('sources print as clause, appendix and edition; a 2004-edition number only in the appendix', async () => {
    const project = await sampleProject(name);
    const doc = reportDocument(await inputFor(project, 'zh'));
    for (const s of doc.steps) expect(s.clause, s.id).toMatch(/^(DL\/T 5044-2014( (第 [\d.–-]+ 条|附录 [A-H]|第 \d+ 章)(、(第 [\d.–-]+ 条|附录 [A-H]))*)?|工程做法)(；(工程做法|IEC [\d-]+|GB\/T [\d.]+))*$/);
    const steps = JSON.stringify(doc.steps);
    expect(steps).not.toMatch(/2004/);
    expect(steps).not.toMatch(/S-04|R-(hi|med|low)/);
  });
});

describe('checks read as checks', () => {
  it('a failed selectivity check says what fails, by how much and what to change', async () => {
    const sample = await sampleProject('sample-110kv.json');
    // A 16 A sub-panel incomer above 10 A feeders: the ratio 1.6 is below the required 2.
    const subPanels = sample.requirements.feeders.subPanels.map((s, i) => (i === 0 ? { ...s, incomingRatingA: 16 } : s));
    const project = { ...sample, requirements: { ...sample.requirements, feeders: { ...sample.requirements.feeders, subPanels } } };
    const zh = reportDocument(await inputFor(project, 'zh')).steps.find((s) => s.id === 'breakers.selectivity')!;
    expect(zh.failed).toBe(true);
    expect(zh.result).toContain('不满足');
    expect(zh.result).toContain('1.6');
    expect(zh.result).toContain('差 0.4');
    expect(zh.result).toContain('应加大上级或减小下级');
    const en = reportDocument(await inputFor(project, 'en')).steps.find((s) => s.id === 'breakers.selectivity')!;
    expect(en.result).toMatch(/not met: .*lowest 1\.6 \(short by 0\.4\)/);
    for (const s of [zh, en]) expect(s.result).not.toMatch(/NOT OK|\bOK\b/);
    // The book text carries it too.
    const text = flat(await bookText(project, 'zh', 'selectivity-fail'));
    expect(text).toContain(flat(zh.result));
  }, 60_000);

  it('formulas are typeset: a negative term reads "− 13.64 / 0.8", never "+ -13.64/0.8"', async () => {
    for (const name of SAMPLES) {
      const doc = reportDocument(await inputFor(await sampleProject(name), 'zh'));
      for (const s of doc.steps) {
        expect(s.substituted ?? '', s.id).not.toMatch(/\+\s*-\s*\d/);
        expect(s.substituted ?? '', s.id).not.toMatch(/\d\/\d/);
      }
    }
  });
});

describe('confidence in one place', () => {
  it('unconfirmed values carry a numbered ※ in their line and are listed once in the appendix (value, clause, why)', async () => {
    const doc = reportDocument(await inputFor(await sampleProject('sample-220kv.json'), 'zh'));
    expect(doc.appendix).not.toBeNull();
    expect(doc.legend).not.toBeNull();
    const marked = doc.steps.filter((s) => s.footnote !== undefined);
    expect(marked.length).toBeGreaterThan(0);
    const numbers = [...new Set(marked.map((s) => s.footnote))];
    expect(doc.appendix!.notes.map((n) => n.mark)).toEqual(numbers.sort((a, b) => a! - b!).map((n) => `※${n}`));
    for (const s of marked) expect(doc.appendix!.notes[s.footnote! - 1]!.values).toContain(s.quantity);
    // The 2004-only closing factor says so in the appendix, not in its line.
    const closing = doc.appendix!.notes.find((n) => n.why.includes('2004 版条文号'));
    expect(closing?.why).toContain('E.3.3');
  });

  it('a book whose every value is confirmed prints no legend, no appendix and no disclaimer', async () => {
    const input = await inputFor(await sampleProject('sample-110kv.json'), 'zh');
    const confirmed = { ...input, evaluation: { ...input.evaluation, sizing: { ...input.evaluation.sizing, trace: input.evaluation.sizing.trace.map((e) => ({ ...e, confidence: e.confidence.length ? (['S'] as const).slice() : [] })) } } };
    const doc = reportDocument(confirmed);
    expect(doc.legend).toBeNull();
    expect(doc.appendix).toBeNull();
    expect(doc.steps.every((s) => s.footnote === undefined)).toBe(true);
    const all = reportDocumentTexts(doc).map((f) => f.text).join('\n');
    for (const w of ['※', '未确认', '仅供参考', '核对确认']) expect(all, w).not.toContain(w);
    // …and the same book with its real tags has both.
    expect(reportDocument(input).appendix).not.toBeNull();
  });
});

describe('characters the PDF font cannot draw block the export', () => {
  it.each([
    ['😀', 'customer', '“客户”'],
    ['𠀀', 'customer', '“客户”'],
  ])('%s in the customer name: no file, the field named as the user sees it, and what happens', async (ch) => {
    const sample = await sampleProject('sample-110kv.json');
    const project = { ...sample, meta: { ...sample.meta, customer: `示例${ch}公司` } };
    const input = await inputFor(project, 'zh');
    const r = await exportDocuments({ project, knowledge: input.knowledge, templates: shippedTemplates(), lang: 'zh', date: DATE });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'export.font.missing-glyph', severity: 'error', path: 'meta.customer', value: ch });
    expect(r.problems[0]!.message.zh).toContain('“客户”');
    expect(r.problems[0]!.message.zh).toContain('导出已停止，未生成任何文件');
    expect(r.problems[0]!.message.en).toContain('"Customer"');
  }, 60_000);

  it('a load name is named by its 1-based row', async () => {
    const sample = await sampleProject('sample-110kv.json');
    const loads = sample.requirements.loads.map((l, i) => (i === 2 ? { ...l, name: `${l.name}😀` } : l));
    const project = { ...sample, requirements: { ...sample.requirements, loads } };
    const input = await inputFor(project, 'zh');
    const r = await exportDocuments({ project, knowledge: input.knowledge, templates: shippedTemplates(), lang: 'zh', date: DATE, only: ['calculationReportPdf'] });
    expect(!r.ok && r.problems[0]!.message.zh).toContain('负荷第 3 行：名称');
  }, 60_000);

  it('dcq export stops with the message and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-glyph-'));
    const file = join(dir, 'p.json');
    const json = sampleProjectJson('sample-110kv.json') as { meta: { customer: string } };
    json.meta.customer = '示例😀公司';
    writeFileSync(file, JSON.stringify(json));
    let err = '';
    const code = await main(['export', file, '--out', join(dir, 'out'), '--date', DATE], { out: () => {}, err: (s) => (err += `${s}\n`) });
    expect(code).toBe(EXIT.problems);
    expect(err).toContain('“客户”');
    expect(err).toContain('😀');
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    expect(() => readFileSync(join(dir, 'out', 'Q-SAMPLE110KV-A_quote.pdf'))).toThrow();
  }, 60_000);
});
