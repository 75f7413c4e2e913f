import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, migrateProjectJson, openProjectText } from '../../src/core/project/index.ts';
import { sampleProjectJson } from '../fixtures/knowledge.ts';

describe('project file versions', () => {
  it('every sample is at the current version and opens unchanged', () => {
    const json = sampleProjectJson('sample-110kv.json') as { schemaVersion: number };
    expect(json.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    const r = migrateProjectJson(json);
    expect(r.ok && r.value.fromVersion).toBe(CURRENT_SCHEMA_VERSION);
  });

  it('a file from a newer version is refused with a clear reason, not misread', () => {
    const json = { ...(sampleProjectJson('sample-110kv.json') as object), schemaVersion: CURRENT_SCHEMA_VERSION + 1 };
    const r = openProjectText(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]?.code).toBe('PROJECT_NEWER_VERSION');
      expect(r.problems[0]?.message.zh).toMatch(/较新版本/);
    }
  });

  it.each([
    ['missing', undefined, 'PROJECT_NO_VERSION'],
    ['text', '1', 'PROJECT_BAD_VERSION'],
    ['fraction', 1.5, 'PROJECT_BAD_VERSION'],
    ['zero', 0, 'PROJECT_BAD_VERSION'],
  ])('a %s schemaVersion is refused', (_label, version, code) => {
    const json = { ...(sampleProjectJson('sample-110kv.json') as object), schemaVersion: version };
    const r = openProjectText(JSON.stringify(json));
    expect(!r.ok && r.problems[0]?.code).toBe(code);
  });

  it('truncated text and non-objects are refused with a reason', () => {
    const text = JSON.stringify(sampleProjectJson('sample-110kv.json'));
    const truncated = openProjectText(text.slice(0, text.length / 2));
    expect(!truncated.ok && truncated.problems[0]?.code).toBe('PROJECT_NOT_JSON');
    expect(!truncated.ok && truncated.problems[0]?.message.en).toMatch(/truncated/);
    const array = openProjectText('[1,2]');
    expect(!array.ok && array.problems[0]?.code).toBe('PROJECT_NOT_OBJECT');
  });

  it('a number too large for a double (1e400 → Infinity) is refused at its field', () => {
    const text = JSON.stringify(sampleProjectJson('sample-110kv.json')).replace(/"powerKW":[0-9.]+/, '"powerKW":1e400');
    const r = openProjectText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => /loads\[\d+\]\.powerKW/.test(p.path))).toBe(true);
  });
});
