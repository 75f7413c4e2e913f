import { z } from 'zod';
import { unitSchema } from '../catalog/schema.ts';
import { toFenString, type Money } from '../money.ts';
import { lineSourceSchema, panelKindSchema } from '../bom/model.ts';
import type { PricedQuote } from '../pricing/price.ts';
import { pricingSettingsSchema } from '../pricing/settings.ts';

/**
 * A priced quote in plain data: every amount a fixed two-decimal string, every margin the exact
 * decimal string of the fraction. This is what a revision freezes, what the content hash is taken
 * over and what revisions are compared on; it survives JSON unchanged.
 */
const fen = z.string().regex(/^-?\d+\.\d{2}$/);
const fraction = z.string().nullable();
const text = z.object({ zh: z.string(), en: z.string() });

export const snapshotLineSchema = z.object({
  lineId: z.string(),
  panelId: z.string(),
  code: z.string().optional(),
  name: text,
  spec: z.string(),
  brand: z.string().optional(),
  unit: unitSchema,
  quantity: z.string(),
  source: lineSourceSchema,
  nonCatalog: z.boolean(),
  unitCost: fen,
  materialCost: fen,
  totalCost: fen,
  listUnitPrice: fen,
  lineDiscountPct: z.string().optional(),
  unitPrice: fen,
  amountExVat: fen,
  unitPriceExact: z.boolean(),
  headerDiscountShare: fen,
  netAmountExVat: fen,
  vat: fen,
  amountIncVat: fen,
  grossMargin: fraction,
});
export type SnapshotLine = z.infer<typeof snapshotLineSchema>;

const figuresSchema = z.object({
  materialCost: fen,
  totalCost: fen,
  amountExVat: fen,
  headerDiscount: fen,
  netAmountExVat: fen,
  vat: fen,
  amountIncVat: fen,
  grossProfit: fen,
  grossMargin: fraction,
});

export const pricedSnapshotSchema = z.object({
  catalogVersion: z.string(),
  costModelVersion: z.string(),
  vatRatePct: z.string(),
  settings: pricingSettingsSchema,
  lines: z.array(snapshotLineSchema),
  panels: z.array(figuresSchema.extend({ id: z.string(), kind: panelKindSchema, name: text, index: z.number().int() })),
  costLayers: z.array(z.object({ id: z.string(), name: text, amount: fen })),
  totals: figuresSchema,
});
export type PricedSnapshot = z.infer<typeof pricedSnapshotSchema>;

const m = (v: Money) => toFenString(v);
const f = (v: Money | null) => (v === null ? null : v.toString());

export function snapshotOf(q: PricedQuote): PricedSnapshot {
  const figures = (x: PricedQuote['totals']) => ({
    materialCost: m(x.materialCost),
    totalCost: m(x.totalCost),
    amountExVat: m(x.amountExVat),
    headerDiscount: m(x.headerDiscount),
    netAmountExVat: m(x.netAmountExVat),
    vat: m(x.vat),
    amountIncVat: m(x.amountIncVat),
    grossProfit: m(x.grossProfit),
    grossMargin: f(x.grossMargin),
  });
  return {
    catalogVersion: q.catalogVersion,
    costModelVersion: q.costModelVersion,
    vatRatePct: q.vatRatePct,
    settings: structuredClone(q.settings),
    lines: q.lines.map((l) => {
      const s: SnapshotLine = {
        lineId: l.lineId,
        panelId: l.panelId,
        name: { ...l.name },
        spec: l.spec,
        unit: l.unit,
        quantity: l.quantity,
        source: structuredClone(l.source),
        nonCatalog: l.nonCatalog,
        unitCost: m(l.unitCost),
        materialCost: m(l.materialCost),
        totalCost: m(l.totalCost),
        listUnitPrice: m(l.listUnitPrice),
        unitPrice: m(l.unitPrice),
        amountExVat: m(l.amountExVat),
        unitPriceExact: l.unitPriceExact,
        headerDiscountShare: m(l.headerDiscountShare),
        netAmountExVat: m(l.netAmountExVat),
        vat: m(l.vat),
        amountIncVat: m(l.amountIncVat),
        grossMargin: f(l.grossMargin),
      };
      if (l.code !== undefined) s.code = l.code;
      if (l.brand !== undefined) s.brand = l.brand;
      if (l.lineDiscountPct !== undefined) s.lineDiscountPct = l.lineDiscountPct.toString();
      return s;
    }),
    panels: q.panels.map((p) => ({ id: p.id, kind: p.kind, name: { ...p.name }, index: p.index, ...figures(p) })),
    costLayers: q.costLayers.map((c) => ({ id: c.id, name: { ...c.name }, amount: m(c.amount) })),
    totals: figures(q.totals),
  };
}
