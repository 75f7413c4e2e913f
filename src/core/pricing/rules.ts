import { z } from 'zod';
import { moneyString } from '../catalog/schema.ts';
import { Money } from '../money.ts';

import { panelKindSchema } from '../bom/model.ts';

/**
 * The company's pricing settings as data: rules/pricing/cost-model.yaml (PCST cost factors),
 * rules/pricing/vat.yaml and rules/pricing/approval.yaml, validated here at load.
 * The YAML is read with the failsafe schema, so every scalar arrives as the exact text typed:
 * rates and amounts are decimal strings, never floats.
 */

/** A percentage as a decimal string: "13", "2.5", "0.75". */
export const percentString = z.string().regex(/^\d+(\.\d{1,4})?$/, 'a percentage as a decimal string, e.g. "13" or "2.5"');

const factorBase = {
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a camelCase id'),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  note: z.string().optional(),
};

export const costFactorSchema = z.discriminatedUnion('kind', [
  /** ratePct % of the sum of the named layers (`material` or ids of factors listed before this one). */
  z.object({ ...factorBase, kind: z.literal('rate'), ratePct: percentString, base: z.array(z.string().min(1)).min(1) }),
  /** A fixed amount per quote (per project). */
  z.object({ ...factorBase, kind: z.literal('fixed'), amount: moneyString }),
  /** An amount for every panel of the BOM (optionally only panels of the listed kinds). */
  z.object({ ...factorBase, kind: z.literal('perPanel'), amount: moneyString, panelKinds: z.array(panelKindSchema).min(1).optional() }),
]);
export type CostFactor = z.infer<typeof costFactorSchema>;

export const costModelSchema = z
  .object({
    version: z.string().min(1),
    effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
    note: z.string().optional(),
    factors: z.array(costFactorSchema),
  })
  .superRefine((model, ctx) => {
    const seen = new Set<string>(['material']);
    model.factors.forEach((f, i) => {
      if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: ['factors', i, 'id'], message: `factor id "${f.id}" is used twice (or is the reserved "material")` });
      if (f.kind === 'rate') {
        f.base.forEach((b, j) => {
          if (!seen.has(b)) {
            ctx.addIssue({ code: 'custom', path: ['factors', i, 'base', j], message: `base "${b}" must be "material" or the id of a factor listed before "${f.id}"` });
          }
        });
      }
      seen.add(f.id);
    });
  });
export type CostModel = z.infer<typeof costModelSchema>;

export const vatSchema = z.object({
  ratePct: percentString,
  source: z.string().min(1),
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  note: z.string().optional(),
});
export type VatRule = z.infer<typeof vatSchema>;

/** Who may release a quote, lowest to highest. The order is the rank. */
export const approvalLevels = ['engineer', 'salesManager', 'director', 'generalManager'] as const;
export const approvalLevelSchema = z.enum(approvalLevels);
export type ApprovalLevel = z.infer<typeof approvalLevelSchema>;

export function levelRank(level: ApprovalLevel): number {
  return approvalLevels.indexOf(level);
}

/** Values of the "approvals must be signed" setting (src/core/signing/approval-signature.ts). */
export const SIGNED_APPROVALS_SETTINGS = ['whenKeyConfigured', 'required', 'off'] as const;
export type SignedApprovalsSetting = (typeof SIGNED_APPROVALS_SETTINGS)[number];

export const approvalRulesSchema = z
  .object({
    note: z.string().optional(),
    /** Highest margin first: a quote whose gross margin is at least `minMarginPct` needs `level`. */
    thresholds: z.array(z.object({ minMarginPct: percentString, level: approvalLevelSchema })).min(1),
    /** Level needed below the last threshold (and for a negative margin, which is always flagged). */
    belowLowestLevel: approvalLevelSchema,
    /** Level needed, at least, when any line is priced below its cost (such lines are always flagged). */
    lineBelowCostLevel: approvalLevelSchema,
    /** A gross margin above this needs at least `marginCeilingLevel` (a slip in the target or a wrong cost). */
    marginCeilingPct: percentString.optional(),
    marginCeilingLevel: approvalLevelSchema.optional(),
    /** A unit price more than this many percent above its list price needs at least `aboveListLevel`. */
    aboveListPct: percentString.optional(),
    aboveListLevel: approvalLevelSchema.optional(),
    /**
     * "Approvals must be signed" (issue 13): `whenKeyConfigured` — on as soon as the team server's public
     * key is kept in templates/approval-public-key.txt; `required` — always; `off` — local approvals count.
     */
    signedApprovals: z.enum(SIGNED_APPROVALS_SETTINGS).optional(),
  })
  .superRefine((r, ctx) => {
    for (let i = 1; i < r.thresholds.length; i++) {
      const prev = r.thresholds[i - 1]!;
      const cur = r.thresholds[i]!;
      if (new Money(cur.minMarginPct).greaterThanOrEqualTo(prev.minMarginPct)) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'minMarginPct'], message: 'thresholds must be listed from the highest margin down' });
      }
      if (levelRank(cur.level) < levelRank(prev.level)) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'level'], message: 'a lower margin cannot need a lower approval level' });
      }
    }
    const last = r.thresholds[r.thresholds.length - 1]!;
    if (levelRank(r.belowLowestLevel) < levelRank(last.level)) {
      ctx.addIssue({ code: 'custom', path: ['belowLowestLevel'], message: 'the level below the last threshold cannot be lower than that threshold’s level' });
    }
  });
export type ApprovalRules = z.infer<typeof approvalRulesSchema>;

const positiveDecimal = z.string().regex(/^\d+(\.\d{1,3})?$/, 'a decimal string, e.g. "50000"').refine((v) => new Money(v).greaterThan(0), 'must be greater than zero');

/** rules/pricing/bounds.yaml: sanity bounds on quantities and money, checked at the field. */
export const pricingBoundsSchema = z.object({
  version: z.string().min(1),
  maxLineQuantity: positiveDecimal,
  maxUnitPrice: moneyString.refine((v) => new Money(v).greaterThan(0), 'must be greater than zero'),
  maxQuoteTotal: moneyString.refine((v) => new Money(v).greaterThan(0) && new Money(v).lessThanOrEqualTo('999999999999.99'), 'must be above zero and at most 999,999,999,999.99 (what 人民币大写 can write)'),
});
export type PricingBounds = z.infer<typeof pricingBoundsSchema>;

export interface PricingRules {
  costModel: CostModel;
  vat: VatRule;
  approval: ApprovalRules;
  bounds: PricingBounds;
}

export interface SourceFile {
  path: string;
  text: string;
}
