import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/catalog/csv.ts';
import { evaluateProject, quoteCheckOf } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { evaluateQuote, recordDecision, subjectOf } from '../../src/core/quote/approval.ts';
import { contentHashUnder } from '../../src/core/quote/hash.ts';
import { issueRevision, verifyRevision } from '../../src/core/quote/revisions.ts';
import { emptyQuoteState, quoteStateSchema, type QuoteState } from '../../src/core/quote/schema.ts';
import { requirementsFromGrid } from '../../src/core/tender/import.ts';
import { acknowledgeDeviation, setTenderRequirements } from '../../src/core/tender/review.ts';
import { checkOf, manager, stateAt } from '../quote/helpers.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

const root = join(import.meta.dirname, '../..');
const example = requirementsFromGrid(parseCsv(readFileSync(join(root, 'tests/fixtures/tender/example-220v.csv'), 'utf8'), 'example')).requirements;
const NEGATIVES = [['6', '均充电压调节范围', '220～290V'], ['7', '充电电压调节范围', '180～290V'], ['12', '模块输出电压范围', '180～290V']] as const;

function ackAll(state: QuoteState, which: readonly (typeof NEGATIVES)[number][] = NEGATIVES): QuoteState {
  let s = state;
  for (const [no, name, text] of which) {
    const r = acknowledgeDeviation(s, { no, name, text, reviewer: '李总工', time: '2026-11-30T10:00:00+08:00', comment: '已与设计院沟通' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    s = r.value;
  }
  return s;
}

describe('every negative deviation must be acknowledged before a final quote (issue #15)', () => {
  it('the 110 kV sample with the example tender is blocked by exactly its three negative deviations until a reviewer acknowledges them', async () => {
    const k = await shippedKnowledge();
    const project = await sampleProject('sample-110kv.json');
    const withTender: ProjectFile = { ...project, quote: setTenderRequirements(quoteStateSchema.parse(project.quote ?? {}), example) };
    const ev = evaluateProject(withTender, k);
    const tenderBlockers = ev.quote!.blockers.filter((p) => p.code === 'tender.deviationNotAcknowledged');
    expect(tenderBlockers.map((p) => p.value)).toEqual(['220～290V', '180～290V', '180～290V']);
    expect(tenderBlockers[1]?.message.zh).toContain('★充电电压调节范围');
    expect(ev.quote!.canIssueFinal).toBe(false);

    const two = evaluateProject({ ...withTender, quote: ackAll(withTender.quote as QuoteState, NEGATIVES.slice(0, 2)) }, k);
    expect(two.quote!.blockers.filter((p) => p.code.startsWith('tender.')).map((p) => p.value)).toEqual(['180～290V']);
    const all = evaluateProject({ ...withTender, quote: ackAll(withTender.quote as QuoteState) }, k);
    expect(all.quote!.blockers.filter((p) => p.code.startsWith('tender.'))).toEqual([]);
    expect(quoteCheckOf(all, k)?.tenderBlockers).toEqual([]);
  }, 60_000);

  it('requirements kept without the vocabulary block a final quote instead of passing unchecked', async () => {
    const k = await shippedKnowledge();
    const project = await sampleProject('sample-110kv.json');
    const { tenderVocabulary: _v, ...noVocabulary } = k;
    const ev = evaluateProject({ ...project, quote: setTenderRequirements(emptyQuoteState(), example) }, noVocabulary);
    expect(ev.quote!.blockers.map((p) => p.code)).toContain('tender.cannotCheck');
  }, 60_000);

  it('an acknowledgement needs a reviewer and a requirement the project has; a changed requirement is not covered', () => {
    const s = setTenderRequirements(emptyQuoteState(), example);
    expect(acknowledgeDeviation(s, { no: '6', name: '均充电压调节范围', text: '220～290V', reviewer: ' \u3000\u200b', time: '2026-11-30T10:00:00+08:00' }).ok).toBe(false);
    expect(acknowledgeDeviation(s, { no: '6', name: '均充电压调节范围', text: '220～300V', reviewer: '李总工', time: '2026-11-30T10:00:00+08:00' }).ok).toBe(false);
    const acked = ackAll(s);
    const changed = setTenderRequirements(acked, example.map((r) => (r.no === '6' ? { ...r, text: '220～295V' } : r)));
    expect(changed.tender!.acknowledgements.map((a) => a.no)).toEqual(['7', '12']);
  });

  it('the project file schema validates acknowledgements', () => {
    const s = ackAll(setTenderRequirements(emptyQuoteState(), example));
    expect(quoteStateSchema.safeParse(JSON.parse(JSON.stringify(s))).success).toBe(true);
    const bad = JSON.parse(JSON.stringify(s));
    bad.tender.acknowledgements[0].time = 'yesterday';
    expect(quoteStateSchema.safeParse(bad).success).toBe(false);
    bad.tender.acknowledgements[0] = { ...s.tender!.acknowledgements[0], reviewer: '' };
    expect(quoteStateSchema.safeParse(bad).success).toBe(false);
  });
});

describe('content-hash specification 3 covers the tender and its acknowledgements', () => {
  const tendered = setTenderRequirements(stateAt('20'), example);
  it('acknowledging a deviation changes the version-3 hash, not the version-2 one (older revisions keep verifying)', () => {
    const before = checkOf(tendered);
    const after = checkOf(ackAll(tendered));
    expect(contentHashUnder(3, subjectOf(after))).not.toBe(contentHashUnder(3, subjectOf(before)));
    expect(contentHashUnder(2, subjectOf(after))).toBe(contentHashUnder(2, subjectOf(before)));
    expect(evaluateQuote(after).contentHash).toBe(contentHashUnder(3, subjectOf(after)));
  });

  it('an approval given before an acknowledgement is void after it; a revision edited in its tender section is reported', () => {
    const approved = recordDecision(checkOf(tendered), manager);
    if (!approved.ok) throw new Error('refused');
    expect(evaluateQuote(checkOf(approved.value)).approved).toBe(true);
    const acked = ackAll(approved.value);
    expect(evaluateQuote(checkOf(acked)).approved).toBe(false);

    const again = recordDecision(checkOf(acked), { ...manager, time: '2025-03-01T11:00:00+08:00' });
    if (!again.ok) throw new Error('refused');
    const issued = issueRevision({ ...checkOf(again.value), issuedAt: '2025-03-01T12:00:00+08:00', issuedBy: '张工' });
    if (!issued.ok) throw new Error(JSON.stringify(issued.problems));
    const rev = issued.value.revisions[0]!;
    expect(rev.hashSpec).toBe(3);
    expect(rev.tender?.acknowledgements).toHaveLength(3);
    expect(verifyRevision(rev)).toEqual([]);
    const edited = JSON.parse(JSON.stringify(rev));
    edited.tender.acknowledgements.pop();
    const problems = verifyRevision(quoteStateSchema.parse({ revisions: [edited] }).revisions[0]!);
    expect(problems.map((p) => p.code)).toEqual(['revision.tampered']);
    expect(problems[0]?.message.zh).toContain('招标技术要求或负偏离确认');
  });
});
