import { z } from 'zod';
import { moneyString } from '../catalog/schema.ts';
import { Money } from '../money.ts';
import { percentString } from './rules.ts';

/**
 * How the engineer wants the quote priced. Stored in the project file, so every figure is an exact
 * decimal string (an amount the user typed went through parseMoney and toFenString on the way in).
 *
 *  targetMargin  price ex VAT from a target gross margin, shared over the lines by cost or list price
 *  enteredTotal  a total price typed in (ex or incl. VAT), shared over the lines; margin follows
 *  listPrice     catalog list prices with per-line discounts or per-line typed unit prices, and an
 *                optional header discount; margin follows
 */
const allocateBy = z.enum(['cost', 'list']);

const marginPct = percentString.refine((v) => new Money(v).lessThan(100), 'a gross margin must be below 100 %');
const discountPct = percentString.refine((v) => new Money(v).lessThanOrEqualTo(100), 'a discount cannot exceed 100 %');

export const headerDiscountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), pct: discountPct }),
  z.object({ kind: z.literal('amount'), amount: moneyString }),
]);
export type HeaderDiscount = z.infer<typeof headerDiscountSchema>;

export const pricingSettingsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('targetMargin'), marginPct, allocateBy }),
  z.object({ mode: z.literal('enteredTotal'), amount: moneyString, basis: z.enum(['exVat', 'incVat']), allocateBy }),
  z.object({
    mode: z.literal('listPrice'),
    /** Line id → discount off the list price, in percent. */
    lineDiscountPct: z.record(z.string(), discountPct).default({}),
    /** Line id → unit price ex VAT typed by the engineer (takes the place of list price and discount). */
    unitPrices: z.record(z.string(), moneyString).default({}),
    headerDiscount: headerDiscountSchema.optional(),
  }),
]);
export type PricingSettings = z.infer<typeof pricingSettingsSchema>;
