import { describe, expect, it } from 'vitest';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { tenderBid } from '../../src/core/tender/bid.ts';
import { findRequirementSet } from '../../src/core/tender/requirement-sets.ts';
import { makeRequirement } from '../../src/core/tender/requirement.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/** What bid staff saw on the rasterized tables (both samples, the set) and would not have sent. */
async function bid(name: string, starred: boolean, lang: 'zh' | 'en' = 'zh') {
  const k = await shippedKnowledge();
  const project = await sampleProject(name);
  const set = findRequirementSet(k.tenderSets ?? [], 'sgcc-220v-dc');
  if (!set.ok || !k.tenderVocabulary) throw new Error('set or vocabulary missing');
  const requirements = starred ? [...set.value.requirements, makeRequirement({ no: '14', name: '★效率', text: '≥99%' })] : set.value.requirements;
  return tenderBid({ meta: project.meta, evaluation: evaluateProject(project, k), catalog: k.catalog, vocabulary: k.tenderVocabulary, requirements, stored: undefined, date: '2026-11-30', lang });
}

describe('technical-bid tables as bid staff send them (issue #15)', () => {
  it('Chinese headings take the full-width colon; English ones the ASCII colon', async () => {
    const zh = (await bid('sample-220kv.json', false)).tables[0]!;
    expect(zh.heading[0]).toMatch(/^项目：220 kV/);
    expect(zh.heading[1]).toMatch(/^系统型号：ZHDCS220 80\/300　　元器件目录：\S+　　日期：2026-11-30$/);
    expect((await bid('sample-220kv.json', false, 'en')).tables[0]!.heading[0]).toMatch(/^Project: /);
  }, 60_000);

  it('the ★ note only when an item is starred', async () => {
    expect((await bid('sample-110kv.json', false)).tables[0]!.notes).toEqual([]);
    expect((await bid('sample-110kv.json', true)).tables[0]!.notes).toEqual(['★ 为实质性条款。']);
  }, 60_000);

  it('the component table lists each kind of breaker by rising rating', async () => {
    for (const s of ['sample-110kv.json', 'sample-220kv.json']) {
      const { response } = await bid(s, false);
      const k = await shippedKnowledge();
      const breakers = response.components.filter((c) => k.catalog.byCode.get(c.model)?.family === 'breaker');
      expect(breakers.length).toBeGreaterThan(3);
      const kinds = [...new Set(breakers.map((b) => b.name.zh))];
      for (const kind of kinds) {
        const ratings = breakers.filter((b) => b.name.zh === kind).map((b) => (k.catalog.byCode.get(b.model) as { ratedCurrentA: number }).ratedCurrentA);
        expect(ratings, `${s} ${kind}`).toEqual([...ratings].sort((a, b) => a - b));
      }
      // Each kind once, together.
      expect(breakers.map((b) => b.name.zh).filter((n, i, a) => i === 0 || a[i - 1] !== n)).toEqual(kinds);
    }
  }, 60_000);

  it('table 9 gives the tender item number column room for its header on one line', async () => {
    const t9 = (await bid('sample-110kv.json', false)).tables[2]!;
    const total = t9.widths.reduce((a, b) => a + b, 0);
    // 7 CJK characters at 8.5 pt need about 60 pt of the 770 pt landscape A4 table width.
    expect((t9.widths[1]! / total) * 770).toBeGreaterThan(62);
  }, 60_000);
});
