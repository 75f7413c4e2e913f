import { z } from 'zod';

/**
 * The component catalog: one schema per family, validated at load, types inferred from it.
 * Data lives in catalog/*.yaml; this file is the contract every module (sizing, BOM, pricing,
 * export, UI) reads the catalog through. Quantities carry their unit in the field name.
 */

/** Money in data files: a decimal string with at most two decimals ("1250.00"); never a JS float. */
export const moneyString = z
  .string()
  .regex(/^\d+(\.\d{1,2})?$/, 'must be a non-negative amount in CNY with at most two decimals, e.g. "1250.00"');

const positive = z.number().positive();
const nonNegativeInt = z.number().int().nonnegative();

export const unitSchema = z.enum(['pcs', 'set', 'panel', 'm', 'cell', 'block', 'lot', 'kg']);
export type Unit = z.infer<typeof unitSchema>;

export const familySchema = z.enum([
  'rectifierModule',
  'dcdcModule',
  'telecomRectifier',
  'inverter',
  'monitor',
  'insulationMonitor',
  'samplingBox',
  'batteryInspection',
  'auxPowerSupply',
  'battery',
  'breaker',
  'fuse',
  'disconnector',
  'shunt',
  'dropper',
  'meter',
  'transducer',
  'contactor',
  'surgeArrester',
  'cable',
  'busbar',
  'cabinet',
  'sundry',
]);
export type Family = z.infer<typeof familySchema>;

/** The units an item of each family may be counted in (a cable in metres, a battery by cell or block). */
export const allowedUnits: Record<Family, readonly Unit[]> = {
  rectifierModule: ['pcs'],
  dcdcModule: ['pcs'],
  telecomRectifier: ['pcs'],
  inverter: ['set', 'pcs'],
  monitor: ['set', 'pcs'],
  insulationMonitor: ['set', 'pcs'],
  samplingBox: ['pcs'],
  batteryInspection: ['set', 'pcs'],
  auxPowerSupply: ['pcs'],
  battery: ['cell', 'block'],
  breaker: ['pcs'],
  fuse: ['pcs'],
  disconnector: ['pcs'],
  shunt: ['pcs'],
  dropper: ['set', 'pcs'],
  meter: ['pcs'],
  transducer: ['pcs'],
  contactor: ['pcs'],
  surgeArrester: ['pcs'],
  cable: ['m'],
  busbar: ['m', 'kg'],
  cabinet: ['panel'],
  sundry: ['lot', 'set', 'pcs', 'm'],
};

const itemBase = z.object({
  /** Stable code: never reused for another item; quotes and BOM edits refer to it. */
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/+]*$/, 'letters, digits and . _ - / + only'),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  spec: z.string().min(1),
  /** The spec as a Chinese document prints it; required when `spec` carries English words (catalog check). */
  specZh: z.string().min(1).optional(),
  unit: unitSchema,
  /** Brand id from catalog.yaml `brands`. */
  brand: z.string().min(1),
  costPrice: moneyString,
  listPrice: moneyString,
  leadTimeDays: nonNegativeInt,
  status: z.enum(['active', 'obsolete']),
  /** Codes of items that can replace this one (other brand or equivalent rating). */
  alternates: z.array(z.string()).default([]),
  note: z.string().optional(),
});

const voltageRange = z.object({ minV: positive, maxV: positive });

/**
 * Technical data a tender's parameter tables ask about (issue #15), in groups that each name their
 * source: a maker's datasheet (`sample: false`) or illustrative figures (`sample: true`). A tender answer
 * resting on a sample value is 需人工确认, never 无偏离. Values carry their unit in the key.
 */
const rangeValue = z.object({ min: z.number(), max: z.number() }).refine((r) => r.min <= r.max, { message: 'min must not be above max' });
function technicalGroups<T extends z.ZodRawShape>(values: T) {
  return z
    .array(z.object({ source: z.string().min(1), sample: z.boolean(), values: z.strictObject(values) }))
    .optional();
}
const percent = z.number().nonnegative().max(100);
export const rectifierTechnicalShape = {
  /** Adjustable output voltage range (稳压/限流输出范围). */
  outputRangeV: rangeValue.optional(),
  ratedCurrentA: positive.optional(),
  /** Maximum output current in current limit (最大输出电流). */
  maxOutputCurrentA: positive.optional(),
  /** 稳压精度 ±x %. */
  voltagePrecisionPct: percent.optional(),
  /** 稳流精度 ±x %. */
  currentPrecisionPct: percent.optional(),
  /** 纹波系数 x % (peak-to-peak / 2 over the output, as tenders state it). */
  ripplePct: percent.optional(),
  /** 均流不平衡度 ±x %. */
  sharingImbalancePct: percent.optional(),
  efficiencyPct: percent.optional(),
  powerFactor: z.number().gt(0).max(1).optional(),
  /** Audible noise at 1 m, dB(A). */
  noiseDb: positive.optional(),
  mtbfH: positive.optional(),
};
export const monitorTechnicalShape = {
  /** Functions as the tender words them (遥测、遥信、遥控、电池管理 …). */
  functions: z.array(z.string().min(1)).optional(),
  /** Voltage measurement accuracy ±x %. */
  voltageAccuracyPct: percent.optional(),
  currentAccuracyPct: percent.optional(),
  protocols: z.array(z.string().min(1)).optional(),
  mtbfH: positive.optional(),
};
export const insulationMonitorTechnicalShape = {
  functions: z.array(z.string().min(1)).optional(),
  voltageAccuracyPct: percent.optional(),
  /** Insulation resistance measurement accuracy ±x %. */
  resistanceAccuracyPct: percent.optional(),
  protocols: z.array(z.string().min(1)).optional(),
};
export const batteryTechnicalShape = {
  /** Design (float) life at 25 °C, years. */
  designLifeYears: positive.optional(),
  floatVoltagePerCellV: rangeValue.optional(),
  equalizeVoltagePerCellV: rangeValue.optional(),
  standards: z.array(z.string().min(1)).optional(),
};
export const breakerTechnicalShape = {
  /** Rated short-circuit breaking capacity (额定短路分断能力), kA. */
  breakingCapacityKA: positive.optional(),
  /** Trip curves as tenders word them: C, B, D … or 热磁式 / 电子式 for moulded-case breakers. */
  curves: z.array(z.string().min(1)).optional(),
  poles: z.number().int().min(1).max(4).optional(),
  /** Rated operating voltage (额定工作电压), V. */
  ratedVoltageV: positive.optional(),
  standards: z.array(z.string().min(1)).optional(),
};

export const rectifierModuleSchema = itemBase.extend({
  family: z.literal('rectifierModule'),
  nominalVoltageV: z.union([z.literal(110), z.literal(220)]),
  ratedCurrentA: positive,
  outputRangeV: voltageRange,
  acInput: z.string().min(1),
  efficiencyPct: z.number().gt(0).max(100),
  powerFactor: z.number().gt(0).max(1),
  /** Width of the module in standard slots of a charger panel's module shelf. */
  slotWidth: positive,
  technical: technicalGroups(rectifierTechnicalShape),
});

export const dcdcModuleSchema = itemBase.extend({
  family: z.literal('dcdcModule'),
  inputVoltageV: positive,
  outputVoltageV: positive,
  ratedCurrentA: positive,
  outputRangeV: voltageRange,
  efficiencyPct: z.number().gt(0).max(100),
  slotWidth: positive,
});

export const telecomRectifierSchema = itemBase.extend({
  family: z.literal('telecomRectifier'),
  /** Telecom system series the module builds (model code prefix): IMPS48 small systems, IPS48 large. */
  systemSeries: z.enum(['IMPS48', 'IPS48']).optional(),
  outputVoltageV: positive,
  ratedCurrentA: positive,
  outputRangeV: voltageRange,
  efficiencyPct: z.number().gt(0).max(100),
  slotWidth: positive,
});

export const inverterSchema = itemBase.extend({
  family: z.literal('inverter'),
  kind: z.enum(['inverter', 'ups']),
  ratedKVA: positive,
  dcInputVoltageV: positive,
  powerFactor: z.number().gt(0).max(1),
  efficiencyPct: z.number().gt(0).max(100),
});

export const monitorSchema = itemBase.extend({
  family: z.literal('monitor'),
  /** dc: stand-alone DC system monitor; integratedSingle: one monitor for an integrated system;
   * integratedMaster / integratedSlave: the "1+2" scheme; integratedAc: supervises the AC side too. */
  role: z.enum(['dc', 'integratedSingle', 'integratedMaster', 'integratedSlave', 'integratedAc']),
  technical: technicalGroups(monitorTechnicalShape),
});

export const insulationMonitorSchema = itemBase.extend({
  family: z.literal('insulationMonitor'),
  /** main: on the main feeder panel; subDisplay: display-only on a sub feeder panel;
   * subIndependent: on an independent sub feeder panel, without balance resistor; masterBox: IMB03. */
  role: z.enum(['main', 'subDisplay', 'subIndependent', 'masterBox']),
  /** Feeder branches one unit supervises (leakage-current channels), where it applies. */
  branchChannels: nonNegativeInt.optional(),
  technical: technicalGroups(insulationMonitorTechnicalShape),
});

export const samplingBoxSchema = itemBase.extend({
  family: z.literal('samplingBox'),
  /** ACDB, SLSB, DCSB, BRB, PSIB, BVSB, ASIB, MTSB, PSOB, TSP */
  function: z.enum(['ACDB', 'SLSB', 'DCSB', 'BRB', 'PSIB', 'BVSB', 'ASIB', 'MTSB', 'PSOB', 'TSP']),
  channels: nonNegativeInt,
});

export const batteryInspectionSchema = itemBase.extend({
  family: z.literal('batteryInspection'),
  /** Cells (2 V) or blocks (12 V) one unit supervises. */
  cellsPerUnit: positive,
  unitVoltageV: z.union([z.literal(2), z.literal(12)]),
});

export const auxPowerSupplySchema = itemBase.extend({
  family: z.literal('auxPowerSupply'),
  outputVoltageV: positive,
  inputVoltageV: positive,
});

/** A maker's constant-current discharge table: amps the unit delivers for t minutes to a final voltage. */
export const dischargeTableSchema = z.object({
  finalVoltageV: positive,
  points: z.array(z.object({ minutes: positive, currentA: positive })).min(2),
  source: z.string().min(1),
});

export const batterySchema = itemBase.extend({
  family: z.literal('battery'),
  technology: z.enum(['vrla']),
  /** 2 V cell or 12 V block (6 cells). */
  unitVoltageV: z.union([z.literal(2), z.literal(12)]),
  cellsPerUnit: z.union([z.literal(1), z.literal(6)]),
  /** C10: 10-hour-rate capacity. */
  capacityAh: positive,
  /** Id of the capacity-conversion (Kc) table family in rules/dlt5044/kc/ this battery follows. */
  kcTable: z.string().min(1),
  lengthMm: positive,
  widthMm: positive,
  heightMm: positive,
  weightKg: positive,
  /** Maker's short-circuit current of one unit, if published; otherwise sizing estimates it and says so. */
  shortCircuitCurrentA: positive.optional(),
  internalResistanceMilliohm: positive.optional(),
  dischargeTables: z.array(dischargeTableSchema).optional(),
  technical: technicalGroups(batteryTechnicalShape),
});

export const breakerSchema = itemBase.extend({
  family: z.literal('breaker'),
  currentType: z.enum(['dc', 'ac']),
  /** mcb miniature, mccb moulded case, acb air circuit breaker (large DC frames for big battery outlets). */
  frame: z.enum(['mcb', 'mccb', 'acb']),
  series: z.string().min(1),
  ratedCurrentA: positive,
  poles: z.number().int().min(1).max(4),
  ratedVoltageV: positive,
  breakingCapacityKA: positive,
  curve: z.enum(['B', 'C', 'D', 'K', 'Z', 'thermalMagnetic', 'electronic']).optional(),
  /**
   * The maker's trip-curve data as the shortest time the breaker carries a multiple of In without tripping
   * (lower edge of the tripping band, time not rising with the multiple). Closing circuits are checked
   * against it; `sample: true` marks illustrative figures that are not the maker's.
   */
  tripCurve: z
    .object({
      source: z.string().min(1),
      sample: z.boolean().default(false),
      noTripMs: z
        .array(z.object({ multiple: positive, timeMs: positive }))
        .min(2)
        .refine((ps) => ps.every((p, i) => i === 0 || (p.multiple > (ps[i - 1] as { multiple: number }).multiple && p.timeMs <= (ps[i - 1] as { timeMs: number }).timeMs)), {
          message: 'multiples must rise and times must not rise',
        }),
    })
    .optional(),
  /** An auxiliary/alarm contact is fitted (needed for monitoring of feeder trips). */
  alarmContact: z.boolean().default(false),
  technical: technicalGroups(breakerTechnicalShape),
});

export const fuseSchema = itemBase.extend({
  family: z.literal('fuse'),
  ratedCurrentA: positive,
  ratedVoltageV: positive,
  breakingCapacityKA: positive,
});

export const disconnectorSchema = itemBase.extend({
  family: z.literal('disconnector'),
  kind: z.enum(['knifeSwitch', 'fuseSwitch', 'changeover']),
  ratedCurrentA: positive,
  ratedVoltageV: positive,
  poles: z.number().int().min(1).max(4),
});

export const shuntSchema = itemBase.extend({
  family: z.literal('shunt'),
  ratedCurrentA: positive,
  outputMillivolt: positive,
});

export const dropperSchema = itemBase.extend({
  family: z.literal('dropper'),
  ratedCurrentA: positive,
  /** Voltage steps the chain can drop, in volts, e.g. [5, 10, 15, 20]. */
  stepsV: z.array(positive).min(1),
  nominalVoltageV: z.union([z.literal(110), z.literal(220)]),
});

export const meterSchema = itemBase.extend({
  family: z.literal('meter'),
  series: z.string().min(1),
  measures: z.enum(['dcVoltage', 'dcCurrent', 'acVoltage', 'acCurrent', 'multifunction']),
});

export const transducerSchema = itemBase.extend({
  family: z.literal('transducer'),
  series: z.string().min(1),
  measures: z.enum(['dcVoltage', 'dcCurrent', 'acVoltage', 'acCurrent']),
});

export const contactorSchema = itemBase.extend({
  family: z.literal('contactor'),
  ratedCurrentA: positive,
  currentType: z.enum(['dc', 'ac']),
  kind: z.enum(['contactor', 'ats']),
});

export const surgeArresterSchema = itemBase.extend({
  family: z.literal('surgeArrester'),
  currentType: z.enum(['dc', 'ac']),
  maxDischargeKA: positive,
});

export const cableSchema = itemBase.extend({
  family: z.literal('cable'),
  conductor: z.enum(['cu']),
  cores: z.number().int().min(1).max(5),
  sectionMm2: positive,
  /** Continuous current rating in air at 30 °C (maker's data). */
  ampacityA: positive,
});

export const busbarSchema = itemBase.extend({
  family: z.literal('busbar'),
  conductor: z.enum(['cu']),
  widthMm: positive,
  thicknessMm: positive,
  ratedCurrentA: positive,
});

/** The kinds of panel a cabinet item is; the BOM groups its lines by the same kinds. */
export const cabinetKindSchema = z.enum([
  'chargerPanel',
  'feederPanel',
  'subFeederPanel',
  'batteryCabinet',
  'batteryRack',
  'acPanel',
  'upsPanel',
  'telecomPanel',
]);

export const cabinetSchema = itemBase.extend({
  family: z.literal('cabinet'),
  kind: cabinetKindSchema,
  widthMm: positive,
  depthMm: positive,
  heightMm: positive,
  /** Module slots (in slot-width units) on the charger/telecom shelf; 0 where none. */
  moduleSlots: nonNegativeInt,
  /** Outgoing feeder breaker positions; 0 where none. */
  feederPositions: nonNegativeInt,
  /** Battery units (cells or blocks) a battery cabinet or rack holds; 0 otherwise. */
  batteryUnits: nonNegativeInt,
  /** For battery cabinets/racks: the largest unit capacity that fits (Ah). */
  maxBatteryAh: positive.optional(),
});

export const sundrySchema = itemBase.extend({
  family: z.literal('sundry'),
  kind: z.enum(['terminals', 'wiring', 'labels', 'copperLinks', 'mounting', 'other']),
});

export const catalogItemSchema = z.discriminatedUnion('family', [
  rectifierModuleSchema,
  dcdcModuleSchema,
  telecomRectifierSchema,
  inverterSchema,
  monitorSchema,
  insulationMonitorSchema,
  samplingBoxSchema,
  batteryInspectionSchema,
  auxPowerSupplySchema,
  batterySchema,
  breakerSchema,
  fuseSchema,
  disconnectorSchema,
  shuntSchema,
  dropperSchema,
  meterSchema,
  transducerSchema,
  contactorSchema,
  surgeArresterSchema,
  cableSchema,
  busbarSchema,
  cabinetSchema,
  sundrySchema,
]);
export type CatalogItem = z.infer<typeof catalogItemSchema>;
export type ItemOf<F extends Family> = Extract<CatalogItem, { family: F }>;

export const brandSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  origin: z.enum(['own', 'domestic', 'imported']),
});
export type Brand = z.infer<typeof brandSchema>;

/**
 * Default-brand policy a company can change: for a family (optionally narrowed by a qualifier such as
 * `breaker.dc` or `breaker.ac`), the brands to prefer in order.
 */
export const brandPolicySchema = z.object({
  key: z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)?$/),
  preferredBrands: z.array(z.string()).min(1),
  /** Items to use by default where the rule does not pick one by rating (must be active). */
  defaultItems: z.array(z.string()).default([]),
  note: z.string().optional(),
});
export type BrandPolicy = z.infer<typeof brandPolicySchema>;

/** catalog/catalog.yaml: the header every quote cites. */
export const catalogHeaderSchema = z.object({
  version: z.string().min(1),
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  currency: z.literal('CNY'),
  note: z.string().optional(),
  brands: z.array(brandSchema).min(1),
  brandPolicy: z.array(brandPolicySchema).default([]),
});
export type CatalogHeader = z.infer<typeof catalogHeaderSchema>;

/** A validated catalog, ready for every other module. Never constructed half-loaded. */
export interface Catalog {
  version: string;
  effectiveDate: string;
  note?: string;
  brands: Brand[];
  brandPolicy: BrandPolicy[];
  items: CatalogItem[];
  byCode: ReadonlyMap<string, CatalogItem>;
}

/** One group of an item's technical data (issue #15), family-agnostic. */
export interface TechnicalGroup {
  source: string;
  sample: boolean;
  values: Readonly<Record<string, unknown>>;
}

/** The technical data groups of an item; [] for a family without any or an item that has none. */
export function technicalGroupsOf(item: CatalogItem): TechnicalGroup[] {
  return 'technical' in item && item.technical ? (item.technical as TechnicalGroup[]) : [];
}
