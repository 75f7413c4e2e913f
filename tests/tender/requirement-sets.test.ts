import fc from 'fast-check';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseCsv } from '../../src/core/catalog/csv.ts';
import { requirementsFromGrid } from '../../src/core/tender/import.ts';
import { makeRequirement } from '../../src/core/tender/requirement.ts';
import { findRequirementSet, loadRequirementSet, loadRequirementSets, nextSetVersion, requirementSetYaml, type RequirementSet } from '../../src/core/tender/requirement-sets.ts';
import { shippedKnowledge } from '../fixtures/knowledge.ts';

const root = join(import.meta.dirname, '../..');
const EXAMPLE = join(root, 'tests/fixtures/tender/example-220v.csv');
const sample = join(root, 'templates/projects/sample-110kv.json');
async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}
const HEAD = 'id: t\nversion: 1\nname: { zh: 测试, en: Test }\nsource: test\nconfidence: test\n';
const load = (text: string) => loadRequirementSet({ path: 'rules/tender/requirement-sets/t.yaml', text });

describe('the requirement-set library (issue #15)', () => {
  it('ships the issue\'s 220 V example set: the same rows as the example table, no ★ (the tender summary marks none)', async () => {
    const k = await shippedKnowledge();
    const set = findRequirementSet(k.tenderSets ?? [], 'sgcc-220v-dc');
    if (!set.ok) throw new Error(set.problems[0]?.message.en);
    expect(set.value).toMatchObject({ id: 'sgcc-220v-dc', version: 1, path: 'rules/tender/requirement-sets/sgcc-220v-dc.yaml' });
    const table = requirementsFromGrid(parseCsv(readFileSync(EXAMPLE, 'utf8'), 'example')).requirements;
    const plain = (r: { no: string; name: string; text: string; parsed: unknown }) => ({ no: r.no, name: r.name, text: r.text, parsed: r.parsed });
    expect(set.value.requirements.map(plain)).toEqual(table.map(plain));
    expect(set.value.requirements.some((r) => r.starred)).toBe(false);
  });

  it('a bad row is reported like an imported table: the field and the 1-based row of the set', () => {
    const r = load(`${HEAD}requirements:\n  - { no: "1", name: 效率, requirement: "≥90%" }\n  - { no: "2", name: 噪声, requirement: "<45dB" }\n  - { no: "3", requirement: "≥0.90" }\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'tender.missingCell', path: 'name', location: { file: 'rules/tender/requirement-sets/t.yaml', row: 3 } });
    expect(r.problems[0]?.message.zh).toBe('第 3 行缺少“参数名称”');
    expect(r.problems[0]?.message.en).toBe('row 3: the parameter name is missing');
  });

  it('a wrong field names it (and its row); bad YAML and a missing id are refused', () => {
    const wrong = load(`${HEAD}requirements:\n  - { no: "1", name: 效率, requirement: "≥90%" }\n  - { no: "2", name: 噪声, requirment: "<45dB" }\n`);
    expect(wrong.ok ? '' : wrong.problems[0]?.message.zh).toContain('第 2 行');
    expect(wrong.ok ? undefined : wrong.problems[0]?.location?.row).toBe(2);
    const noId = load(HEAD.replace('id: t\n', '') + 'requirements:\n  - { no: "1", name: 效率, requirement: "≥90%" }\n');
    expect(noId.ok ? '' : noId.problems[0]?.message.zh).toContain('“编号”');
    expect(noId.ok ? '' : noId.problems[0]?.message.en).toContain('"id"');
    expect(load('id: [').ok).toBe(false);
    expect(load(`${HEAD.replace('id: t', 'id: Bad Name')}requirements:\n  - { no: "1", name: 效率, requirement: "≥90%" }\n`).ok).toBe(false);
  });

  it('names and versions: NAME is the highest version, NAME@N that one; a duplicate id@version or an unknown name is an error', () => {
    const v = (n: number) => ({ path: `s${n}.yaml`, text: `${HEAD.replace('version: 1', `version: ${n}`)}requirements:\n  - { no: "1", name: 效率, requirement: "≥9${n}%" }\n` });
    const sets = loadRequirementSets([v(2), v(1)]);
    if (!sets.ok) throw new Error('load');
    expect(findRequirementSet(sets.value, 't').ok && findRequirementSet(sets.value, 't')).toMatchObject({ value: { version: 2 } });
    expect(findRequirementSet(sets.value, 't@1')).toMatchObject({ ok: true, value: { version: 1, requirements: [{ text: '≥91%' }] } });
    const unknown = findRequirementSet(sets.value, 't@3');
    expect(unknown.ok ? '' : unknown.problems[0]?.message.zh).toContain('t@1, t@2');
    const pasted = findRequirementSet(sets.value, '表'.repeat(5000));
    const pastedText = pasted.ok ? '' : pasted.problems[0]?.message.zh ?? '';
    expect(pastedText.length).toBeLessThan(120); // a pasted page is echoed as one readable line
    expect(pastedText).toContain('…');
    expect(nextSetVersion(sets.value, 't')).toBe(3);
    expect(nextSetVersion(sets.value, 'new')).toBe(1);
    const dup = loadRequirementSets([v(1), { ...v(1), path: 'other.yaml' }]);
    expect(dup.ok ? '' : dup.problems[0]?.code).toBe('tender.requirementSetDuplicate');
  });

  it('a set saved from typed requirements reads back to the same requirements (YAML round trip)', () => {
    const cellText = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '' && !/^[★☆*＊\s]/.test(s) && s.trim() === s);
    fc.assert(fc.property(fc.array(fc.record({ no: fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 99 }).map(String)), name: cellText, text: cellText, starred: fc.boolean() }), { minLength: 1, maxLength: 8 }), (rows) => {
      const requirements = rows.map((r) => makeRequirement(r));
      const set: Omit<RequirementSet, 'path'> = { id: 'typed', version: 1, name: { zh: '录入', en: 'Typed' }, source: 'typed in the app', confidence: 'internal', requirements };
      const back = load(requirementSetYaml(set));
      if (!back.ok) throw new Error(JSON.stringify(back.problems.map((p) => p.message.en)));
      expect(back.value.requirements.map(({ sourceRow: _s, ...r }) => r)).toEqual(requirements);
    }), { numRuns: 200 });
  });
});

describe('dcq tender --set and dcq tender-sets', () => {
  it('--set answers like the same table; tender-sets lists the library; a new version in another rules folder is picked by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-sets-'));
    const bySet = JSON.parse((await run(['tender', sample, '--set', 'sgcc-220v-dc', '--out', join(dir, 'a'), '--json', '--date', '2026-11-30'])).out) as { answers: Array<{ no: string; status: string; ourValue: string }> };
    const byTable = JSON.parse((await run(['tender', sample, EXAMPLE, '--out', join(dir, 'b'), '--json', '--date', '2026-11-30'])).out) as typeof bySet;
    expect(bySet.answers.map((a) => [a.no, a.status, a.ourValue])).toEqual(byTable.answers.map((a) => [a.no, a.status, a.ourValue]));
    const list = await run(['tender-sets']);
    expect(list.out).toMatch(/^sgcc-220v-dc@1\t220V 直流系统/m);
    const rules = join(dir, 'rules');
    cpSync(join(root, 'rules'), rules, { recursive: true });
    const v1 = readFileSync(join(rules, 'tender/requirement-sets/sgcc-220v-dc.yaml'), 'utf8');
    writeFileSync(join(rules, 'tender/requirement-sets/sgcc-220v-dc-2.yaml'), v1.replace('version: 1', 'version: 2').replace('"≤±0.3%"', '"≤±0.5%"'));
    const v2 = JSON.parse((await run(['tender', sample, '--set', 'sgcc-220v-dc', '--rules', rules, '--out', join(dir, 'c'), '--json'])).out) as typeof bySet;
    expect(v2.answers[0]).toMatchObject({ no: '1', requirement: '≤±0.5%' });
    expect((await run(['tender-sets', '--rules', rules])).out).toContain('sgcc-220v-dc@2');
    const bad = await run(['tender', sample, EXAMPLE, '--set', 'sgcc-220v-dc', '--out', join(dir, 'd')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('tender.usage');
    const unknown = await run(['tender', sample, '--set', 'nope', '--out', join(dir, 'd')]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('sgcc-220v-dc@1');
  }, 180_000);
});
