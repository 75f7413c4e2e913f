import { z } from 'zod';
import { quoteStateSchema } from '../quote/schema.ts';
import { drawingStateSchema } from '../drawing/state.ts';
import { arrangementIdSchema, circuitKindSchema, loadKindSchema, randomPlacementSchema } from '../rules/schema.ts';

/**
 * The project file (what the app saves and `dcq size` reads): schemaVersion 1, id, meta, the sizing
 * requirements, and the `quote` section (pricing settings, BOM edits, terms, approvals, revisions).
 * Structure is checked here; cross-field checks with bilingual reasons live in requirements.ts.
 * No clock is read: timestamps are strings the edge puts in.
 */

const name = z.string().trim().min(1);
/**
 * No physical input of a station DC system comes near a million (kW, A, kVA, m, min); the ceiling keeps
 * absurd or mistyped values (1e308) from overflowing to Infinity inside the sizing.
 */
export const INPUT_CEILING = 1_000_000;
const positive = z.number().finite().positive().max(INPUT_CEILING);
const nonNegative = z.number().finite().nonnegative().max(INPUT_CEILING);
/** Counts of feeders, incomers, units: whole numbers, with a ceiling far above any real panel line-up. */
export const COUNT_CEILING = 10_000;
const count = z.number().int().min(0).max(COUNT_CEILING);

export const VOLTAGE_LEVELS_KV = [35, 66, 110, 220, 330, 500] as const;

export const siteSchema = z
  .object({
    /** Highest voltage level of the substation in kV, or a power plant. */
    voltageLevel: z.union([z.literal(35), z.literal(66), z.literal(110), z.literal(220), z.literal(330), z.literal(500), z.literal('powerPlant')]),
    attended: z.boolean(),
    /** Power plants only: connected to the grid (1 h) or isolated (2 h). */
    gridConnected: z.boolean().optional(),
    smart: z.boolean().optional(),
  })
  .strict();

export const periodSchema = z.object({ startMin: nonNegative, endMin: positive }).strict();

export const loadSchema = z
  .object({
    id: z.string().min(1).optional(),
    name,
    kind: loadKindSchema,
    /** control or power; defaults from the load class (required for kind `other`). */
    function: z.enum(['control', 'power']).optional(),
    /** Exactly one of powerKW, currentA, apparentPowerKVA. */
    powerKW: positive.optional(),
    currentA: positive.optional(),
    /** With currentA: `rated` (default) is multiplied by the load factor; `calculated` is already the calculated current (K = 1). */
    currentBasis: z.enum(['rated', 'calculated']).optional(),
    apparentPowerKVA: positive.optional(),
    /** For kVA inputs (UPS, inverters): cos φ and efficiency η (0–1]. */
    powerFactor: z.number().finite().optional(),
    efficiency: z.number().finite().optional(),
    /** Load factor K; defaults from the load class where the rules give one. */
    loadFactor: z.number().finite().optional(),
    /** Counted in the continuous current I0 (Ijc); defaults from the load class. */
    continuous: z.boolean().optional(),
    /** Runs from 0 to this time (min); defaults to the accident discharge duration. */
    durationMin: positive.optional(),
    /** Explicit periods within the duty cycle (min); overrides durationMin. */
    periods: z.array(periodSchema).min(1).optional(),
    /** A random 5 s load (closing to restore supply, auto-transfer); defaults from the load class. */
    random: z.boolean().optional(),
  })
  .strict();

export const feederSchema = z
  .object({
    kind: z.enum(['control', 'power', 'closing', 'motor']),
    /** Rated current of the feeder breaker; for closing feeders it may be derived from closingCurrentA. */
    ratingA: positive.optional(),
    count: z.number().int().min(1).max(COUNT_CEILING),
    /** Closing-coil current of the breaker mechanism fed (closing feeders). */
    closingCurrentA: positive.optional(),
    /** How long that closing current flows (ms): checked against the chosen breaker's trip-curve data. */
    closingDurationMs: positive.optional(),
    /** Circuit names shown on the one-line drawing, one per feeder (at most `count`); the rest are numbered. */
    names: z.array(z.string().trim().min(1).max(60)).max(COUNT_CEILING).optional(),
  })
  .strict();

export const subPanelSchema = z
  .object({
    name,
    /** An independent sub feeder panel (own insulation monitor without balance resistor). */
    independent: z.boolean().default(false),
    /** Feeder breaker on the main panel that feeds this sub panel; derived when omitted. */
    incomingRatingA: positive.optional(),
    feeders: z.array(feederSchema).default([]),
    /** Cable main panel → this sub panel. */
    cableLengthM: positive.optional(),
    /** Design current of that cable; required with cableLengthM. */
    loadCurrentA: positive.optional(),
    loadFunction: z.enum(['control', 'power']).default('control'),
    allowedDropPct: positive.optional(),
  })
  .strict();

export const cableCircuitSchema = z
  .object({
    name,
    kind: circuitKindSchema,
    lengthM: positive,
    currentA: positive,
    loadFunction: z.enum(['control', 'power']),
    /** For subPanelToLoad: the sub panel it leaves from (its panel→sub-panel drop is upstream). */
    subPanel: z.string().optional(),
    allowedDropPct: positive.optional(),
  })
  .strict();

export const requirementsSchema = z
  .object({
    site: siteSchema,
    systemKind: z.enum(['dcSystem', 'integratedSystem', 'telecomSystem']),
    nominalVoltageV: z.union([z.literal(110), z.literal(220), z.literal(48)]),
    /** Defaults from the voltage level (product decision 7). */
    arrangement: arrangementIdSchema.optional(),
    /** Drives the end-of-discharge and equalize limits. */
    dcLoadType: z.enum(['controlOnly', 'powerOnly', 'combined']),
    battery: z
      .object({
        technology: z.enum(['vrla']).default('vrla'),
        unitVoltageV: z.union([z.literal(2), z.literal(12)]),
        brandPreference: z.string().optional(),
        floatVoltagePerCellV: positive.optional(),
        equalizeVoltagePerCellV: positive.optional(),
        /** Forces the cell count (required for telecom systems). */
        cellCount: z.number().int().positive().max(COUNT_CEILING).optional(),
        /** Forces the required end-of-discharge voltage per cell (required for telecom systems). */
        finalVoltagePerCellV: positive.optional(),
        /** Check mode (decision 11): an existing battery — C10 per group, cells, catalog model — checked stage by stage beside the sizing. */
        existing: z.object({ capacityAh: positive.optional(), cellCount: z.number().int().positive().max(COUNT_CEILING).optional(), itemCode: z.string().trim().min(1).optional() }).strict().optional(),
      })
      .strict(),
    charger: z
      .object({
        moduleRatingA: positive.optional(),
        moduleBrand: z.string().optional(),
      })
      .strict()
      .default({}),
    breakerBrand: z.string().optional(),
    loads: z.array(loadSchema).min(1),
    /** Accident discharge duration (min); defaults from attended/unattended. */
    dischargeDurationMin: positive.optional(),
    feeders: z
      .object({
        main: z.array(feederSchema).default([]),
        subPanels: z.array(subPanelSchema).default([]),
      })
      .strict()
      .default({ main: [], subPanels: [] }),
    cables: z
      .object({
        batteryToPanelM: positive,
        circuits: z.array(cableCircuitSchema).default([]),
      })
      .strict(),
    integrated: z
      .object({
        /** Rated current of the station AC system (站用交流额定电流), the third field of the ZHTS model code. */
        acRatedCurrentA: positive.optional(),
        acIncomers: count.default(2),
        acFeeders: z.array(z.object({ ratingA: positive, count: z.number().int().min(1).max(COUNT_CEILING), poles: z.number().int().min(1).max(4).default(3) }).strict()).default([]),
        ups: z.object({ kind: z.enum(['ups', 'inverter']), ratedKVA: positive, count: z.number().int().min(1).max(COUNT_CEILING).default(1) }).strict().optional(),
        telecom48: z.object({ currentA: positive }).strict().optional(),
        monitorScheme: z.enum(['default', 'oneTwo', 'acSupervised']).default('default'),
      })
      .strict()
      .optional(),
    /** Telecom rectifier module: 30 A (IMPS48), 37.5 A (NPR48 class, IMPS48) or 50 A (IPS48). */
    /** AC supply of the charger sets as drawn on the one-line drawing: one or two 380 V incomers, with an ATS (dual-supply changeover) when two. Default: two with ATS. */
    acInput: z.object({ incomers: z.union([z.literal(1), z.literal(2)]), ats: z.boolean().optional() }).strict().optional(),
    telecom: z.object({ moduleRatingA: z.union([z.literal(30), z.literal(37.5), z.literal(50)]) }).strict().optional(),
    options: z
      .object({
        randomLoadPlacement: randomPlacementSchema.optional(),
        batteryInspection: z.boolean().default(false),
      })
      .strict()
      .default({ batteryInspection: false }),
  })
  .strict();

export const projectMetaSchema = z
  .object({
    name,
    customer: z.string().default(''),
    siteName: z.string().default(''),
    quoteContact: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }).strict().optional(),
    designInstitute: z.string().optional(),
    tenderNo: z.string().optional(),
    /** Quote number printed on quotes (the revision letter is appended); a readable default is derived when empty. */
    quoteNo: z.string().trim().max(40).optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    notes: z.string().optional(),
  })
  .strict();

export const projectFileSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().min(1),
    meta: projectMetaSchema,
    requirements: requirementsSchema,
    /** Pricing settings, BOM edits, terms, approvals and revisions (src/core/quote/schema.ts). */
    quote: quoteStateSchema.optional(),
    /** The one-line drawing: its own revision letters, each recording the quote revision it started from (src/core/drawing/revisions.ts). */
    drawing: drawingStateSchema.optional(),
  })
  .strict();

export type ProjectFile = z.infer<typeof projectFileSchema>;
export type Requirements = z.infer<typeof requirementsSchema>;
export type LoadInput = z.infer<typeof loadSchema>;
export type Feeder = z.infer<typeof feederSchema>;
export type SubPanel = z.infer<typeof subPanelSchema>;
export type CableCircuit = z.infer<typeof cableCircuitSchema>;
export type Site = z.infer<typeof siteSchema>;
export type DcLoadType = Requirements['dcLoadType'];
export type SystemKind = Requirements['systemKind'];
