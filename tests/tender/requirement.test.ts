import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/catalog/csv.ts';
import { requirementsFromGrid } from '../../src/core/tender/import.ts';
import { makeRequirement, parseRequirementCell } from '../../src/core/tender/requirement.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('requirement cells', () => {
  it.each([
    ['≤±0.5%', { kind: 'bound', op: '<=', value: '0.5', unit: '%', plusMinus: true }],
    ['≤ ±０．５％', { kind: 'bound', op: '<=', value: '0.5', unit: '%', plusMinus: true }],
    ['≥0.90', { kind: 'bound', op: '>=', value: '0.90', unit: '', plusMinus: false }],
    ['＜45dB', { kind: 'bound', op: '<', value: '45', unit: 'dB', plusMinus: false }],
    ['<45dB(A)', { kind: 'bound', op: '<', value: '45', unit: 'dB', plusMinus: false }],
    ['不小于90%', { kind: 'bound', op: '>=', value: '90', unit: '%', plusMinus: false }],
    ['90%及以上', { kind: 'bound', op: '>=', value: '90', unit: '%', plusMinus: false }],
    ['10A', { kind: 'bound', op: '=', value: '10', unit: 'A', plusMinus: false }],
    ['2.23V/单体', { kind: 'bound', op: '=', value: '2.23', unit: 'V/cell', plusMinus: false }],
  ])('%s', (cell, expected) => expect(parseRequirementCell(cell)).toEqual(expected));

  it.each(['180～290V', '180~290V', '180-290V', '180V-290V', '180至290V', '１８０～２９０Ｖ', '180 — 290 V'])('range %s', (cell) => {
    expect(parseRequirementCell(cell)).toEqual({ kind: 'range', min: '180', max: '290', unit: 'V' });
  });

  it('codes are text to equal', () => {
    expect(parseRequirementCell('RAL7035')).toEqual({ kind: 'text', value: 'RAL7035' });
    expect(parseRequirementCell('IP30')).toEqual({ kind: 'text', value: 'IP30' });
  });

  it.each(['满足国网标准', '290～180V', '180V～290A', '', '≤', '≥90%以下'])('unparseable %j is kept with a reason', (cell) => {
    const r = parseRequirementCell(cell);
    expect(r.kind).toBe('unparsed');
    if (r.kind === 'unparsed') expect(r.reason.zh.length).toBeGreaterThan(2);
  });

  it('★ in the name or the cell marks a substantive item', () => {
    expect(makeRequirement({ no: '1', name: '★稳压精度', text: '≤±0.5%' })).toMatchObject({ name: '稳压精度', starred: true });
    expect(makeRequirement({ no: '1', name: '稳压精度', text: '★≤±0.5%' })).toMatchObject({ text: '≤±0.5%', starred: true });
    expect(makeRequirement({ no: '1', name: '稳压精度', text: '≤±0.5%' }).starred).toBe(false);
  });
});

describe('requirement tables', () => {
  it('reads the example tender table with its row numbers and ★ column', () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/tender/example-220v.csv'), 'utf8');
    const { requirements, problems } = requirementsFromGrid(parseCsv(text, 'example.csv'));
    expect(problems).toEqual([]);
    expect(requirements).toHaveLength(13);
    expect(requirements[0]).toMatchObject({ no: '1', name: '稳压精度', starred: true, sourceRow: 2 });
    expect(requirements[6]).toMatchObject({ name: '充电电压调节范围', starred: true, parsed: { kind: 'range', min: '180', max: '290', unit: 'V' } });
  });

  it('finds a header below a title, keeps unparseable rows, names the row of a missing cell', () => {
    const grid = parseCsv('表1.2 技术参数,,\n序号,技术参数,标准参数值\n1,柜体颜色,满足用户要求\n2,,≤0.5%\n\n3,效率,≥90%\n', 't.csv');
    const { requirements, problems } = requirementsFromGrid(grid);
    expect(requirements.map((r) => [r.name, r.parsed.kind, r.sourceRow])).toEqual([['柜体颜色', 'unparsed', 3], ['效率', 'bound', 6]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'tender.missingCell', path: 'name', location: { row: 4 } });
    expect(problems[0]?.message.zh).toContain('第 4 行');
  });

  it('a table without the header is refused with the reason', () => {
    const { problems } = requirementsFromGrid(parseCsv('a,b\n1,2\n', 'x.csv'));
    expect(problems[0]?.code).toBe('tender.noHeader');
  });
});
