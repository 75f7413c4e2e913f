import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../src/core/field-label.ts';
import { problemFromZodIssue } from '../src/core/project/requirements.ts';
import { formatProblem } from '../src/core/problems.ts';
import { englishWords, internalIds } from '../src/core/format/latin-words.ts';

describe('a field path reads as the field the user sees, rows from 1 (issue 11)', () => {
  it.each([
    ['requirements.loads[0].powerKW', '负荷第 1 行：功率 (kW)', 'Load row 1: power (kW)'],
    ['requirements.loads[6].periods[2].endMin', '负荷第 7 行：时段第 3 行：结束 (min)', 'Load row 7: Period row 3: end (min)'],
    ['requirements.feeders.subPanels[11].name', '分电屏第 12 行：名称', 'Sub-panel row 12: name'],
    ['meta.customer', '客户', 'customer'],
    ['quote.terms.paymentTerms', '付款方式', 'payment terms'],
  ])('%s', (path, zh, en) => {
    expect(fieldLabel(path, 'zh')).toBe(zh);
    expect(fieldLabel(path, 'en')).toBe(en);
  });

  it('a path it does not know gives no label, never the code path', () => {
    expect(fieldLabel('cfg.breakers.chargerOutput#2.frame', 'zh')).toBe('');
    expect(fieldLabel('quote.approvals', 'zh')).toBe('');
  });

  it('the Chinese labels carry no English words and no internal ids', () => {
    const paths = ['requirements.loads[0].powerKW', 'requirements.loads[0].periods[0].startMin', 'requirements.cables.circuits[0].lengthM', 'quote.terms.validUntil', 'requirements.feeders.main[0].names[1]'];
    for (const p of paths) {
      const zh = fieldLabel(p, 'zh');
      expect([...englishWords(zh, ['kW', 'min', 'A', 'V', 'm']), ...internalIds(zh)], `${p} → ${zh}`).toEqual([]);
    }
  });
});

describe('a command-line problem line reads in the user language (issue 11)', () => {
  it('names the field as the app does, keeps the JSON path for an editor, counts rows from 1', () => {
    const p = problemFromZodIssue({ code: 'invalid_type', expected: 'number', input: '9,000', path: ['loads', 0, 'powerKW'], message: '' } as never, 'requirements');
    expect(formatProblem({ ...p, location: { file: 'p.json' } }, 'zh')).toBe('错误 [PROJECT_TYPE] p.json: 负荷第 1 行：功率 (kW)（requirements.loads[0].powerKW）：类型错误：应为数值');
    expect(formatProblem(p, 'en')).toBe('ERROR [PROJECT_TYPE] Load row 1: power (kW) (requirements.loads[0].powerKW): wrong type: expected number');
    expect(formatProblem({ code: 'X', severity: 'warning', path: '', message: { zh: '提醒', en: 'note' }, location: { file: 'f.csv', row: 3 } }, 'zh')).toBe('警告 [X] f.csv 第 3 行: 提醒');
  });

  it('a Chinese type message names the expected kind in Chinese', () => {
    for (const expected of ['number', 'string', 'boolean', 'object', 'array']) {
      const zh = problemFromZodIssue({ code: 'invalid_type', expected, input: 1, path: ['x'], message: '' } as never).message.zh;
      expect(englishWords(zh, ['true', 'false']), zh).toEqual([]);
    }
  });
});
