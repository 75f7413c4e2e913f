import { describe, expect, test } from 'vitest';
import { validateProject } from '../../src/core/project/index.ts';
import { sampleProjectJson, shippedKnowledge } from '../fixtures/knowledge.ts';

const k = await shippedKnowledge();
const withReq = (patch: (r: Record<string, any>) => void) => {
  const p = structuredClone(sampleProjectJson('sample-220kv.json')) as Record<string, any>;
  patch(p.requirements);
  return validateProject(p, k.sizingRules);
};

describe('project file: feeder circuit names and the AC input scheme (drawing)', () => {
  test('old files without the new fields still load', () => {
    expect(validateProject(sampleProjectJson('sample-220kv.json'), k.sizingRules).ok).toBe(true);
  });
  test('names and the AC input are kept', () => {
    const r = withReq((q) => {
      q.feeders.main[0].names = ['1# 主变保护', '2# 主变保护'];
      q.acInput = { incomers: 1 };
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.requirements.feeders.main[0]?.names).toEqual(['1# 主变保护', '2# 主变保护']);
      expect(r.value.requirements.acInput).toEqual({ incomers: 1 });
    }
  });
  test('more names than feeders is refused, naming the field, in both languages', () => {
    const r = withReq((q) => {
      q.feeders.main[3].names = ['a', 'b', 'c', 'd', 'e'];
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const p = r.problems.find((x) => x.code === 'FEEDER_NAMES_TOO_MANY');
      expect(p?.path).toBe('requirements.feeders.main[3].names');
      expect(p?.message.zh).toContain('馈线回路名称');
      expect(p?.message.en).toContain('circuit names');
    }
  });
  test('an ATS with one incomer is refused', () => {
    const r = withReq((q) => {
      q.acInput = { incomers: 1, ats: true };
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain('requirements.acInput.ats');
  });
  test('a wrong incomer count is refused with its field path', () => {
    const r = withReq((q) => {
      q.acInput = { incomers: 3 };
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => p.path.includes('acInput'))).toBe(true);
  });
});
