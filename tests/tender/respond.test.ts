import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/catalog/csv.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { requirementsFromGrid } from '../../src/core/tender/import.ts';
import { makeRequirement, type Requirement } from '../../src/core/tender/requirement.ts';
import { answerRequirement, type ConfiguredItem } from '../../src/core/tender/respond.ts';
import { respondToTender, type TenderResponse } from '../../src/core/tender/tender.ts';
import { compareConverted, conversionRatio, D } from '../../src/core/tender/units.ts';
import { loadVocabulary, type Vocabulary } from '../../src/core/tender/vocabulary.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

const root = join(import.meta.dirname, '../..');
let vocabulary: Vocabulary;
let requirements: Requirement[];
const responses: Record<string, TenderResponse> = {};

beforeAll(async () => {
  const v = loadVocabulary({ path: 'rules/tender/vocabulary.yaml', text: readFileSync(join(root, 'rules/tender/vocabulary.yaml'), 'utf8') });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  vocabulary = v.value;
  requirements = requirementsFromGrid(parseCsv(readFileSync(join(root, 'tests/fixtures/tender/example-220v.csv'), 'utf8'), 'example')).requirements;
  const k = await shippedKnowledge();
  for (const s of ['sample-110kv.json', 'sample-220kv.json']) responses[s] = respondToTender(evaluateProject(await sampleProject(s), k), k.catalog, vocabulary, requirements);
}, 60_000);

const byNo = (r: TenderResponse) => Object.fromEntries(r.answers.map((a) => [a.requirement.no, a.tentative ? `${a.status}(${a.tentative})` : a.status]));

describe('the public 220 V tender example against the sample catalog (issue #15)', () => {
  // Module output range 198–286 V and rated current come from the maker deck; everything else is SAMPLE → 需人工确认.
  const common = {
    1: 'manual(negative)', 2: 'manual(none)', 3: 'manual(positive)', 4: 'manual(none)',
    5: 'positive', 6: 'negative', 7: 'negative', 8: 'manual(positive)', 9: 'manual(positive)', 10: 'manual(negative)',
    12: 'negative', 13: 'manual',
  };
  it('110 kV sample (ZHR22010-4): exactly the expected deviations', () => {
    expect(byNo(responses['sample-110kv.json']!)).toEqual({ ...common, 11: 'none' });
  });
  it('220 kV sample (ZHR22020-4): a 20 A module against "10A" is 负偏离 (equals not met)', () => {
    expect(byNo(responses['sample-220kv.json']!)).toEqual({ ...common, 11: 'negative' });
  });
  it('the ★ charging range 180～290 V is disqualifying; the unstarred negatives are not', () => {
    const r = responses['sample-110kv.json']!;
    expect(r.disqualifying.map((a) => a.requirement.no)).toEqual(['7']);
    expect(r.deviations.map((a) => `${a.requirement.no}:${a.status}`)).toEqual(['5:positive', '6:negative', '7:negative', '12:negative']);
    expect(r.answers[6]?.note.zh).toContain('下限和上限');
  });
  it('the component table lists the configured main components with brand and origin', () => {
    const c = responses['sample-220kv.json']!.components;
    expect(c[0]).toMatchObject({ no: 1, model: 'ZHR22020-4', origin: { zh: '自产' }, quantity: '15' });
    expect(c.find((x) => x.model === 'LC-DJ300')).toMatchObject({ brand: { zh: '理士' }, origin: { zh: '国产' }, quantity: '208' });
  });
});

describe('never a silent 无偏离', () => {
  const module = (technical: unknown): ConfiguredItem => ({
    item: { family: 'rectifierModule', code: 'M', nameZh: 'm', nameEn: 'm', spec: 's', unit: 'pcs', brand: 'own', costPrice: '1.00', listPrice: '2.00', leadTimeDays: 1, status: 'active', alternates: [], nominalVoltageV: 220, ratedCurrentA: 10, outputRangeV: { minV: 198, maxV: 286 }, acInput: 'x', efficiencyPct: 94, powerFactor: 0.99, slotWidth: 1, technical } as ConfiguredItem['item'],
    context: { ratedCurrentA: '10', cellCount: 104 },
  });
  const firm = module([{ source: 'maker datasheet', sample: false, values: { voltagePrecisionPct: 0.3, sharingImbalancePct: 3 } }]);

  it('a name the vocabulary does not know is 需人工确认, whatever the cell says', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('≤±0.5%', '≥0.90', '180～290V', 'RAL7035', '10A'), (name, text) => {
      fc.pre(!vocabulary.byName.has(name.normalize('NFKC').replace(/\s/g, '').toLowerCase()));
      const a = answerRequirement(makeRequirement({ no: '1', name, text }), vocabulary, [firm]);
      return a.status === 'manual';
    }));
  });
  it('a note bid staff may print in the table names no internal file, key or path', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('≤±0.5%', '≥-90%', '290～180V', 'RAL7035', '10A', 'abc'), (name, text) => {
      const a = answerRequirement(makeRequirement({ no: '1', name, text }), vocabulary, [firm]);
      for (const note of [a.note.zh, a.note.en]) expect(note).not.toMatch(/rules\/|\.ya?ml|catalog\/|\w+\.\w+\.\w+|\[\d+\]/);
    }));
  });
  it('colour and protection class are 需人工确认', () => {
    expect(answerRequirement(makeRequirement({ no: '1', name: '柜体颜色', text: 'RAL7035' }), vocabulary, [firm]).status).toBe('manual');
    expect(answerRequirement(makeRequirement({ no: '1', name: '防护等级', text: 'IP30' }), vocabulary, [firm]).status).toBe('manual');
  });
  it('a value resting on sample data is never 无偏离, a datasheet value is', () => {
    const req = makeRequirement({ no: '1', name: '稳压精度', text: '≤±0.3%' });
    expect(answerRequirement(req, vocabulary, [firm]).status).toBe('none');
    const sample = module([{ source: 'SAMPLE', sample: true, values: { voltagePrecisionPct: 0.3 } }]);
    expect(answerRequirement(req, vocabulary, [sample])).toMatchObject({ status: 'manual', tentative: 'none' });
  });
  it('A against % of rated current converts exactly: ±0.3 A of 10 A is 3 %', () => {
    expect(answerRequirement(makeRequirement({ no: '1', name: '均流不平衡度', text: '≤±0.3A' }), vocabulary, [firm]).status).toBe('none');
    expect(answerRequirement(makeRequirement({ no: '1', name: '均流不平衡度', text: '≤±0.29A' }), vocabulary, [firm]).status).toBe('negative');
    expect(answerRequirement(makeRequirement({ no: '1', name: '均流不平衡度', text: '≤±0.31A' }), vocabulary, [firm]).status).toBe('positive');
  });
  it('V/cell against the module range converts with the cell count (104 cells): 2.75 V/cell is exactly 286 V', () => {
    const range = module([{ source: 'maker', sample: false, values: { outputRangeV: { min: 198, max: 286 } } }]);
    const answer = (text: string) => answerRequirement(makeRequirement({ no: '1', name: '浮充电压调节范围', text }), vocabulary, [range]);
    expect(answer('2.0～2.75V/单体').status).toBe('positive'); // 208..286 inside 198..286, wider below
    expect(answer('1.90～2.75V/单体').status).toBe('negative'); // 197.6 below 198
    expect(answer('2.0～2.76V/单体').status).toBe('negative'); // 287.04 above 286
    expect(answer('2.0～2.75V/单体').ourValue.zh).toBe('198～286 V（= 1.9038462～2.75 V/单体）');
  });
});

describe('unit conversions are exact', () => {
  const dec = (scale: number) => fc.bigInt({ min: 1n, max: 10n ** 9n }).map((n) => ({ n, scale, s: (Number(n) / 10 ** scale).toFixed(scale) }));
  it('V/cell × cells against V matches an integer oracle', () => {
    fc.assert(fc.property(dec(3), dec(2), fc.integer({ min: 1, max: 400 }), (x, y, cells) => {
      // x in V (requirement), y in V/cell (ours): sign of x − y·cells, all scaled to 1e-3.
      const r = conversionRatio('V/cell', 'V', 'perCell', { cellCount: cells });
      if ('reason' in r) return false;
      const oracle = x.n - y.n * 10n * BigInt(cells);
      const sign = oracle > 0n ? 1 : oracle < 0n ? -1 : 0;
      return compareConverted(new D(x.s), new D(y.s), r) === sign;
    }));
  });
  it('A against % of a rated current matches an integer oracle, also where division does not terminate', () => {
    fc.assert(fc.property(dec(2), dec(3), fc.integer({ min: 1, max: 999 }), (x, y, rated) => {
      // x in A (requirement), y in % (ours), rated in A: sign of x − y·rated/100 ⇔ sign of 100·x − y·rated.
      const r = conversionRatio('%', 'A', 'percentOfRatedCurrent', { ratedCurrentA: String(rated) });
      if ('reason' in r) return false;
      const oracle = 100n * x.n * 10n - y.n * BigInt(rated);
      const sign = oracle > 0n ? 1 : oracle < 0n ? -1 : 0;
      return compareConverted(new D(x.s), new D(y.s), r) === sign;
    }));
  });
  it('units that do not convert give a reason, not a comparison', () => {
    expect(conversionRatio('%', 'dB', undefined, {})).toHaveProperty('reason');
    expect(conversionRatio('V', 'V/cell', 'perCell', {})).toHaveProperty('reason');
  });
});
