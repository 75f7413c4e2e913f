import { describe, expect, it } from 'vitest';
import { applyEdits, tryEdit, type BomEdit } from '../../src/core/bom/edits.ts';
import { checkSwap } from '../../src/core/bom/equivalence.ts';
import { lineId, validateBom, type Bom, type BomLine } from '../../src/core/bom/model.ts';
import { catalog } from '../pricing/fixtures.ts';

const reason = { zh: '规则', en: 'rule' };
function line(ruleId: string, role: string, panelId: string, code: string, quantity: string): BomLine {
  return { id: lineId(ruleId, role), panelId, item: { kind: 'catalog', code }, quantity, source: { kind: 'rule', ruleId, traceRef: `trace.${ruleId}`, reason } };
}

/** A feeder panel with 16 A feeders, a charger panel with modules, a battery rack. */
function ruleBom(feederCode = 'MCB-DC-SCH-2P16', withDropper = true): Bom {
  return {
    panels: [
      { id: 'P1', kind: 'chargerPanel', name: { zh: '充电屏', en: 'Charger panel' }, index: 1 },
      { id: 'P2', kind: 'feederPanel', name: { zh: '馈线屏', en: 'Feeder panel' }, index: 2 },
    ],
    lines: [
      line('charger.modules', 'P1', 'P1', 'ZHR22010-4', '3'),
      line('charger.monitor', 'P1', 'P1', 'ZHM05P', '1'),
      ...(withDropper ? [line('charger.cabinet', 'P1', 'P1', 'CAB-CHG-800', '1')] : []),
      line('feeder.breakers', 'P2/16A', 'P2', feederCode, '12'),
      line('feeder.cable', 'P2', 'P2', 'CBL-CU-1x35', '20'),
    ],
  };
}

const FEEDERS = lineId('feeder.breakers', 'P2/16A');
const MODULES = lineId('charger.modules', 'P1');
const CABINET = lineId('charger.cabinet', 'P1');
const CABLE = lineId('feeder.cable', 'P2');

describe('engineer edits on top of the rule-built BOM', () => {
  it('setQuantity changes the quantity and reports the cost difference', () => {
    const r = applyEdits(ruleBom(), [{ type: 'setQuantity', lineId: CABLE, quantity: '27.5' }], catalog);
    expect(r.bom.lines.find((l) => l.id === CABLE)!.quantity).toBe('27.5');
    // 27.5 × 38.40 − 20 × 38.40 = 1056.00 − 768.00
    expect(r.deviations).toMatchObject([{ lineId: CABLE, kind: 'quantity', from: { quantity: '20' }, to: { quantity: '27.5' } }]);
    expect(r.deviations[0]!.costDelta.toFixed(2)).toBe('288.00');
    expect(r.dropped).toEqual([]);
  });

  it('swapItem to another brand of the same rating is allowed and costed', () => {
    const r = applyEdits(ruleBom(), [{ type: 'swapItem', lineId: FEEDERS, code: 'MCB-DC-ABB-2P16' }], catalog);
    expect(r.dropped).toEqual([]);
    // ABB 114.00 vs Schneider 96.00, × 12
    expect(r.deviations).toMatchObject([{ kind: 'swap', from: { code: 'MCB-DC-SCH-2P16' }, to: { code: 'MCB-DC-ABB-2P16' } }]);
    expect(r.deviations[0]!.costDelta.toFixed(2)).toBe('216.00');
  });

  it('swapItem to a listed alternate is allowed', () => {
    const r = applyEdits(ruleBom(), [{ type: 'swapItem', lineId: FEEDERS, code: 'MCB-DC-ABB-2P16-OLD' }], catalog);
    expect(r.dropped).toEqual([]);
    expect(r.deviations[0]!.costDelta.toFixed(2)).toBe('48.00'); // (100.00 − 96.00) × 12
  });

  it.each([
    ['MCB-DC-SCH-2P25', 'edit.swapRatingMismatch'], // another rating
    ['MCB-DC-SIE-2P16-LOW', 'edit.swapWeaker'], // lower breaking capacity
    ['ZHM05P', 'edit.swapOtherFamily'],
    ['NO-SUCH-CODE', 'edit.itemNotInCatalog'],
  ])('swapItem to %s is refused (%s)', (code, why) => {
    const r = applyEdits(ruleBom(), [{ type: 'swapItem', lineId: FEEDERS, code }], catalog);
    expect(r.dropped.map((d) => d.code)).toEqual([why]);
    expect(r.dropped[0]!.reason.zh.length).toBeGreaterThan(0);
    expect(r.dropped[0]!.reason.en.length).toBeGreaterThan(0);
    expect(r.bom.lines.find((l) => l.id === FEEDERS)!.item).toEqual({ kind: 'catalog', code: 'MCB-DC-SCH-2P16' });
    expect(r.deviations).toEqual([]);
  });

  it('refuses a listed alternate with a lower breaking capacity than the sized item', () => {
    const original = catalog.byCode.get('MCB-DC-SCH-2P16')!;
    const weaker = { ...catalog.byCode.get('MCB-DC-SIE-2P16-LOW')!, alternates: ['MCB-DC-SCH-2P16'] };
    const check = checkSwap(original, weaker);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.code).toBe('edit.swapWeaker');
  });

  it('refuses the same brand and rating unless listed as an alternate', () => {
    const r = applyEdits(ruleBom('MCB-DC-ABB-2P16'), [{ type: 'swapItem', lineId: FEEDERS, code: 'MCB-DC-ABB-2P16-OLD' }], catalog);
    expect(r.dropped.map((d) => d.code)).toEqual(['edit.swapSameBrand']);
  });

  it('refuses a swap to an obsolete item', () => {
    const bom = ruleBom();
    bom.lines.push(line('charger.dropper', 'P1', 'P1', 'ZHM05P', '1'));
    const r = applyEdits(bom, [{ type: 'swapItem', lineId: lineId('charger.dropper', 'P1'), code: 'OBS-DROP' }], catalog);
    expect(r.dropped.map((d) => d.code)).toEqual(['edit.swapObsolete']);
  });

  it('addManualLine: a catalog item, or a one-off bought-in item that carries its own prices and is flagged', () => {
    const edits: BomEdit[] = [
      { type: 'addManualLine', line: { id: 'manual:1', panelId: 'P2', item: { kind: 'catalog', code: 'MCB-DC-SCH-2P25' }, quantity: '2', note: '用户要求备用' } },
      {
        type: 'addManualLine',
        line: { id: 'manual:2', panelId: 'P1', item: { kind: 'custom', item: { name: { zh: '防雨罩', en: 'Rain hood' }, spec: '800 mm', unit: 'pcs', costPrice: '350.00', listPrice: '600.00' } }, quantity: '1', note: '现场要求' },
      },
    ];
    const r = applyEdits(ruleBom(), edits, catalog);
    expect(r.dropped).toEqual([]);
    expect(r.deviations.map((d) => [d.lineId, d.kind, d.costDelta.toFixed(2), d.nonCatalog])).toEqual([
      ['manual:1', 'added', '208.00', false],
      ['manual:2', 'added', '350.00', true],
    ]);
    expect(r.bom.lines.find((l) => l.id === 'manual:2')!.source).toEqual({ kind: 'manual', note: '现场要求' });
    expect(validateBom(r.bom, catalog).filter((p) => p.code === 'bom.nonCatalogLine').map((p) => p.path)).toEqual(['lines[manual:2]']);
  });

  it('removeLine removes the line and reports the material it took away', () => {
    const r = applyEdits(ruleBom(), [{ type: 'removeLine', lineId: MODULES }], catalog);
    expect(r.bom.lines.some((l) => l.id === MODULES)).toBe(false);
    expect(r.deviations).toMatchObject([{ lineId: MODULES, kind: 'removed' }]);
    expect(r.deviations[0]!.costDelta.toFixed(2)).toBe('-5550.00');
  });

  it('a no-op edit leaves no deviation', () => {
    const r = applyEdits(ruleBom(), [{ type: 'setQuantity', lineId: MODULES, quantity: '3' }, { type: 'swapItem', lineId: FEEDERS, code: 'MCB-DC-SCH-2P16' }], catalog);
    expect(r.deviations).toEqual([]);
    expect(r.dropped).toEqual([]);
  });

  it('a whole-unit item refuses a fractional quantity', () => {
    const r = applyEdits(ruleBom(), [{ type: 'setQuantity', lineId: MODULES, quantity: '2.5' }], catalog);
    expect(r.dropped.map((d) => d.code)).toEqual(['bom.quantityNotWhole']);
  });

  it('never changes its arguments', () => {
    const bom = ruleBom();
    const edits: BomEdit[] = [
      { type: 'setQuantity', lineId: CABLE, quantity: '30' },
      { type: 'swapItem', lineId: FEEDERS, code: 'MCB-DC-ABB-2P16' },
      { type: 'removeLine', lineId: MODULES },
    ];
    const before = JSON.stringify([bom, edits]);
    Object.freeze(bom.lines);
    bom.lines.forEach((l) => Object.freeze(l));
    applyEdits(bom, edits, catalog);
    expect(JSON.stringify([bom, edits])).toBe(before);
  });

  it('tryEdit tells the UI before it keeps an edit that cannot apply', () => {
    const r = tryEdit(ruleBom(), [], { type: 'swapItem', lineId: FEEDERS, code: 'MCB-DC-SCH-2P25' }, catalog);
    expect(!r.ok && r.problems.map((p) => [p.code, p.path])).toEqual([['edit.swapRatingMismatch', 'edits[0]']]);
  });
});

describe('re-sizing: edits are re-applied on the new rule-built BOM', () => {
  const edits: BomEdit[] = [
    { type: 'setQuantity', lineId: MODULES, quantity: '4' },
    { type: 'swapItem', lineId: FEEDERS, code: 'MCB-DC-ABB-2P16' },
    { type: 'setQuantity', lineId: CABINET, quantity: '2' },
    { type: 'addManualLine', line: { id: 'manual:1', panelId: 'P2', item: { kind: 'catalog', code: 'MCB-DC-SCH-2P25' }, quantity: '2', note: 'spare' } },
  ];

  it('keeps what still fits and drops, with a reason in both languages, what does not', () => {
    // The new sizing chose 25 A feeders (same line id) and no longer places the cabinet line.
    const resized = ruleBom('MCB-DC-SCH-2P25', false);
    const r = applyEdits(resized, edits, catalog);
    expect(r.dropped.map((d) => [d.index, d.code])).toEqual([
      [1, 'edit.swapRatingMismatch'],
      [2, 'edit.lineNotFound'],
    ]);
    expect(r.dropped[1]!.reason.en).toContain(CABINET);
    expect(r.dropped[1]!.reason.zh).toContain('重新选型');
    expect(r.dropped[0]!.reason.en).toContain('MCB-DC-SCH-2P25');
    expect(r.bom.lines.find((l) => l.id === MODULES)!.quantity).toBe('4');
    expect(r.bom.lines.find((l) => l.id === FEEDERS)!.item).toEqual({ kind: 'catalog', code: 'MCB-DC-SCH-2P25' });
    expect(r.deviations.map((d) => [d.lineId, d.kind])).toEqual([
      [MODULES, 'quantity'],
      ['manual:1', 'added'],
    ]);
  });

  it('drops a manual line whose panel is gone', () => {
    const resized = { ...ruleBom(), panels: ruleBom().panels.filter((p) => p.id !== 'P2'), lines: ruleBom().lines.filter((l) => l.panelId !== 'P2') };
    const r = applyEdits(resized, edits, catalog);
    expect(r.dropped.map((d) => d.code)).toEqual(['edit.lineNotFound', 'edit.panelNotFound']);
  });
});

describe('BOM validation', () => {
  it('finds duplicate ids, unknown panels and codes, and whole-unit quantities', () => {
    const bom = ruleBom();
    bom.lines.push(line('charger.modules', 'P1', 'P1', 'ZHR22010-4', '1'));
    bom.lines.push(line('x', 'y', 'P9', 'NOPE', '1'));
    bom.lines.push(line('z', 'z', 'P1', 'ZHM05P', '1.5'));
    expect(validateBom(bom, catalog).map((p) => p.code)).toEqual(['bom.duplicateLineId', 'bom.unknownPanel', 'bom.unknownItem', 'bom.quantityNotWhole']);
  });
});
