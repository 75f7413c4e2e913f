import { z } from 'zod';
import { bomEditSchema } from '../bom/edits.ts';
import { approvalLevelSchema } from '../pricing/rules.ts';
import { pricingSettingsSchema } from '../pricing/settings.ts';
import { pricedSnapshotSchema } from './snapshot.ts';

/**
 * The `quote` section of the project file. The project schema (src/core/project/schema.ts) embeds
 * `quoteStateSchema`. Derived figures (the priced quote, the approval status) are not stored: they are
 * recomputed from the BOM, the catalog and these settings, so they can never go stale. What is stored
 * is what people decided: pricing settings, BOM edits, commercial terms, approvals, issued revisions.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** An ISO 8601 date-time with offset, as the edge (app, CLI) reads it from the clock. */
export const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO date-time such as 2025-03-01T09:30:00+08:00');

export const commercialTermsSchema = z.object({
  /** 付款方式, e.g. "预付30%，发货前付60%，质保金10%". */
  paymentTerms: z.string().default(''),
  /** 交货期 in calendar days after the order. */
  deliveryDays: z.number().int().positive().nullable().default(null),
  /** 报价有效期: the last day the quote is valid. */
  validUntil: isoDate.nullable().default(null),
  deliveryPlace: z.string().optional(),
  note: z.string().optional(),
});
export type CommercialTerms = z.infer<typeof commercialTermsSchema>;

const coveredMetaSchema = z
  .object({ id: z.string(), name: z.string(), customer: z.string(), siteName: z.string(), designInstitute: z.string(), tenderNo: z.string(), quoteNo: z.string(), createdOn: z.string(), contact: z.string() })
  .strict();
const coveredSizingSchema = z.object({ modelCode: z.string(), loadTable: z.array(z.array(z.string())), steps: z.array(z.string()), equipment: z.array(z.string()) }).strict();

/**
 * The tender's technical requirements kept with the quote, and the reviewers' acknowledgements of its
 * negative deviations (issue #15): every 负偏离 must be acknowledged before a final quote is issued,
 * whatever the margin. An acknowledgement names the requirement it answers by row number, name and
 * requirement text, so a changed requirement is not covered by an old acknowledgement.
 */
export const tenderRequirementSchema = z.object({ no: z.string(), name: z.string().trim().min(1), text: z.string().trim().min(1), starred: z.boolean().default(false) }).strict();
export const deviationAckSchema = z
  .object({ no: z.string(), name: z.string().trim().min(1), text: z.string().trim().min(1), reviewer: z.string().trim().min(1), time: isoDateTime, comment: z.string().default('') })
  .strict();
export type DeviationAck = z.infer<typeof deviationAckSchema>;
export const tenderStateSchema = z.object({ requirements: z.array(tenderRequirementSchema).default([]), acknowledgements: z.array(deviationAckSchema).default([]) }).strict();
export type TenderState = z.infer<typeof tenderStateSchema>;
const coveredTenderSchema = z.object({ requirements: z.array(z.array(z.string())), acknowledgements: z.array(z.array(z.string())) }).strict();

export const contentHashSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/);

/** The content-hash specification version a hash was taken under (src/core/quote/hash.ts); files before versions existed are 1. */
const hashSpecSchema = z.number().int().positive().default(1);

export const approvalRecordSchema = z.object({
  approverName: z.string().min(1),
  role: approvalLevelSchema,
  /** When the decision was taken, passed in by the edge (the core never reads the clock). */
  time: isoDateTime,
  decision: z.enum(['approve', 'reject']),
  comment: z.string(),
  /** Hash of the priced content and terms the decision was taken on. */
  contentHash: contentHashSchema,
  /** The level the content needed when it was decided. */
  requiredLevel: approvalLevelSchema,
  hashSpec: hashSpecSchema,
});
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;

export const revisionSchema = z.object({
  /** A, B, … Z, then AA, AB, … */
  letter: z.string().regex(/^[A-Z]+$/),
  issuedAt: isoDateTime,
  issuedBy: z.string().min(1),
  contentHash: contentHashSchema,
  catalogVersion: z.string(),
  settings: pricingSettingsSchema,
  edits: z.array(bomEditSchema),
  terms: commercialTermsSchema,
  approvals: z.array(approvalRecordSchema),
  snapshot: pricedSnapshotSchema,
  hashSpec: hashSpecSchema,
  /** Version 2 on: the meta and calculation-book results the hash covers, and the hash of each section. */
  meta: coveredMetaSchema.optional(),
  sizing: coveredSizingSchema.optional(),
  sectionHashes: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).optional(),
  /** Version 3 on: the tender requirements and deviation acknowledgements the hash covers. */
  tender: coveredTenderSchema.optional(),
});
export type Revision = z.infer<typeof revisionSchema>;

export const quoteStateSchema = z.object({
  /** Catalog version the working quote was last priced with (null before the first pricing). */
  catalogVersion: z.string().nullable().default(null),
  settings: pricingSettingsSchema.default({ mode: 'targetMargin', marginPct: '25', allocateBy: 'cost' }),
  edits: z.array(bomEditSchema).default([]),
  terms: commercialTermsSchema.default({ paymentTerms: '', deliveryDays: null, validUntil: null }),
  approvals: z.array(approvalRecordSchema).default([]),
  /** The tender's requirements and the acknowledged negative deviations (issue #15); absent: no tender. */
  tender: tenderStateSchema.optional(),
  revisions: z
    .array(revisionSchema)
    .default([])
    .superRefine((revs, ctx) => {
      const seen = new Set<string>();
      revs.forEach((r, i) => {
        if (seen.has(r.letter)) ctx.addIssue({ code: 'custom', path: [i, 'letter'], message: `revision letter ${r.letter} is used twice / 版本号 ${r.letter} 重复` });
        seen.add(r.letter);
      });
    }),
});
export type QuoteState = z.infer<typeof quoteStateSchema>;

/** A new project's quote section. */
export function emptyQuoteState(): QuoteState {
  return quoteStateSchema.parse({});
}
