import { describe, expect, test } from 'vitest';
import { compareSignatures, drawingSvgs, elementSignatures, highlightOf, issueDrawingRevision, nextRevisionLetter } from '../../src/core/drawing/index.ts';
import { drawingStateSchema } from '../../src/core/drawing/state.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { drawingOf } from './helpers.ts';

const k = await shippedKnowledge();
const base = await sampleProject('sample-220kv.json');

describe('drawing revisions', () => {
  test('letters of their own: A, B … Z, AA, AB', () => {
    const st = (letter: string) => ({ revisions: [{ letter, date: '2026-11-30', quoteRevision: null, description: '', elements: {} }] });
    expect(nextRevisionLetter({ revisions: [] })).toBe('A');
    expect(nextRevisionLetter(st('A'))).toBe('B');
    expect(nextRevisionLetter(st('Z'))).toBe('AA');
    expect(nextRevisionLetter(st('AZ'))).toBe('BA');
  });

  test('each revision records the quote revision it started from; the state stays valid for the project file', () => {
    const d = drawingOf(base, k);
    const s1 = issueDrawingRevision({ revisions: [] }, d, { date: '2026-12-01', description: '首次提交', quoteRevision: 'B' });
    const s2 = issueDrawingRevision(s1, d, { date: '2026-12-05', description: '按用户意见修改', quoteRevision: 'B' });
    expect(s2.revisions.map((r) => [r.letter, r.quoteRevision])).toEqual([['A', 'B'], ['B', 'B']]);
    expect(drawingStateSchema.safeParse(s2).success).toBe(true);
    // The title block and revision table show them.
    const p: ProjectFile = { ...base, drawing: s2 };
    const d2 = drawingOf(p, k);
    expect(d2.titleBlock.revision).toBe('B');
    const table = d2.elements.find((e) => e.id === 'revisionTable.1')!.labels.map((l) => l.text);
    expect(table).toEqual(expect.arrayContaining(['A', 'B', '首次提交', '按用户意见修改']));
  });

  test('comparing two revisions finds exactly the changed feeders, the added one and what follows from it, nothing else; the SVG highlights them', () => {
    const d1 = drawingOf(base, k);
    const req = structuredClone(base.requirements);
    req.feeders.main[2] = { ...req.feeders.main[2]!, ratingA: 40 }; // power 32 A × 4 → 40 A × 4
    req.feeders.main[0] = { ...req.feeders.main[0]!, names: ['1# 主变保护'] };
    req.feeders.main[1] = { ...req.feeders.main[1]!, count: req.feeders.main[1]!.count + 1 };
    const d2 = drawingOf({ ...base, requirements: req }, k);
    const c = compareSignatures(elementSignatures(d1), elementSignatures(d2));
    expect(c.removed).toEqual([]);
    expect(c.added).toEqual([`brk.main.1#${base.requirements.feeders.main[1]!.count + 1}`]);
    // The added feeder also raises the count of feeder sampling boxes (one per circuit) in its feeder panel: a real change too.
    expect(c.changed).toEqual(['brk.main.0#1', 'brk.main.2#1', 'brk.main.2#2', 'brk.main.2#3', 'brk.main.2#4', 'box.cfg.monitoring.selection#samplingBox@feederPanel-1'].sort());
    const svg = drawingSvgs(d2, { highlight: highlightOf(c) }).join('');
    const marked = [...svg.matchAll(/<g data-id="([^"]+)"[^>]*class="changed"/g)].map((m) => m[1]).sort();
    expect(marked).toEqual([...c.added, ...c.changed].sort());
  });
});
