import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../src/core/field-label.ts';
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
