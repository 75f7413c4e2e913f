import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CommercialTerms } from './schema.ts';
import type { PricedSnapshot } from './snapshot.ts';

/**
 * THE content-hash specification (src/core/quote/README.md describes it in words). An approval and an
 * issued revision are bound to the hash of the content they were given on; every record says under
 * which version of this specification its hash was taken, and is checked under that version, so a file
 * written by an older version is never reported as tampered. Covering more (deviation acknowledgements,
 * server signatures …) means a new version here, never a change to an existing one.
 *
 * Version 1 (files before 2026-11-30): the priced lines (item code, quantity, cost, prices, amounts; the
 *   name and spec of non-catalog lines only), panels (id, kind, index), totals, VAT rate, catalog and
 *   cost-model versions and the commercial terms.
 * Version 2: everything a customer document prints and the sizing results the calculation book prints:
 *   project meta (id, name, customer, site, design institute, tender no., quote no., creation day, contact),
 *   every line's name, spec and brand, panel names, all totals, the terms, and the calculation book's
 *   results (model code, load statistics table, stage capacities, every step's result, selected
 *   equipment). Dates of printing are not content. The hash is taken over named sections, and the
 *   section hashes are stored with a revision, so a tampered revision can say what differs.
 * Version 3 (issue #15): version 2's sections plus `tender`: the tender's technical requirements (row
 *   no., name, requirement, ★) and every deviation acknowledgement (requirement, reviewer, time, comment),
 *   so acknowledging a negative deviation, or withdrawing one, changes the content an approval covers.
 */
export const HASH_SPEC_VERSION = 3;
export const HASH_SPEC_VERSIONS = [1, 2, 3] as const;

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

/** SHA-256 of the UTF-8 text, in hex: @noble/hashes here, the same function in every runtime. */
export function portableSha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

let digestHex: (text: string) => string = portableSha256Hex;

/**
 * A Node entry point (the CLI, the server) hands in node:crypto's SHA-256: the same digest (tests/quote/
 * hash-impl.test.ts compares them), without a cold process compiling the JavaScript one (≈ 15 ms of
 * `dcq quote`, issue #16). The core itself stays free of Node.
 */
export function useSha256Hex(fn: (text: string) => string): void {
  digestHex = fn;
}

export function sha256Hex(text: string): string {
  return digestHex(text);
}

/** What of the project meta a customer document prints (version 2); '' where not given. */
export interface CoveredMeta {
  id: string;
  name: string;
  customer: string;
  siteName: string;
  designInstitute: string;
  tenderNo: string;
  /** The typed quote number ('' when the printed one is derived from the creation day and the id). */
  quoteNo: string;
  /** YYYY-MM-DD of creation: part of a derived quote number. */
  createdOn: string;
  contact: string;
}

/** The results the calculation book prints (version 2), as the printed text: no float ever reaches the hash. */
export interface CoveredSizing {
  modelCode: string;
  /** The load statistics table: one row per load, then the totals and capacity rows. */
  loadTable: string[][];
  /** `id symbol = value unit` of every calculation step. */
  steps: string[];
  /** `family item × quantity unit @ location` of every selected equipment line. */
  equipment: string[];
}

/** The tender section of version 3, as text: `[no, name, requirement, ★]` and `[no, name, requirement, reviewer, time, comment]`. */
export interface CoveredTender {
  requirements: string[][];
  acknowledgements: string[][];
}

export const EMPTY_TENDER: CoveredTender = { requirements: [], acknowledgements: [] };

/** Everything a version-3 hash covers. Version 1 reads only `snapshot` and `terms`; version 2 not `tender`. */
export interface HashSubject {
  snapshot: PricedSnapshot;
  terms: CommercialTerms;
  meta: CoveredMeta;
  sizing: CoveredSizing;
  tender?: CoveredTender;
}

/** Version 1, kept byte for byte so revisions and approvals of older files verify under it. */
function contentV1(snapshot: PricedSnapshot, terms: CommercialTerms): unknown {
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

/** The named sections of version 2. A line's section is `line:<lineId>`; `lineOrder` fixes their order. */
export function sectionsV2(s: HashSubject): Record<string, unknown> {
  const { snapshot } = s;
  const sections: Record<string, unknown> = {
    versions: { catalogVersion: snapshot.catalogVersion, costModelVersion: snapshot.costModelVersion, vatRatePct: snapshot.vatRatePct },
    meta: s.meta,
    terms: s.terms,
    panels: snapshot.panels.map((p) => ({ id: p.id, kind: p.kind, index: p.index, name: p.name, amountExVat: p.amountExVat, netAmountExVat: p.netAmountExVat, totalCost: p.totalCost })),
    totals: snapshot.totals,
    sizing: s.sizing,
    lineOrder: snapshot.lines.map((l) => l.lineId),
  };
  for (const l of snapshot.lines) {
    sections[`line:${l.lineId}`] = {
      panelId: l.panelId,
      code: l.code,
      name: l.name,
      spec: l.spec,
      brand: l.brand,
      unit: l.unit,
      quantity: l.quantity,
      nonCatalog: l.nonCatalog,
      unitCost: l.unitCost,
      totalCost: l.totalCost,
      listUnitPrice: l.listUnitPrice,
      lineDiscountPct: l.lineDiscountPct,
      unitPrice: l.unitPrice,
      unitPriceExact: l.unitPriceExact,
      amountExVat: l.amountExVat,
      headerDiscountShare: l.headerDiscountShare,
      netAmountExVat: l.netAmountExVat,
      vat: l.vat,
      amountIncVat: l.amountIncVat,
    };
  }
  return sections;
}

/** The named sections of version 3: version 2's and `tender`. */
export function sectionsV3(s: HashSubject): Record<string, unknown> {
  return { ...sectionsV2(s), tender: s.tender ?? EMPTY_TENDER };
}

/** sha256 of each section of a sectioned version (2 or 3; 2 when not said, as files before version 3). */
export function sectionHashes(s: HashSubject, version: 2 | 3 = 2): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(version === 3 ? sectionsV3(s) : sectionsV2(s))) out[k] = sha256Hex(canonicalJson(v));
  return out;
}

/** The hash of a sectioned version from its section hashes. */
export function hashOfSections(sections: Record<string, string>, version: 2 | 3 = 2): string {
  return `sha256:${sha256Hex(canonicalJson({ spec: version, sections }))}`;
}

/** `sha256:<hex>` of the content under the given specification version; null for a version this build does not know. */
export function contentHashUnder(version: number, s: HashSubject): string | null {
  if (version === 1) return `sha256:${sha256Hex(canonicalJson(contentV1(s.snapshot, s.terms)))}`;
  if (version === 2) return hashOfSections(sectionHashes(s, 2), 2);
  if (version === 3) return hashOfSections(sectionHashes(s, 3), 3);
  return null;
}

/** The hash under the current specification. */
export function contentHash(s: HashSubject): string {
  return contentHashUnder(HASH_SPEC_VERSION, s) as string;
}
