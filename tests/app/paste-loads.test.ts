import { describe, expect, it } from 'vitest';
import type { LoadKind } from '../../src/core/rules/schema.ts';
import { kindFromName, parsePastedLoads, unknownColumns } from '../../src/app/components/paste-loads.ts';

const names = new Map<string, LoadKind>([
  ['controlprotection', 'controlProtection'],
  ['控制、保护、继电器', 'controlProtection'],
  ['ups', 'ups'],
  ['交流不间断电源（ups）', 'ups'],
]);

const roleOf = (r: ReturnType<typeof parsePastedLoads>, i: number) => r.columns[i]?.kind.role;

describe('paste from Excel: the designers\' 直流负荷统计表', () => {
  const oneHeader = [
    '序号\t负荷名称\t装置容量(kW)\t负荷系数\t计算电流(A)\t经常负荷电流(A)\t初期1min\t持续0.5h\t持续1h\t持续2h\t持续4h\t随机5s',
    '1\t控制、保护、测控装置\t4.5\t0.6\t12.27\t12.27\t12.27\t12.27\t12.27\t12.27\t\t',
    '2\t断路器跳闸\t2\t0.6\t5.45\t\t5.45\t\t\t\t\t',
    '3\t恢复供电断路器合闸\t1.1\t1\t5\t\t\t\t\t\t\t5',
    '4\tUPS\t5 kVA\t0.6\t12.12\t\t12.12\t12.12\t12.12\t12.12\t\t',
    '5\t事故照明\t0.5\t1\t2.27\t\t2.27\t2.27\t2.27\t\t\t',
    '6\t通信\t1.5\t0.8\t5.45\t5.45\t\t\t\t\t5.45\t',
    '\t电流统计\t\t\t\tI0=17.73\t37.58\t32.12\t32.12\t29.85\t5.45\t5',
  ].join('\r\n');

  it('recognises every column, the periods in minutes and skips the totals row', () => {
    const r = parsePastedLoads(oneHeader, names);
    expect(r.layout).toBe('statistics');
    expect(r.errors).toEqual([]);
    expect(r.columns.map((c) => c.kind.role)).toEqual(['no', 'name', 'capacity', 'loadFactor', 'computedCurrent', 'continuous', 'period', 'period', 'period', 'period', 'period', 'random']);
    expect(r.columns.filter((c) => c.kind.role === 'period').map((c) => (c.kind.role === 'period' ? [c.kind.startMin, c.kind.endMin] : null))).toEqual([[0, 1], [1, 30], [30, 60], [60, 120], [120, 240]]);
    expect(r.skipped.map((s) => s.line)).toEqual([8]);
    expect(r.rows).toHaveLength(6);
  });

  it('turns the table back into loads: duration from contiguous columns, periods otherwise, random and continuous flags, kVA per cell', () => {
    const [control, trip, closing, ups, lighting, telecom] = parsePastedLoads(oneHeader, names).rows.map((x) => x.load);
    expect(control).toEqual({ name: '控制、保护、测控装置', kind: 'controlProtection', powerKW: 4.5, loadFactor: 0.6, continuous: true, random: false, durationMin: 120 });
    expect(trip).toMatchObject({ kind: 'breakerTrip', durationMin: 1, continuous: false });
    expect(closing).toMatchObject({ kind: 'restoringClosing', random: true });
    expect(closing).not.toHaveProperty('durationMin');
    expect(ups).toMatchObject({ kind: 'ups', apparentPowerKVA: 5 });
    expect(ups).not.toHaveProperty('powerKW');
    expect(lighting).toMatchObject({ kind: 'emergencyLighting', durationMin: 60 });
    expect(telecom).toMatchObject({ kind: 'dcdc', continuous: true, periods: [{ startMin: 120, endMin: 240 }] });
  });

  it('reads a two-row header with merged cells and reports a column it does not know', () => {
    const text = [
      '序号\t负荷名称\t装置容量\t负荷系数\t计算电流\t经常负荷电流\t事故放电时间及放电电流(A)\t\t\t随机\t备注',
      '\t\t\t\t\t\t初期 1 min\t持续 0.5 h\t1 h\t5 s\t',
      '1\t主变冷却控制\t3\t0.6\t8.18\t8.18\t8.18\t8.18\t8.18\t\t新增',
    ].join('\n');
    const r = parsePastedLoads(text, names);
    expect(roleOf(r, 6)).toBe('period');
    expect(roleOf(r, 8)).toBe('period');
    expect(roleOf(r, 9)).toBe('random');
    expect(unknownColumns(r).map((c) => c.header)).toEqual(['备注']);
    expect(r.rows[0]?.load).toMatchObject({ name: '主变冷却控制', powerKW: 3, durationMin: 60, kind: 'controlProtection' });
    expect(r.rows[0]?.notes.length).toBe(1);
  });

  it('never guesses a kind silently: a name it cannot place becomes "other" with a note', () => {
    const r = parsePastedLoads('负荷名称\t装置容量\n备用回路\t1', names);
    expect(r.rows[0]?.load.kind).toBe('other');
    expect(r.rows[0]?.notes[0]?.en).toMatch(/choose the kind/);
  });

  it('says so when the name or capacity column is missing', () => {
    const r = parsePastedLoads('负荷系数\t经常负荷电流\n0.6\t12', names);
    expect(r.errors.map((e) => e.en)).toEqual(['No "load name" column found', 'No "capacity" column found']);
  });
});

describe('paste from Excel: name · kW · K', () => {
  it('reads three columns, reports a fourth, skips a row whose kW is not a number, keeps a negative for validation to flag', () => {
    const r = parsePastedLoads('直流应急照明\t0.5\t1\tx\n控制保护\tabc\t0.6\n跳闸\t-2\t0.6', names);
    expect(r.layout).toBe('simple');
    expect(unknownColumns(r).map((c) => c.index)).toEqual([3]);
    expect(r.rows.map((x) => x.load)).toEqual([
      { name: '直流应急照明', kind: 'emergencyLighting', powerKW: 0.5, loadFactor: 1 },
      { name: '跳闸', kind: 'breakerTrip', powerKW: -2, loadFactor: 0.6 },
    ]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]?.reason.zh).toMatch(/abc/);
  });

  it('empty input is an error, not zero rows silently', () => {
    expect(parsePastedLoads(' \n\t\n', names).errors[0]?.en).toBe('Nothing to paste');
  });

  it('infers kinds from names in both languages', () => {
    expect(kindFromName('Breaker trip coils')).toBe('breakerTrip');
    expect(kindFromName('备自投合闸')).toBe('autoTransferClosing');
    expect(kindFromName('交流不间断电源')).toBe('ups');
    expect(kindFromName('油泵')).toBe('dcMotor');
    expect(kindFromName('xyz')).toBeNull();
  });
});
