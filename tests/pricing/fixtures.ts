import { catalogItemSchema, type Catalog, type CatalogItem } from '../../src/core/catalog/schema.ts';
import type { Bom, BomLine } from '../../src/core/bom/model.ts';
import type { CostModel, VatRule, ApprovalRules } from '../../src/core/pricing/rules.ts';

/**
 * A small in-memory catalog for the pricing, BOM and quote tests (the real catalog YAML is data of its
 * own). Prices are round figures so the worked examples can be checked by hand.
 */
const base = { leadTimeDays: 14, status: 'active' as const, alternates: [] as string[] };

export const items: CatalogItem[] = [
  { ...base, code: 'CAB-CHG-800', family: 'cabinet', kind: 'chargerPanel', nameZh: '充电屏柜体', nameEn: 'Charger panel cabinet', spec: '800×600×2260', unit: 'panel', brand: 'own', costPrice: '4000.00', listPrice: '6000.00', widthMm: 800, depthMm: 600, heightMm: 2260, moduleSlots: 8, feederPositions: 0, batteryUnits: 0 },
  { ...base, code: 'CAB-FDR-800', family: 'cabinet', kind: 'feederPanel', nameZh: '馈线屏柜体', nameEn: 'Feeder panel cabinet', spec: '800×600×2260', unit: 'panel', brand: 'own', costPrice: '3500.00', listPrice: '5200.00', widthMm: 800, depthMm: 600, heightMm: 2260, moduleSlots: 0, feederPositions: 40, batteryUnits: 0 },
  { ...base, code: 'ZHR22010-4', family: 'rectifierModule', nameZh: '高频开关整流模块', nameEn: 'Rectifier module', spec: '220V 10A', unit: 'pcs', brand: 'own', costPrice: '1850.00', listPrice: '2800.00', nominalVoltageV: 220, ratedCurrentA: 10, outputRangeV: { minV: 198, maxV: 286 }, acInput: '3×380V', efficiencyPct: 94, powerFactor: 0.99, slotWidth: 1 },
  { ...base, code: 'ZHR22020-4', family: 'rectifierModule', nameZh: '高频开关整流模块', nameEn: 'Rectifier module', spec: '220V 20A', unit: 'pcs', brand: 'own', costPrice: '2900.00', listPrice: '4300.00', nominalVoltageV: 220, ratedCurrentA: 20, outputRangeV: { minV: 198, maxV: 286 }, acInput: '3×380V', efficiencyPct: 94, powerFactor: 0.99, slotWidth: 1 },
  { ...base, code: 'ZHM05P', family: 'monitor', role: 'dc', nameZh: '直流监控装置', nameEn: 'DC system monitor', spec: 'ZHM05P', unit: 'set', brand: 'own', costPrice: '1200.00', listPrice: '2000.00' },
  { ...base, code: 'BAT-LEOCH-12-100', family: 'battery', technology: 'vrla', nameZh: '阀控铅酸蓄电池', nameEn: 'VRLA battery', spec: '12V 100Ah', unit: 'block', brand: 'leoch', costPrice: '520.00', listPrice: '780.00', unitVoltageV: 12, cellsPerUnit: 6, capacityAh: 100, kcTable: 'vrla-2v', lengthMm: 330, widthMm: 173, heightMm: 220, weightKg: 30 },
  { ...base, code: 'BAT-SUN-12-100', family: 'battery', technology: 'vrla', nameZh: '阀控铅酸蓄电池', nameEn: 'VRLA battery', spec: '12V 100Ah', unit: 'block', brand: 'sonnenschein', costPrice: '690.00', listPrice: '990.00', unitVoltageV: 12, cellsPerUnit: 6, capacityAh: 100, kcTable: 'vrla-2v', lengthMm: 330, widthMm: 173, heightMm: 220, weightKg: 31 },
  { ...base, code: 'BAT-LEOCH-12-150', family: 'battery', technology: 'vrla', nameZh: '阀控铅酸蓄电池', nameEn: 'VRLA battery', spec: '12V 150Ah', unit: 'block', brand: 'leoch', costPrice: '760.00', listPrice: '1120.00', unitVoltageV: 12, cellsPerUnit: 6, capacityAh: 150, kcTable: 'vrla-2v', lengthMm: 480, widthMm: 170, heightMm: 240, weightKg: 45 },
  { ...base, code: 'MCB-DC-SCH-2P16', family: 'breaker', currentType: 'dc', frame: 'mcb', series: 'C65H-DC', nameZh: '直流微型断路器', nameEn: 'DC MCB', spec: '2P C16', unit: 'pcs', brand: 'schneider', costPrice: '96.00', listPrice: '150.00', ratedCurrentA: 16, poles: 2, ratedVoltageV: 250, breakingCapacityKA: 6, curve: 'C', alarmContact: false, alternates: ['MCB-DC-ABB-2P16-OLD'] },
  { ...base, code: 'MCB-DC-ABB-2P16', family: 'breaker', currentType: 'dc', frame: 'mcb', series: 'S202M-DC', nameZh: '直流微型断路器', nameEn: 'DC MCB', spec: '2P C16', unit: 'pcs', brand: 'abb', costPrice: '114.00', listPrice: '175.00', ratedCurrentA: 16, poles: 2, ratedVoltageV: 250, breakingCapacityKA: 6, curve: 'C', alarmContact: false },
  { ...base, code: 'MCB-DC-SIE-2P16-LOW', family: 'breaker', currentType: 'dc', frame: 'mcb', series: '5SY5', nameZh: '直流微型断路器', nameEn: 'DC MCB', spec: '2P C16 4.5kA', unit: 'pcs', brand: 'siemens', costPrice: '90.00', listPrice: '140.00', ratedCurrentA: 16, poles: 2, ratedVoltageV: 250, breakingCapacityKA: 4.5, curve: 'C', alarmContact: false },
  { ...base, code: 'MCB-DC-ABB-2P16-OLD', family: 'breaker', currentType: 'dc', frame: 'mcb', series: 'S282', nameZh: '直流微型断路器', nameEn: 'DC MCB', spec: '2P C16 (old series)', unit: 'pcs', brand: 'abb', costPrice: '100.00', listPrice: '160.00', ratedCurrentA: 16, poles: 2, ratedVoltageV: 250, breakingCapacityKA: 6, curve: 'C', alarmContact: false },
  { ...base, code: 'MCB-DC-SCH-2P25', family: 'breaker', currentType: 'dc', frame: 'mcb', series: 'C65H-DC', nameZh: '直流微型断路器', nameEn: 'DC MCB', spec: '2P C25', unit: 'pcs', brand: 'schneider', costPrice: '104.00', listPrice: '160.00', ratedCurrentA: 25, poles: 2, ratedVoltageV: 250, breakingCapacityKA: 6, curve: 'C', alarmContact: false },
  { ...base, code: 'MCB-DC-ABB-2P25', family: 'breaker', currentType: 'dc', frame: 'mcb', series: 'S202M-DC', nameZh: '直流微型断路器', nameEn: 'DC MCB', spec: '2P C25', unit: 'pcs', brand: 'abb', costPrice: '124.00', listPrice: '188.00', ratedCurrentA: 25, poles: 2, ratedVoltageV: 250, breakingCapacityKA: 6, curve: 'C', alarmContact: false },
  { ...base, code: 'CBL-CU-1x35', family: 'cable', conductor: 'cu', cores: 1, sectionMm2: 35, nameZh: '铜芯电缆', nameEn: 'Copper cable', spec: '1×35mm²', unit: 'm', brand: 'domestic-cable', costPrice: '38.40', listPrice: '55.00', ampacityA: 160 },
  { ...base, code: 'OBS-DROP', family: 'dropper', nameZh: '降压硅链', nameEn: 'Silicon dropper', spec: '220V 10A', unit: 'set', brand: 'own', costPrice: '300.00', listPrice: '480.00', ratedCurrentA: 10, stepsV: [5, 10], nominalVoltageV: 220, status: 'obsolete' },
].map((i) => catalogItemSchema.parse(i));

export function makeCatalog(list: CatalogItem[] = items, version = 'TEST-2025.1'): Catalog {
  return {
    version,
    effectiveDate: '2025-01-01',
    brands: [{ id: 'own', nameZh: '本公司', nameEn: 'Own', origin: 'own' }],
    brandPolicy: [],
    items: list,
    byCode: new Map(list.map((i) => [i.code, i])),
  };
}

export const catalog = makeCatalog();

/** The cost model of the worked example: the shipped factors' shape with round rates. */
export const costModel: CostModel = {
  version: 'TEST-CM-1',
  effectiveDate: '2025-01-01',
  factors: [
    { id: 'labour', nameZh: '生产人工', nameEn: 'Manufacturing labour', kind: 'rate', ratePct: '6', base: ['material'] },
    { id: 'assembly', nameZh: '柜体装配', nameEn: 'Panel assembly', kind: 'perPanel', amount: '800.00', panelKinds: ['chargerPanel', 'feederPanel', 'subFeederPanel', 'batteryCabinet', 'acPanel', 'upsPanel', 'telecomPanel', 'other'] },
    { id: 'freight', nameZh: '运输费', nameEn: 'Freight', kind: 'rate', ratePct: '1.5', base: ['material'] },
    { id: 'commissioning', nameZh: '安装调试', nameEn: 'Installation and commissioning', kind: 'fixed', amount: '3000.00' },
    { id: 'warranty', nameZh: '质保金准备', nameEn: 'Warranty reserve', kind: 'rate', ratePct: '1', base: ['material', 'labour', 'assembly'] },
    { id: 'overhead', nameZh: '管理费用', nameEn: 'Management overhead', kind: 'rate', ratePct: '5', base: ['material', 'labour', 'assembly'] },
    { id: 'contingency', nameZh: '不可预见费', nameEn: 'Contingency', kind: 'rate', ratePct: '2', base: ['material', 'labour', 'assembly', 'freight', 'commissioning', 'warranty', 'overhead'] },
  ],
};

export const vat: VatRule = { ratePct: '13', source: 'test', effectiveDate: '2019-04-01' };

export const approvalRules: ApprovalRules = {
  thresholds: [
    { minMarginPct: '25', level: 'engineer' },
    { minMarginPct: '15', level: 'salesManager' },
    { minMarginPct: '10', level: 'director' },
  ],
  belowLowestLevel: 'generalManager',
  lineBelowCostLevel: 'salesManager',
};

export const rules = { costModel, vat };

function ruleLine(id: string, panelId: string, code: string, quantity: string): BomLine {
  return { id, panelId, item: { kind: 'catalog', code }, quantity, source: { kind: 'rule', ruleId: id.split('#')[0]!, reason: { zh: '测试', en: 'test' } } };
}

/**
 * The worked example's BOM: a charger panel and a battery rack.
 *   charger panel: cabinet 1 × 4000.00, rectifier 3 × 1850.00, monitor 1 × 1200.00
 *   battery rack:  battery 18 × 520.00, cable 12.5 m × 38.40
 */
export function workedBom(): Bom {
  return {
    catalogVersion: 'TEST-2025.1',
    panels: [
      { id: 'P1', kind: 'chargerPanel', name: { zh: '充电屏', en: 'Charger panel' }, index: 1 },
      { id: 'P2', kind: 'batteryRack', name: { zh: '蓄电池架', en: 'Battery rack' }, index: 2 },
    ],
    lines: [
      ruleLine('cabinet#P1', 'P1', 'CAB-CHG-800', '1'),
      ruleLine('modules#P1', 'P1', 'ZHR22010-4', '3'),
      ruleLine('monitor#P1', 'P1', 'ZHM05P', '1'),
      ruleLine('battery#P2', 'P2', 'BAT-LEOCH-12-100', '18'),
      ruleLine('batteryCable#P2', 'P2', 'CBL-CU-1x35', '12.5'),
    ],
  };
}
