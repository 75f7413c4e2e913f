import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { reportDocument } from '../../src/core/export/calculation-report.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { exportDocuments } from '../../src/export/node.ts';
import { sampleProject } from '../fixtures/knowledge.ts';
import { DATE, inputFor } from './helpers/documents.ts';
import { hasTool, writeArtifact } from './helpers/poppler.ts';

/**
 * The load table of the calculation book with 7–10 discharge periods (issue 11: "持续" headings wrapped onto
 * three and four lines, and the table ran off the portrait page). Every period heading reads on two lines —
 * the period, then its range, each whole on one text line — and the table stays on its page.
 */
async function withPeriods(durations: number[]): Promise<ProjectFile> {
  const base = await sampleProject('sample-110kv.json');
  const loads = durations.map((m, i) => ({ id: `P${i + 1}`, name: `事故照明 ${m} min`, kind: 'emergencyLighting' as const, powerKW: 0.2, durationMin: m }));
  return { ...base, requirements: { ...base.requirements, loads: [...base.requirements.loads, ...loads] } };
}

const CASES: [string, number[]][] = [
  ['7 periods', [30, 90, 120, 180]],
  ['10 periods', [30, 90, 120, 150, 180, 300, 360]],
];

describe.skipIf(!hasTool('pdftotext'))('calculation book: load table headings with many periods', () => {
  it.each(CASES)('%s: each heading on two lines, the table on its page', async (name, durations) => {
    const project = await withPeriods(durations);
    const input = await inputFor(project);
    const labels = reportDocument(input).loadTable!.periodLabels;
    expect(labels.length).toBe(Number(name.split(' ')[0]));
    const r = await exportDocuments({ project, knowledge: input.knowledge, templates: input.templates, lang: 'zh', date: DATE, evaluation: input.evaluation, only: ['calculationReportPdf'] });
    if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
    const file = writeArtifact('calculation-book-periods', `${name.replace(' ', '-')}.pdf`, r.value[0]!.bytes);
    const pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f');
    const p = pages.findIndex((t) => t.includes('直流负荷统计表'));
    expect(p).toBeGreaterThanOrEqual(0);
    // Squashed: pdftotext sets "1 h" as "1h" (a narrow space); a part broken over two lines is found in neither.
    const lines = pages[p]!.split('\n').map((l) => l.replace(/\s+/g, ''));
    for (const label of labels) {
      const m = /^(.*?)\s*（(.*)）$/.exec(label);
      // "初期 1 min" has no range: it reads on one line or two, never broken inside "1 min".
      const parts = m ? [m[1]!.replace(/^持续\s+/, ''), m[2]!] : [label.replace(/^\S+\s+/, '')];
      for (const part of parts) expect(lines.some((l) => l.includes(part.replace(/\s+/g, ''))), `${label}: "${part}" is broken across lines`).toBe(true);
    }
    // Nothing runs off the page: every word of the page inside its width less the margin.
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', String(p + 1), '-l', String(p + 1), file, '-'], { encoding: 'utf8' });
    const width = Number(/<page width="([\d.]+)"/.exec(bbox)![1]);
    const right = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((x) => Number(x[1])));
    expect(right, `text reaches x = ${right} on a page ${width} wide`).toBeLessThanOrEqual(width - 30);
  }, 120_000);
});
