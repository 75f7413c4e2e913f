/**
 * ONE-OFF generator of the sample catalog's repetitive series (breakers, batteries, cables …).
 * It wrote catalog/items/*.yaml once; from then on the committed YAML is the source of truth and is
 * edited by hand or by `dcq catalog import --apply`. Re-running it overwrites those edits, so only do
 * that deliberately, and review the diff.
 *
 *   npx tsx scripts/catalog/generate-sample.ts [outDir]
 *
 * Prices are illustrative, shaped after the brand relations in shared/domain/products.md.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { emitFile, Raw, type Group, type Item } from './emit-yaml.ts';

const outDir = process.argv[2] ?? 'catalog/items';
mkdirSync(outDir, { recursive: true });

/** Costs under 100 CNY to the fen, above to half a yuan, as purchase price lists usually read. */
function cost(value: Decimal.Value): Raw {
  const d = new Decimal(value);
  const r = d.lessThan(100) ? d.toDecimalPlaces(2) : d.times(2).toDecimalPlaces(0).dividedBy(2);
  return new Raw(r.toFixed(2));
}
/** List price: a markup over cost, rounded to the yuan (to the fen for small parts). */
function list(c: Raw, markup: number): Raw {
  const d = new Decimal(c.text).times(markup);
  return new Raw((d.lessThan(50) ? d.toDecimalPlaces(1) : d.toDecimalPlaces(0)).toFixed(2));
}
function money(c: Decimal.Value, markup: number): { costPrice: Raw; listPrice: Raw } {
  const cp = cost(c);
  return { costPrice: cp, listPrice: list(cp, markup) };
}
function write(name: string, header: string, family: string, groups: Group[]): void {
  writeFileSync(join(outDir, name), emitFile(header, family, groups));
}
/** Wire alternates both ways inside each group of equivalent items. */
function wireAlternates(items: Item[][]): void {
  const width = Math.max(...items.map((g) => g.length));
  for (let i = 0; i < width; i++) {
    const peers = items.map((g) => g[i]).filter((x): x is Item => x !== undefined);
    for (const p of peers) (p as { alternates?: string[] }).alternates = peers.filter((q) => q !== p).map((q) => q.code as string);
  }
}

// ---------------------------------------------------------------- breakers
const MCB = [1, 2, 3, 4, 6, 10, 16, 20, 25, 32, 40, 50, 63];
const MCCB = [80, 100, 125, 160, 180, 200, 225, 250, 315, 350, 400, 500, 630, 800];

/** price factor relative to Schneider, per products.md */
const DC_FACTOR = { schneider: 1, abb: 1.19, siemens: 1.19 * 1.03, bjrm: 0.56, beiyuan: 0.56 * 0.96, liangxin: 0.56 * 0.96 * 0.93 } as const;
const AC_FACTOR = { schneider: 1, siemens: 1.07, abb: 1.07 * 1.07, bjrm: 0.62, beiyuan: 0.62 * 0.96, liangxin: 0.62 * 0.96 * 0.92 } as const;
type BreakerBrand = keyof typeof DC_FACTOR;
const BRAND_ORDER: BreakerBrand[] = ['schneider', 'abb', 'siemens', 'liangxin', 'beiyuan', 'bjrm'];
const LEAD = { schneider: 10, abb: 20, siemens: 18, liangxin: 5, beiyuan: 7, bjrm: 7 } as const;
const MARKUP = { schneider: 1.32, abb: 1.32, siemens: 1.32, liangxin: 1.3, beiyuan: 1.3, bjrm: 1.3 } as const;
const ZH = { schneider: '施耐德', abb: 'ABB', siemens: '西门子', liangxin: '良信', beiyuan: '北元', bjrm: '北京人民' } as const;
const DOMESTIC = new Set<BreakerBrand>(['liangxin', 'beiyuan', 'bjrm']);

const DC_MCB_BASE: Record<number, number> = { 1: 236, 2: 236, 3: 236, 4: 236, 6: 228, 10: 228, 16: 234, 20: 240, 25: 252, 32: 274, 40: 318, 50: 368, 63: 428 };
const DC_MCCB_BASE: Record<number, number> = { 80: 1380, 100: 1380, 125: 1860, 160: 1860, 180: 2480, 200: 2480, 225: 2480, 250: 2480, 315: 4250, 350: 4250, 400: 4250, 500: 6120, 630: 6120, 800: 9800 };
const AC_MCB_BASE_1P: Record<number, number> = { 1: 32, 2: 32, 3: 32, 4: 32, 6: 27, 10: 27, 16: 28, 20: 29, 25: 31, 32: 35, 40: 41, 50: 52, 63: 58 };
const AC_MCCB_BASE_3P: Record<number, number> = { 80: 980, 100: 980, 125: 1420, 160: 1420, 180: 1880, 200: 1880, 225: 1880, 250: 1880, 315: 3350, 350: 3350, 400: 3350, 500: 4900, 630: 4900, 800: 8200 };

const DC_MCB_SERIES = { schneider: ['SCH-C65HDC-2P-C', 'C65H-DC'], abb: ['ABB-S202MUC-C', 'S200M-UC'], siemens: ['SIE-5SY5-2P-C', '5SY5'], liangxin: ['LX-NDB1Z-2P-C', 'NDB1Z-63'], beiyuan: ['BY-BB2D-2P-C', 'BB2D-63'], bjrm: ['RM-RMC3Z-2P-C', 'RMC3-63Z'] } as const;
function mccbFrame(r: number): string {
  return r <= 100 ? '100' : r <= 160 ? '160' : r <= 250 ? '250' : r <= 400 ? '400' : r <= 630 ? '630' : '800';
}
const DC_MCCB_SERIES = { schneider: ['SCH-NSXDC-2P-', (r: number) => (r === 800 ? 'NS800 DC' : `NSX${mccbFrame(r)} DC`)], abb: ['ABB-XTDC-2P-', (r: number) => (r <= 160 ? 'Tmax XT1 DC' : r <= 250 ? 'Tmax XT3 DC' : r <= 630 ? 'Tmax XT5 DC' : 'Tmax T6 DC')], siemens: ['SIE-3VADC-2P-', (r: number) => `3VA DC ${mccbFrame(r)}`], liangxin: ['LX-NDM3Z-2P-', (r: number) => `NDM3Z-${mccbFrame(r)}`], beiyuan: ['BY-BM5Z-2P-', (r: number) => `BM5Z-${mccbFrame(r)}`], bjrm: ['RM-RMM1Z-2P-', (r: number) => `RMM1Z-${mccbFrame(r)}`] } as const;
const AC_MCB_SERIES = { schneider: ['SCH-IC65N-', 'iC65N'], abb: ['ABB-S200-', 'S200'], siemens: ['SIE-5SY6-', '5SY6'], liangxin: ['LX-NDB2-', 'NDB2-63'], beiyuan: ['BY-BB2-', 'BB2-63'], bjrm: ['RM-RMC3-', 'RMC3-63'] } as const;
const AC_MCCB_SERIES = { schneider: ['SCH-NSX-3P-', (r: number) => (r === 800 ? 'NS800N' : `NSX${mccbFrame(r)}F`)], abb: ['ABB-XT-3P-', (r: number) => (r <= 160 ? 'Tmax XT1' : r <= 250 ? 'Tmax XT3' : r <= 630 ? 'Tmax XT5' : 'Tmax T6')], siemens: ['SIE-3VA-3P-', (r: number) => `3VA${mccbFrame(r)}`], liangxin: ['LX-NDM3-3P-', (r: number) => `NDM3-${mccbFrame(r)}`], beiyuan: ['BY-BM5-3P-', (r: number) => `BM5-${mccbFrame(r)}`], bjrm: ['RM-RMM1-3P-', (r: number) => `RMM1-${mccbFrame(r)}`] } as const;

function dcMcb(brand: BreakerBrand, r: number, alarm: boolean): Item {
  const [prefix, series] = DC_MCB_SERIES[brand];
  const base = DC_MCB_BASE[r]! + (alarm ? 96 : 0);
  return {
    code: `${prefix}${r}${alarm ? '-AL' : ''}`,
    nameZh: `直流微型断路器${alarm ? '（带报警触点）' : ''}`,
    nameEn: `DC miniature circuit breaker${alarm ? ' with alarm contact' : ''}`,
    spec: `${series} 2P C${r} DC440V ${DOMESTIC.has(brand) ? 6 : 10}kA${alarm ? ' +OF/SD' : ''}`,
    unit: 'pcs', brand, ...money(base * DC_FACTOR[brand], MARKUP[brand]), leadTimeDays: LEAD[brand], status: 'active',
    currentType: 'dc', frame: 'mcb', series, ratedCurrentA: r, poles: 2, ratedVoltageV: 440,
    breakingCapacityKA: DOMESTIC.has(brand) ? 6 : 10, curve: 'C', alarmContact: alarm,
  };
}
function dcMccb(brand: BreakerBrand, r: number): Item {
  const [prefix, seriesOf] = DC_MCCB_SERIES[brand];
  const kA = r <= 250 ? 25 : r <= 630 ? 36 : 50;
  const series = seriesOf(r);
  return {
    code: `${prefix}${r}`, nameZh: '直流塑壳断路器', nameEn: 'DC moulded-case circuit breaker',
    spec: `${series} 2P ${r}A DC440V ${kA}kA`, unit: 'pcs', brand,
    ...money(DC_MCCB_BASE[r]! * DC_FACTOR[brand], MARKUP[brand]), leadTimeDays: LEAD[brand] + 5, status: 'active',
    currentType: 'dc', frame: 'mccb', series, ratedCurrentA: r, poles: 2, ratedVoltageV: 440,
    breakingCapacityKA: kA, curve: 'thermalMagnetic', alarmContact: true,
  };
}
function acMcb(brand: BreakerBrand, r: number, poles: 1 | 3 | 4): Item {
  const [prefix, series] = AC_MCB_SERIES[brand];
  const poleFactor = poles === 1 ? 1 : poles === 3 ? 3.2 : 4.4;
  const kA = 6;
  return {
    code: `${prefix}${poles}P-C${r}`, nameZh: '交流微型断路器', nameEn: 'AC miniature circuit breaker',
    spec: `${series} ${poles}P C${r} AC${poles === 1 ? 230 : 400}V ${kA}kA`, unit: 'pcs', brand,
    ...money(AC_MCB_BASE_1P[r]! * poleFactor * AC_FACTOR[brand], MARKUP[brand]), leadTimeDays: LEAD[brand], status: 'active',
    currentType: 'ac', frame: 'mcb', series, ratedCurrentA: r, poles, ratedVoltageV: poles === 1 ? 230 : 400,
    breakingCapacityKA: kA, curve: 'C', alarmContact: false,
  };
}
function acMccb(brand: BreakerBrand, r: number): Item {
  const [prefix, seriesOf] = AC_MCCB_SERIES[brand];
  const kA = r <= 250 ? 36 : 50;
  const series = seriesOf(r);
  return {
    code: `${prefix}${r}`, nameZh: '交流塑壳断路器', nameEn: 'AC moulded-case circuit breaker',
    spec: `${series} 3P ${r}A AC400V ${kA}kA`, unit: 'pcs', brand,
    ...money(AC_MCCB_BASE_3P[r]! * AC_FACTOR[brand], MARKUP[brand]), leadTimeDays: LEAD[brand] + 5, status: 'active',
    currentType: 'ac', frame: 'mccb', series, ratedCurrentA: r, poles: 3, ratedVoltageV: 400,
    breakingCapacityKA: kA, curve: 'thermalMagnetic', alarmContact: false,
  };
}
function series(make: (b: BreakerBrand, r: number) => Item, ratings: number[], brands: BreakerBrand[], label: (b: BreakerBrand) => string): Group[] {
  const groups = brands.map((b) => ({ comment: label(b), items: ratings.map((r) => make(b, r)) }));
  wireAlternates(groups.map((g) => g.items));
  return groups;
}
write('breakers-dc.yaml', [
  'DC circuit breakers (直流断路器), 2-pole, rated DC 440 V (two poles in series), C curve for mcb.',
  'Price relations (products.md): Siemens ≈ 3 % over ABB, ABB ≈ 19 % over Schneider;',
  'domestic 良信 < 北元 (≈ 4 % under 北京人民) < 北京人民. Alternates: same rating, other brands.',
].join('\n'), 'breaker', [
  ...series((b, r) => dcMcb(b, r, false), MCB, BRAND_ORDER, (b) => `--- ${ZH[b]} (${b}) DC mcb, ${DC_MCB_SERIES[b][1]} ---`),
  ...series((b, r) => dcMcb(b, r, true), MCB, ['schneider', 'abb', 'siemens'], (b) => `--- ${ZH[b]} (${b}) DC mcb with alarm contact (feeder trip signal to the monitor) ---`),
  ...series(dcMccb, MCCB, BRAND_ORDER, (b) => `--- ${ZH[b]} (${b}) DC mccb 80–800 A, alarm contact fitted ---`),
]);
write('breakers-ac.yaml', [
  'AC circuit breakers (交流断路器): mcb 1P/3P/4P C curve, mccb 3P.',
  'Price relations (products.md): ABB ≈ 7 % over Siemens, Siemens ≈ 7 % over Schneider;',
  'domestic 良信 cheapest, 北元 ≈ 4 % under 北京人民. Company practice: prefer 良信.',
].join('\n'), 'breaker', [
  ...([1, 3] as const).flatMap((p) => series((b, r) => acMcb(b, r, p), MCB, BRAND_ORDER, (b) => `--- ${ZH[b]} (${b}) AC mcb ${p}P ---`)),
  ...series((b, r) => acMcb(b, r, 4), MCB.filter((r) => r >= 16), BRAND_ORDER, (b) => `--- ${ZH[b]} (${b}) AC mcb 4P ---`),
  ...series(acMccb, MCCB, BRAND_ORDER, (b) => `--- ${ZH[b]} (${b}) AC mccb 3P ---`),
]);

// ---------------------------------------------------------------- batteries
const CELL_AH = [100, 150, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000];
/** Typical 2 V VRLA cell dimensions L×W×H mm and mass kg (AGM, front-terminal-free). */
const CELL_DIM: Record<number, [number, number, number, number]> = {
  100: [171, 72, 218, 6.5], 150: [171, 102, 218, 9.5], 200: [171, 111, 330, 13.5], 300: [171, 151, 330, 19.5],
  400: [211, 176, 330, 26.5], 500: [241, 172, 330, 31.5], 600: [301, 175, 330, 37.5], 800: [410, 176, 330, 51],
  1000: [475, 175, 330, 61], 1200: [475, 175, 400, 74], 1500: [400, 350, 345, 96], 2000: [490, 350, 345, 125],
  2500: [710, 350, 345, 156], 3000: [710, 350, 345, 186],
};
const BLOCK_AH = [24, 38, 50, 65, 100, 150, 200];
const BLOCK_DIM: Record<number, [number, number, number, number]> = {
  24: [166, 175, 125, 8.3], 38: [197, 165, 170, 12.5], 50: [229, 138, 208, 16], 65: [350, 167, 178, 22],
  100: [330, 171, 215, 31], 150: [483, 170, 240, 45], 200: [522, 240, 219, 61],
};
const BATTERY = {
  leoch: { zh: '理士', cell: (ah: number) => `LC-DJ${ah}`, cellSeries: 'DJ', block: (ah: number) => `LC-DJM12${ah}`, blockSeries: 'DJM', factor: 1, lead: 15, dim: 0, mass: 1 },
  dengta: { zh: '灯塔', cell: (ah: number) => `DT-GFM-${ah}`, cellSeries: 'GFM', block: (ah: number) => `DT-6GFM-${ah}`, blockSeries: '6-GFM', factor: 0.96, lead: 15, dim: 4, mass: 1.02 },
  sonnenschein: { zh: '阳光', cell: (ah: number) => `SN-A602-${ah}`, cellSeries: 'A600', block: (ah: number) => `SN-A412-${ah}`, blockSeries: 'A400', factor: 1.38, lead: 45, dim: 8, mass: 1.05 },
} as const;
type BatteryBrand = keyof typeof BATTERY;
function cellRate(ah: number): number {
  return ah <= 300 ? 1.3 : ah <= 1000 ? 1.15 : 1.05;
}
function battery(brand: BatteryBrand, ah: number, block: boolean): Item {
  const b = BATTERY[brand];
  const [l, w, h, kg] = (block ? BLOCK_DIM : CELL_DIM)[ah]!;
  const wh = ah * (block ? 12 : 2);
  return {
    code: block ? b.block(ah) : b.cell(ah),
    nameZh: block ? '阀控式密封铅酸蓄电池（12 V 组合）' : '阀控式密封铅酸蓄电池（2 V 单体）',
    nameEn: block ? 'VRLA battery, 12 V monobloc' : 'VRLA battery, 2 V cell',
    spec: `${block ? b.blockSeries : b.cellSeries} ${block ? 12 : 2}V ${ah}Ah (C10)`,
    unit: block ? 'block' : 'cell', brand, ...money(wh * (block ? 0.95 : cellRate(ah)) * b.factor, 1.28),
    leadTimeDays: b.lead, status: 'active',
    technology: 'vrla', unitVoltageV: block ? 12 : 2, cellsPerUnit: block ? 6 : 1, capacityAh: ah,
    kcTable: block ? 'vrla-12v' : 'vrla-2v', lengthMm: l + b.dim, widthMm: w + (b.dim > 0 ? 2 : 0), heightMm: h + b.dim * 2,
    weightKg: new Raw(new Decimal(kg).times(b.mass).toDecimalPlaces(1).toString()),
  } as Item;
}
const batteryBrands = Object.keys(BATTERY) as BatteryBrand[];
const cellGroups = batteryBrands.map((br) => ({ comment: `--- ${BATTERY[br].zh} (${br}) 2 V cells, ${BATTERY[br].cellSeries} series ---`, items: CELL_AH.map((ah) => battery(br, ah, false)) }));
const blockGroups = batteryBrands.map((br) => ({ comment: `--- ${BATTERY[br].zh} (${br}) 12 V blocks, ${BATTERY[br].blockSeries} series ---`, items: BLOCK_AH.map((ah) => battery(br, ah, true)) }));
wireAlternates(cellGroups.map((g) => g.items));
wireAlternates(blockGroups.map((g) => g.items));
write('batteries.yaml', [
  'VRLA batteries (阀控式密封铅酸蓄电池): 理士 leoch, 灯塔 dengta, 阳光 sonnenschein.',
  'Capacity is C10. Dimensions and masses are typical of the class; check the maker\'s sheet before',
  'drawing a battery rack. No discharge tables or short-circuit currents here on purpose: sizing must',
  'not rest on made-up maker data (it falls back to the Kc tables and says so).',
].join('\n'), 'battery', [...cellGroups, ...blockGroups]);

// ---------------------------------------------------------------- cables
const SECTIONS = [1.5, 2.5, 4, 6, 10, 16, 25, 35, 50, 70, 95, 120, 150, 185, 240, 300, 400];
/** Single-core copper in air at 30 °C: XLPE 90 °C and PVC 70 °C conductors (typical maker tables). */
const AMP_YJV: Record<number, number> = { 1.5: 23, 2.5: 32, 4: 42, 6: 54, 10: 75, 16: 100, 25: 135, 35: 165, 50: 200, 70: 255, 95: 310, 120: 360, 150: 410, 185: 470, 240: 555, 300: 640, 400: 750 };
const AMP_VV: Record<number, number> = { 1.5: 19, 2.5: 26, 4: 35, 6: 45, 10: 62, 16: 83, 25: 110, 35: 135, 50: 165, 70: 210, 95: 255, 120: 295, 150: 340, 185: 390, 240: 460, 300: 530, 400: 620 };
function cable(type: 'ZR-YJV' | 'ZR-VV', s: number): Item {
  const xlpe = type === 'ZR-YJV';
  return {
    code: `${type}-1x${s}`, nameZh: xlpe ? '阻燃交联聚乙烯绝缘电力电缆' : '阻燃聚氯乙烯绝缘电力电缆',
    nameEn: xlpe ? 'Flame-retardant XLPE power cable' : 'Flame-retardant PVC power cable',
    spec: `${type}-0.6/1kV 1×${s}mm²`, unit: 'm', brand: 'yuandong',
    ...money(s * (xlpe ? 0.76 : 0.74) + (xlpe ? 1.2 : 1.0), 1.15), leadTimeDays: 7, status: 'active',
    conductor: 'cu', cores: 1, sectionMm2: s, ampacityA: (xlpe ? AMP_YJV : AMP_VV)[s]!,
  };
}
const yjv = SECTIONS.map((s) => cable('ZR-YJV', s));
const vv = SECTIONS.map((s) => cable('ZR-VV', s));
wireAlternates([yjv, vv]);
// Alternates between XLPE and PVC share the section but not the ampacity: fine for the catalog
// (same family, same section), and the ampacity check in sizing decides whether the swap is allowed.
const control: Item[] = [[4, 1.5, 16], [4, 2.5, 22]].map(([c, s, amp]) => ({
  code: `ZR-KVVP-${c}x${s}`, nameZh: '阻燃屏蔽控制电缆', nameEn: 'Flame-retardant screened control cable',
  spec: `ZR-KVVP-450/750V ${c}×${s}mm²`, unit: 'm', brand: 'yuandong', ...money(c! * s! * 0.9 + 2.2, 1.15),
  leadTimeDays: 7, status: 'active', conductor: 'cu', cores: c!, sectionMm2: s!, ampacityA: amp!,
}));
write('cables.yaml', [
  'Copper cables (铜芯电缆) by section. ampacityA: single core in air at 30 °C, from typical maker',
  'tables (XLPE conductor 90 °C, PVC 70 °C); confirm with the chosen maker for a tender.',
].join('\n'), 'cable', [
  { comment: '--- ZR-YJV 0.6/1 kV single core (battery and charger circuits) ---', items: yjv },
  { comment: '--- ZR-VV 0.6/1 kV single core ---', items: vv },
  { comment: '--- ZR-KVVP control cable (signals, sampling) ---', items: control },
]);

// ---------------------------------------------------------------- inverters and UPS
const KVA_BASE: Record<string, number> = { '1': 3200, '2': 4800, '3': 6500, '5': 9800, '7.5': 13500, '10': 17500 };
const INV = {
  tuobao: { zh: '拓宝', prefix: 'TB-INV', kind: 'inverter', factor: 1, lead: 20 },
  yigao: { zh: '益高', prefix: 'YG-INV', kind: 'inverter', factor: 0.95, lead: 20 },
  protek: { zh: '普罗太克', prefix: 'PT-UPS', kind: 'ups', factor: 1.1, lead: 25 },
} as const;
function inverter(brand: keyof typeof INV, kva: string, dcV: 220 | 110): Item {
  const b = INV[brand];
  const ups = b.kind === 'ups';
  return {
    code: `${b.prefix}${dcV}-${kva}K`, nameZh: ups ? '电力专用UPS' : '电力专用逆变电源',
    nameEn: ups ? 'UPS for power utilities' : 'Inverter for power utilities',
    spec: `${kva}kVA DC${dcV}V/AC220V 50Hz${ups ? ' (AC+DC input)' : ''}`, unit: 'set', brand,
    ...money(KVA_BASE[kva]! * b.factor * (dcV === 110 ? 1.04 : 1), 1.3), leadTimeDays: b.lead, status: 'active',
    kind: b.kind, ratedKVA: new Raw(kva), dcInputVoltageV: dcV, powerFactor: 0.8, efficiencyPct: Number(kva) >= 5 ? 90 : 88,
  };
}
const invGroups = ([220, 110] as const).flatMap((v) => {
  const groups = (Object.keys(INV) as (keyof typeof INV)[]).map((br) => ({
    comment: `--- ${INV[br].zh} (${br}) ${INV[br].kind === 'ups' ? 'UPS' : 'inverters'}, DC ${v} V input ---`,
    items: Object.keys(KVA_BASE).map((k) => inverter(br, k, v)),
  }));
  // Same-kind peers only: tuobao and yigao inverters of equal kVA replace each other.
  wireAlternates([groups[0]!.items, groups[1]!.items]);
  return groups;
});
write('inverters.yaml', [
  'Inverters and UPS (逆变电源 / UPS) for integrated systems: 拓宝 tuobao, 益高 yigao, 普罗太克 protek.',
  'An inverter and a UPS of the same kVA are not listed as alternates: the UPS also takes AC input.',
].join('\n'), 'inverter', invGroups);

// ---------------------------------------------------------------- fuses, disconnectors
const FUSE_A = [32, 63, 100, 125, 160, 200, 250, 315, 400, 500, 630];
const nt = (a: number) => (a <= 160 ? 'NT00' : a <= 250 ? 'NT1' : a <= 400 ? 'NT2' : 'NT3');
const FUSE_COST: Record<string, number> = { NT00: 12.8, NT1: 26.5, NT2: 48, NT3: 86 };
write('fuses.yaml', 'Fuse links (熔断器), gG, for battery outlets and fuse switches. Brand 正泰 chint.', 'fuse', [{
  comment: '--- RT16 (NT) fuse links ---',
  items: FUSE_A.map((a) => ({
    code: `CHINT-RT16-${nt(a)}-${a}`, nameZh: '刀型触头熔断体', nameEn: 'Blade-contact fuse link', spec: `RT16-${nt(a).slice(2)} ${a}A gG DC440V`,
    unit: 'pcs', brand: 'chint', ...money(FUSE_COST[nt(a)]! * (1 + a / 1000), 1.35), leadTimeDays: 5, status: 'active',
    ratedCurrentA: a, ratedVoltageV: 440, breakingCapacityKA: 50,
  })),
}]);
const knife = [200, 400, 630, 1000].map((a) => ({
  code: `CHINT-HD13BX-${a}-2`, nameZh: '开启式刀开关', nameEn: 'Knife switch', spec: `HD13BX-${a}/2 DC440V`, unit: 'pcs', brand: 'chint',
  ...money(a * 0.55 + 60, 1.35), leadTimeDays: 5, status: 'active', kind: 'knifeSwitch', ratedCurrentA: a, ratedVoltageV: 440, poles: 2,
}));
const fuseSwitch = [160, 250, 400, 630].map((a) => ({
  code: `CHINT-HR17-${a}-2`, nameZh: '熔断器式隔离开关', nameEn: 'Fuse switch disconnector', spec: `HR17-${a}/2 DC440V (fuse links separate)`,
  unit: 'pcs', brand: 'chint', ...money(a * 0.9 + 120, 1.35), leadTimeDays: 5, status: 'active', kind: 'fuseSwitch',
  ratedCurrentA: a, ratedVoltageV: 440, poles: 2,
}));
const changeover = [250, 400, 630].map((a) => ({
  code: `CHINT-HS13BX-${a}-2`, nameZh: '双投刀开关', nameEn: 'Changeover knife switch', spec: `HS13BX-${a}/2 DC440V`, unit: 'pcs', brand: 'chint',
  ...money(a * 0.8 + 90, 1.35), leadTimeDays: 5, status: 'active', kind: 'changeover', ratedCurrentA: a, ratedVoltageV: 440, poles: 2,
}));
write('disconnectors.yaml', 'Knife switches, fuse switches and changeover switches (刀开关 / 熔断器式隔离开关 / 双投刀开关).', 'disconnector', [
  { comment: '--- battery isolation knife switches ---', items: knife },
  { comment: '--- fuse switch disconnectors ---', items: fuseSwitch },
  { comment: '--- changeover (two batteries / two chargers) ---', items: changeover },
]);

// ---------------------------------------------------------------- shunts
const SHUNT_A = [10, 20, 30, 50, 75, 100, 150, 200, 300, 400, 500, 600, 750, 1000];
write('shunts.yaml', 'DC shunts (分流器), 75 mV, class 0.5, for battery and charger current measurement.', 'shunt', [{
  comment: '--- FL-2 75 mV ---',
  items: SHUNT_A.map((a) => ({
    code: `FL2-${a}A-75MV`, nameZh: '直流分流器', nameEn: 'DC shunt', spec: `FL-2 ${a}A/75mV 0.5级`, unit: 'pcs', brand: 'chint',
    ...money(16 + a * 0.12, 1.4), leadTimeDays: 5, status: 'active', ratedCurrentA: a, outputMillivolt: 75,
  })),
}]);

// ---------------------------------------------------------------- droppers
const dropper = (v: 110 | 220, a: number): Item => ({
  code: `ZHGL${v}-${a}`, nameZh: '降压硅链', nameEn: 'Silicon dropper chain', spec: `${v}V ${a}A, ${v === 220 ? '5 steps × 5 V' : '4 steps × 2.5 V'}, auto/manual`,
  unit: 'set', brand: 'own', ...money((v === 220 ? 900 : 700) + a * 38, 1.5), leadTimeDays: 10, status: 'active',
  ratedCurrentA: a, stepsV: v === 220 ? [5, 10, 15, 20, 25] : [2.5, 5, 7.5, 10], nominalVoltageV: v,
});
write('droppers.yaml', [
  'Silicon dropper chains (降压硅链), own make: drop the closing-bus voltage to the control bus.',
  'stepsV are the cumulative drops the chain can switch in.',
].join('\n'), 'dropper', [
  { comment: '--- 220 V systems ---', items: [10, 20, 40, 60].map((a) => dropper(220, a)) },
  { comment: '--- 110 V systems ---', items: [10, 20, 40, 60].map((a) => dropper(110, a)) },
]);

console.log(`wrote ${outDir}`);
