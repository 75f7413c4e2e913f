import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CommercialTerms } from './schema.ts';
import type { PricedSnapshot } from './snapshot.ts';

/**
 * Canonical JSON: object keys sorted, `undefined` members left out, no whitespace. Only plain data is
 * accepted (strings, booleans, null, safe integers, arrays, plain objects): money is already a string
 * here, and a float or a class instance is a programmer error, so it throws.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`canonicalJson: ${value} is not a safe integer; money and rates must be strings`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonicalJson: cannot serialise ${Object.prototype.toString.call(value)}`);
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * What an approval approves: every line (item, quantity, cost, unit price, discounts, amounts), the
 * totals, the VAT rate, the catalog and cost-model versions and the commercial terms. Margins are left
 * out because they follow from prices and costs, which are in; so are the pricing settings, which are
 * only the way to the prices (a setting that changes no price changes nothing approved).
 */
export function contentOf(snapshot: PricedSnapshot, terms: CommercialTerms): unknown {
  return {
    catalogVersion: snapshot.catalogVersion,
    costModelVersion: snapshot.costModelVersion,
    vatRatePct: snapshot.vatRatePct,
    terms,
    lines: snapshot.lines.map((l) => ({
      lineId: l.lineId,
      panelId: l.panelId,
      code: l.code,
      name: l.nonCatalog ? l.name : undefined,
      spec: l.nonCatalog ? l.spec : undefined,
      unit: l.unit,
      quantity: l.quantity,
      unitCost: l.unitCost,
      totalCost: l.totalCost,
      listUnitPrice: l.listUnitPrice,
      lineDiscountPct: l.lineDiscountPct,
      unitPrice: l.unitPrice,
      amountExVat: l.amountExVat,
      headerDiscountShare: l.headerDiscountShare,
      netAmountExVat: l.netAmountExVat,
      vat: l.vat,
    })),
    panels: snapshot.panels.map((p) => ({ id: p.id, kind: p.kind, index: p.index })),
    totals: {
      totalCost: snapshot.totals.totalCost,
      headerDiscount: snapshot.totals.headerDiscount,
      netAmountExVat: snapshot.totals.netAmountExVat,
      vat: snapshot.totals.vat,
      amountIncVat: snapshot.totals.amountIncVat,
    },
  };
}

/** `sha256:<hex>` of the canonical JSON of the priced content and terms. */
export function contentHash(snapshot: PricedSnapshot, terms: CommercialTerms): string {
  return `sha256:${sha256Hex(canonicalJson(contentOf(snapshot, terms)))}`;
}
