import { z } from 'zod';
import { confidenceSchema, type Confidence } from '../provenance.ts';

/**
 * Rule tables of DL/T 5044-2014 as data (rules/dlt5044/*.yaml), OpenFisca style: every file states what it
 * is, its unit, the clause, the edition and its confidence tag; coefficients carry their own tag where it
 * differs. Sizing reads the validated `Rules` object only; it never parses or validates at run time.
 */

/** Source keys of shared/domain/dlt5044.md §0, plus the product decisions and the notes themselves. */
export const SOURCE_KEYS = [
  'W1', 'L1', 'L2', 'L3', 'X1', 'M1', 'D1', 'Q1', 'E1', 'G1', 'C1', 'H1', 'WH', 'WS', 'JZ', 'Y1', 'BW', 'IE1', 'IE2',
  'DEC1', 'DEC2', 'DEC3', 'DEC4', 'DEC5', 'DEC6', 'DEC7',
  /** dlt5044.md itself (a derived or recalled statement with no external source). */
  'NOTES',
  /** products.md (company practice). */
  'PRODUCTS',
] as const;
export const sourceKeySchema = z.enum(SOURCE_KEYS);

const localTextSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const sources = z.array(sourceKeySchema).min(1);

const headerShape = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  description: localTextSchema,
  unit: z.string().min(1),
  clause: z.string().min(1),
  edition: z.string().min(1),
  confidence: confidenceSchema,
  sources,
  note: z.string().optional(),
};

/** A coefficient with its provenance. */
const coef = z.object({
  value: z.number().finite(),
  range: z.tuple([z.number(), z.number()]).optional(),
  confidence: confidenceSchema,
  sources,
  clause: z.string().optional(),
  note: z.string().optional(),
});
export type CoefficientData = z.infer<typeof coef>;
const positiveCoef = coef.refine((c) => c.value > 0, { message: 'value must be > 0' });

const flag = z.object({ value: z.boolean(), confidence: confidenceSchema, sources, clause: z.string().optional(), note: z.string().optional() });

const loadTypeKeyed = <T extends z.ZodTypeAny>(t: T) => z.object({ controlOnly: t, powerOnly: t, combined: t });

const kcPoint = z
  .union([
    z.object({ minutes: z.number().positive(), kc: z.number().positive() }).strict(),
    z.object({ seconds: z.number().positive(), kc: z.number().positive() }).strict(),
  ])
  .transform((p) => ({ minutes: 'minutes' in p ? p.minutes : p.seconds / 60, kc: p.kc }));

export const kcTableFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('kcTable'),
    technology: z.enum(['vrla']),
    unitVoltageV: z.union([z.literal(2), z.literal(12)]),
    columns: z.array(
      z.object({
        finalVoltageV: z.number().positive(),
        confidence: confidenceSchema,
        sources,
        note: z.string().optional(),
        points: z
          .array(kcPoint)
          .min(2)
          .refine((ps) => ps.every((p, i) => i === 0 || p.minutes > (ps[i - 1] as { minutes: number }).minutes), {
            message: 'points must be in strictly increasing time order',
          }),
      }),
    ),
  })
  .strict();

export const voltageLimitsFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('voltageLimits'),
    floatBusFactor: positiveCoef,
    endOfDischargeFactor: loadTypeKeyed(positiveCoef),
    equalizeMaxFactor: loadTypeKeyed(positiveCoef),
    loadTerminal: z.object({
      control: z.object({ min: z.number().positive(), max: z.number().positive(), confidence: confidenceSchema, sources, clause: z.string().optional() }),
      power: z.object({ min: z.number().positive(), max: z.number().positive(), confidence: confidenceSchema, sources, clause: z.string().optional() }),
    }),
    finalVoltageRoundingV: positiveCoef,
  })
  .strict();

/** `step`: the setting resolution inside the range (equalize: 0.01 V, product decision 8). */
const range = z.object({ min: z.number().positive(), max: z.number().positive(), default: z.number().positive().optional(), step: z.number().positive().optional(), confidence: confidenceSchema, sources });
export const cellVoltagesFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('cellVoltages'),
    technologies: z.array(z.object({ technology: z.enum(['vrla']), float: range, equalize: range })).min(1),
  })
  .strict();

export const LOAD_KINDS = [
  'controlProtection',
  'breakerTrip',
  'autoTransferClosing',
  'restoringClosing',
  'ups',
  'inverter',
  'emergencyLighting',
  'dcdc',
  'thermalControl',
  'dcMotor',
  'other',
] as const;
export const loadKindSchema = z.enum(LOAD_KINDS);
export type LoadKind = z.infer<typeof loadKindSchema>;

export const loadClassesFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('loadClasses'),
    statisticsColumnsMin: z.object({ values: z.array(z.number().positive()).min(1), confidence: confidenceSchema, sources }),
    initialPeriodMin: positiveCoef,
    randomDurationS: positiveCoef,
    classes: z
      .array(
        z.object({
          id: loadKindSchema,
          name: localTextSchema,
          function: z.enum(['control', 'power']).optional(),
          loadFactor: positiveCoef.optional(),
          continuous: z.boolean(),
          periods: z.enum(['wholeDuration', 'initial', 'random']),
          note: z.string().optional(),
        }),
      )
      .min(1),
  })
  .strict();

export const dischargeDurationsFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('dischargeDurations'),
    substation: z.object({ attended: positiveCoef, unattended: positiveCoef }),
    powerPlant: z.object({ gridConnected: positiveCoef, isolated: positiveCoef }),
  })
  .strict();

export const RANDOM_PLACEMENTS = ['largestStageExcludingFirst', 'everyStage'] as const;
export const randomPlacementSchema = z.enum(RANDOM_PLACEMENTS);
export type RandomLoadPlacement = z.infer<typeof randomPlacementSchema>;

export const stepMethodFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('stepMethod'),
    krel: positiveCoef,
    randomLoadPlacement: z.object({
      value: randomPlacementSchema,
      alternatives: z.array(randomPlacementSchema),
      confidence: confidenceSchema,
      sources,
      clause: z.string().optional(),
    }),
    randomLoadUsesKrel: flag,
  })
  .strict();

export const batteryCapacitiesFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('batteryCapacities'),
    series: z.array(z.object({ unitVoltageV: z.union([z.literal(2), z.literal(12)]), capacitiesAh: z.array(z.number().positive()).min(1), confidence: confidenceSchema })),
    parallelStrings: z.object({ allowed: z.boolean(), maxStrings: z.number().int().min(1), confidence: confidenceSchema, sources, note: z.string().optional() }),
  })
  .strict();

export const chargerFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('charger'),
    floatFactor: coef,
    initialChargeFactor: positiveCoef,
    equalizeFactor: positiveCoef,
    modules: z.object({
      maxBaseForOneSpare: positiveCoef,
      sparesSmall: coef,
      sparesLarge: coef,
      sparesInStandbySet: flag,
    }),
  })
  .strict();

export const ARRANGEMENT_IDS = ['1b1c', '1b2c', '2b2c', '2b3c'] as const;
export const arrangementIdSchema = z.enum(ARRANGEMENT_IDS);
export type ArrangementId = z.infer<typeof arrangementIdSchema>;

export const arrangementsFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('arrangements'),
    arrangements: z.array(z.object({ id: arrangementIdSchema, batteryGroups: z.number().int().min(1), chargerSets: z.number().int().min(1), name: localTextSchema })).min(1),
    defaults: z
      .array(
        z.object({
          maxVoltageLevelKV: z.number().positive().optional(),
          powerPlant: z.boolean().optional(),
          arrangement: arrangementIdSchema,
          confidence: confidenceSchema,
          sources,
          note: z.string().optional(),
        }),
      )
      .min(1),
    eachGroupCarriesWholeLoad: flag,
  })
  .strict();

export const breakersFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('breakers'),
    i1hFactor: positiveCoef,
    batteryOutletCheckInitialCurrent: flag,
    chargerOutputKrel: positiveCoef,
    closingFactor: positiveCoef,
    busTieFactor: positiveCoef,
    selectivityMinRatio: positiveCoef,
  })
  .strict();

const ascending = (arr: number[]) => arr.every((v, i) => i === 0 || v > (arr[i - 1] as number));
const series = z.array(z.number().positive()).min(1).refine(ascending, { message: 'must be strictly ascending' });

export const breakerRatingsFileSchema = z
  .object({ ...headerShape, kind: z.literal('breakerRatings'), mcbA: series, mccbA: series, acbA: series.default([]) })
  .strict();

export const CIRCUIT_KINDS = ['panelToSubPanel', 'panelToLoad', 'subPanelToLoad', 'dcMotor', 'closingCoil'] as const;
export const circuitKindSchema = z.enum(CIRCUIT_KINDS);
export type CircuitKind = z.infer<typeof circuitKindSchema>;

export const cablesFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('cables'),
    resistivityCu: positiveCoef,
    batteryCircuitDropPct: positiveCoef,
    otherCircuits: z.array(
      z.object({ kind: circuitKindSchema, allowedDropPct: z.number().positive().nullable(), confidence: confidenceSchema, sources, note: z.string().optional() }),
    ),
    subPanelSegmentShare: coef.refine((c) => c.value > 0 && c.value < 1, { message: 'share must be between 0 and 1' }),
  })
  .strict();

export const cableSectionsFileSchema = z
  .object({ ...headerShape, kind: z.literal('cableSections'), sectionsMm2: series, parallelAboveMm2: positiveCoef })
  .strict();

export const equipmentFFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('equipmentF'),
    rows: z.array(z.object({ capacityAh: z.number().positive(), i10A: z.number().positive(), i1hA: z.number().positive(), deviceRatingsA: z.array(z.number().positive()).min(1) })).min(1),
    mainBusRule: z.object({ value: z.literal('maxOfI1hAndChargerOutput'), confidence: confidenceSchema, sources }),
    dischargeTestFactor: positiveCoef,
  })
  .strict();

const monitorRole = z.enum(['dc', 'integratedSingle', 'integratedMaster', 'integratedSlave', 'integratedAc']);
const insulationRole = z.enum(['main', 'subDisplay', 'subIndependent', 'masterBox']);
const roleCount = z.array(z.object({ role: monitorRole, count: z.number().int().min(1) }));
export const SAMPLING_PER = ['feederCircuit', 'batteryGroup', 'chargerSet', 'acIncomer', 'subFeederPanel'] as const;
export const monitoringFileSchema = z
  .object({
    ...headerShape,
    kind: z.literal('monitoring'),
    monitors: z.object({
      dcSystem: z.object({ default: roleCount.optional() }),
      integratedSystem: z.object({ default: roleCount.optional(), oneTwo: roleCount.optional(), acSupervised: roleCount.optional() }),
      telecomSystem: z.object({ default: roleCount.optional() }),
    }),
    auxSupplyPerMonitor: z.object({ outputVoltageV: z.number().positive(), count: z.number().int().min(0), confidence: confidenceSchema, sources }),
    insulation: z.object({
      mainFeederPanel: insulationRole,
      subFeederPanel: insulationRole,
      independentSubFeederPanel: insulationRole,
      /** Units added where a panel's leakage samplers exceed one unit's branch channels [P]. */
      extension: z.object({ role: insulationRole, confidence: confidenceSchema, sources, note: z.string().optional() }),
      /** The insulation master control box (IMB03): count per DC system once it has at least `whenUnitsAtLeast` insulation monitor units [P]. */
      masterBox: z.object({ role: insulationRole, whenUnitsAtLeast: z.number().int().min(1), count: z.number().int().min(0), confidence: confidenceSchema, sources, note: z.string().optional() }),
      /** Systems whose DC bus has an earthed pole: no insulation monitor, no leakage samplers (the reason is shown). */
      earthedPoleSystems: z.array(z.enum(['dcSystem', 'integratedSystem', 'telecomSystem'])).default([]),
    }),
    sampling: z.array(
      z.object({
        function: z.enum(['ACDB', 'SLSB', 'DCSB', 'BRB', 'PSIB', 'BVSB', 'ASIB', 'MTSB', 'PSOB', 'TSP']),
        per: z.enum(SAMPLING_PER),
        /** Where the boxes are wired: the main feeder panels (shared by the whole system), beside what they sample (per battery group / sub panel), or the AC panel. */
        location: z.enum(['main', 'battery', 'ac', 'charger']).default('main'),
        /** Leakage samplers: channels of the insulation monitor on the same panel. */
        insulationChannels: z.boolean().default(false),
        confidence: confidenceSchema,
        sources,
        note: z.string().optional(),
      }),
    ),
  })
  .strict();

export const ruleFileSchemas = {
  kcTable: kcTableFileSchema,
  voltageLimits: voltageLimitsFileSchema,
  cellVoltages: cellVoltagesFileSchema,
  loadClasses: loadClassesFileSchema,
  dischargeDurations: dischargeDurationsFileSchema,
  stepMethod: stepMethodFileSchema,
  batteryCapacities: batteryCapacitiesFileSchema,
  charger: chargerFileSchema,
  arrangements: arrangementsFileSchema,
  breakers: breakersFileSchema,
  breakerRatings: breakerRatingsFileSchema,
  cables: cablesFileSchema,
  cableSections: cableSectionsFileSchema,
  equipmentF: equipmentFFileSchema,
  monitoring: monitoringFileSchema,
} as const;
export type RuleKind = keyof typeof ruleFileSchemas;
export const RULE_KINDS = Object.keys(ruleFileSchemas) as RuleKind[];
/** Kinds that exist exactly once; kcTable may appear many times (one file per table id). */
export const SINGLETON_KINDS = RULE_KINDS.filter((k) => k !== 'kcTable');

export type KcTableFile = z.infer<typeof kcTableFileSchema>;
export type VoltageLimitsFile = z.infer<typeof voltageLimitsFileSchema>;
export type CellVoltagesFile = z.infer<typeof cellVoltagesFileSchema>;
export type LoadClassesFile = z.infer<typeof loadClassesFileSchema>;
export type LoadClass = LoadClassesFile['classes'][number];
export type DischargeDurationsFile = z.infer<typeof dischargeDurationsFileSchema>;
export type StepMethodFile = z.infer<typeof stepMethodFileSchema>;
export type BatteryCapacitiesFile = z.infer<typeof batteryCapacitiesFileSchema>;
export type ChargerFile = z.infer<typeof chargerFileSchema>;
export type ArrangementsFile = z.infer<typeof arrangementsFileSchema>;
export type BreakersFile = z.infer<typeof breakersFileSchema>;
export type BreakerRatingsFile = z.infer<typeof breakerRatingsFileSchema>;
export type CablesFile = z.infer<typeof cablesFileSchema>;
export type CableSectionsFile = z.infer<typeof cableSectionsFileSchema>;
export type EquipmentFFile = z.infer<typeof equipmentFFileSchema>;
export type MonitoringFile = z.infer<typeof monitoringFileSchema>;

/** Header of any rule file, kept for the index and the report. */
export interface RuleFileInfo {
  id: string;
  kind: RuleKind;
  path: string;
  description: { zh: string; en: string };
  unit: string;
  clause: string;
  edition: string;
  confidence: Confidence;
  sources: string[];
}

/** The validated rule set: what `size()` reads. */
export interface Rules {
  files: RuleFileInfo[];
  kcTables: ReadonlyMap<string, KcTableFile>;
  voltageLimits: VoltageLimitsFile;
  cellVoltages: CellVoltagesFile;
  loadClasses: LoadClassesFile;
  loadClassById: ReadonlyMap<LoadKind, LoadClass>;
  dischargeDurations: DischargeDurationsFile;
  stepMethod: StepMethodFile;
  batteryCapacities: BatteryCapacitiesFile;
  charger: ChargerFile;
  arrangements: ArrangementsFile;
  breakers: BreakersFile;
  breakerRatings: BreakerRatingsFile;
  cables: CablesFile;
  cableSections: CableSectionsFile;
  equipmentF: EquipmentFFile;
  monitoring: MonitoringFile;
}
