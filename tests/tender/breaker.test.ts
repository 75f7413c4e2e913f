import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import type { CatalogItem } from '../../src/core/catalog/schema.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { makeRequirement, parseRequirementCell } from '../../src/core/tender/requirement.ts';
import { answerRequirement, type ConfiguredItem } from '../../src/core/tender/respond.ts';
import { respondToTender } from '../../src/core/tender/tender.ts';
import { loadVocabulary, type Vocabulary } from '../../src/core/tender/vocabulary.ts';
import { fixture } from '../catalog/fixtures.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

const root = join(import.meta.dirname, '../..');
let vocabulary: Vocabulary;

beforeAll(() => {
  const v = loadVocabulary({ path: 'rules/tender/vocabulary.yaml', text: readFileSync(join(root, 'rules/tender/vocabulary.yaml'), 'utf8') });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  vocabulary = v.value;
});

/** A DC mcb with datasheet (not sample) technical data: 10 kA, C curve, 2 poles, 440 V. */
const breaker = (over: Record<string, unknown> = {}, sample = false): ConfiguredItem => ({
  item: {
    family: 'breaker', code: 'BRK', nameZh: '直流微型断路器', nameEn: 'DC mcb', spec: 's', unit: 'pcs', brand: 'abb', costPrice: '1.00', listPrice: '2.00', leadTimeDays: 1, status: 'active', alternates: [],
    currentType: 'dc', frame: 'mcb', series: 'S', ratedCurrentA: 10, poles: 2, ratedVoltageV: 440, breakingCapacityKA: 10, curve: 'C', alarmContact: false,
    technical: [{ source: 'maker datasheet', sample, values: { breakingCapacityKA: 10, curves: ['C'], poles: 2, ratedVoltageV: 440, ...over } }],
  } as unknown as CatalogItem,
  context: { ratedCurrentA: '10' },
});
const answer = (name: string, text: string, items: ConfiguredItem[] = [breaker()]) => answerRequirement(makeRequirement({ no: '1', name, text }), vocabulary, items);

describe('breaker technical data in tender answers (issue #15)', () => {
  it('reads the breakers\' requirement cells: a curve letter in its usual wordings, poles as P or 极', () => {
    for (const t of ['C', 'C型', 'C型脱扣曲线', 'c曲线', 'C 型脱扣特性']) expect(parseRequirementCell(t), t).toEqual({ kind: 'text', value: 'C' });
    expect(parseRequirementCell('2P')).toEqual({ kind: 'bound', op: '=', value: '2', unit: 'P', plusMinus: false });
    expect(parseRequirementCell('2极')).toEqual({ kind: 'bound', op: '=', value: '2', unit: 'P', plusMinus: false });
    expect(parseRequirementCell('≥6kA')).toEqual({ kind: 'bound', op: '>=', value: '6', unit: 'kA', plusMinus: false });
  });

  it('breaking capacity: better, equal and worse than required; A converts to kA exactly', () => {
    expect(answer('分断能力', '≥6kA').status).toBe('positive');
    expect(answer('额定短路分断能力', '≥10kA').status).toBe('none');
    expect(answer('断路器分断能力', '≥15kA').status).toBe('negative');
    expect(answer('分断能力', '≥10000A').status).toBe('none');
    expect(answer('分断能力', '≥10001A').status).toBe('negative');
  });

  it('trip curve, poles and rated voltage', () => {
    expect(answer('脱扣曲线', 'C型').status).toBe('none');
    expect(answer('脱扣特性', 'D型').status).toBe('negative');
    expect(answer('极数', '2P').status).toBe('none');
    expect(answer('极数', '4P').status).toBe('negative');
    expect(answer('直流断路器额定电压', '≥220V').status).toBe('positive');
    expect(answer('断路器额定工作电压', '≥500V').status).toBe('negative');
  });

  it('a moulded-case breaker without a C curve is a negative deviation against "C型"', () => {
    const mccb = breaker({ curves: ['热磁式'] });
    expect(answer('脱扣曲线', 'C型', [breaker(), mccb]).status).toBe('negative');
  });

  it('sample breaker data is 需人工确认 with what the sample value would give, never 无偏离', () => {
    expect(answer('分断能力', '≥6kA', [breaker({}, true)])).toMatchObject({ status: 'manual', tentative: 'positive' });
    expect(answer('脱扣曲线', 'C型', [breaker({}, true)])).toMatchObject({ status: 'manual', tentative: 'none' });
  });

  it('only the DC breakers answer a DC system\'s breaker requirements', () => {
    const ac = breaker({ breakingCapacityKA: 6 });
    const acItem = { ...ac, item: { ...ac.item, code: 'AC', currentType: 'ac', breakingCapacityKA: 6 } as unknown as CatalogItem };
    const a = answer('分断能力', '≥10kA', [breaker(), acItem]);
    expect(a.status).toBe('none');
    expect(a.items).toEqual(['BRK']);
  });

  it('the shipped catalog answers both samples\' DC breakers from their SAMPLE technical groups', async () => {
    const k = await shippedKnowledge();
    for (const s of ['sample-110kv.json', 'sample-220kv.json']) {
      const evaluation = evaluateProject(await sampleProject(s), k);
      const reqs = [['1', '分断能力', '≥6kA'], ['2', '脱扣曲线', 'C型'], ['3', '极数', '2P'], ['4', '断路器额定电压', '≥220V']].map(([no, name, text]) => makeRequirement({ no: no!, name: name!, text: text! }));
      const r = respondToTender(evaluation, k.catalog, vocabulary, reqs);
      for (const a of r.answers) {
        expect(a.status, `${s} ${a.requirement.name}`).toBe('manual');
        expect(a.tentative, `${s} ${a.requirement.name}: ${a.note.en}`).toBeDefined();
        expect(a.note.zh).toContain('样本数据');
        for (const code of a.items) expect(k.catalog.byCode.get(code)).toMatchObject({ family: 'breaker', currentType: 'dc' });
      }
      expect(r.answers[0]!.tentative).toBe('positive');
    }
  }, 60_000);
});

describe('dcq catalog check validates the breakers\' technical data', () => {
  const withTechnical = (values: string) => ({ items: (t: string) => t.replace('    breakingCapacityKA: 10\n    alternates: [ABB-10]\n', `    breakingCapacityKA: 10\n    curve: C\n    technical:\n      - source: "SAMPLE"\n        sample: true\n        values: ${values}\n    alternates: [ABB-10]\n`) });
  it('accepts technical data that agree with the item', () => {
    const r = loadCatalog(fixture(withTechnical('{ breakingCapacityKA: 10, curves: [C], poles: 2, ratedVoltageV: 440 }')));
    expect(r.ok, r.ok ? '' : r.problems.map((p) => p.message.en).join('; ')).toBe(true);
  });
  it('refuses a curve list without the item\'s curve and poles or a voltage the item contradicts, naming the field', () => {
    for (const [values, key] of [['{ curves: [D] }', 'curves'], ['{ poles: 3 }', 'poles'], ['{ ratedVoltageV: 250 }', 'ratedVoltageV'], ['{ breakingCapacityKA: 6 }', 'breakingCapacityKA']] as const) {
      const r = loadCatalog(fixture(withTechnical(values)));
      expect(r.ok, values).toBe(false);
      if (!r.ok) expect(r.problems.find((p) => p.code === 'catalog.technicalMismatch')?.path).toBe(`items[SCH-10].technical[0].values.${key}`);
    }
  });
  it('refuses an impossible pole count', () => {
    const r = loadCatalog(fixture(withTechnical('{ poles: 7 }')));
    expect(r.ok).toBe(false);
  });
});
