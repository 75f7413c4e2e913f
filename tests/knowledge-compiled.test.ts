/** The app's precompiled knowledge (issue #16) must be the knowledge the loaders give, Maps included. */
import { describe, expect, it } from 'vitest';
import { compileKnowledge, knowledgeFromCompiled } from '../src/core/knowledge-compiled.ts';
import { evaluateProject } from '../src/core/pipeline.ts';
import { SAMPLE_PROJECTS, sampleProject, shippedKnowledge } from './fixtures/knowledge.ts';

describe('compiled knowledge', () => {
  it('round-trips the shipped catalog and rules exactly (Maps, byCode index)', async () => {
    const k = await shippedKnowledge();
    const back = knowledgeFromCompiled(compileKnowledge(k, [])).knowledge;
    expect(back).toEqual(k);
    expect(back.catalog.byCode.size).toBe(k.catalog.items.length);
    expect(back.sizingRules.loadClassById).toBeInstanceOf(Map);
  });

  it('sizes, builds and prices both samples exactly as the loaded knowledge does', async () => {
    const k = await shippedKnowledge();
    const back = knowledgeFromCompiled(compileKnowledge(k, [])).knowledge;
    for (const name of SAMPLE_PROJECTS) {
      const project = await sampleProject(name);
      expect(JSON.stringify(evaluateProject(project, back))).toBe(JSON.stringify(evaluateProject(project, k)));
    }
  });

  it('refuses a file of another format', () => {
    expect(() => knowledgeFromCompiled('{"format":"x"}')).toThrow(/compiled knowledge/);
    expect(() => knowledgeFromCompiled('null')).toThrow(/compiled knowledge/);
  });
});
