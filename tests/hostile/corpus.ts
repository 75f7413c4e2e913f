import { crc32, deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { evaluateProject, quoteCheckOf } from '../../src/core/pipeline.ts';
import { openProjectJson } from '../../src/core/project/index.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { recordDecision } from '../../src/core/quote/approval.ts';
import { issueRevision } from '../../src/core/quote/revisions.ts';

/**
 * The hostile corpus of issue #12, generated (not stored): project files and price lists that once
 * broke a README promise. Each entry says what it is; tests/hostile/*.test.ts run every command over
 * them, and scripts/bench/hostile.ts measures time and memory on the large ones.
 */

const root = join(import.meta.dirname, '../..');
export const baseProjectText = readFileSync(join(root, 'templates/projects/sample-110kv.json'), 'utf8');
export const baseProject = (): Record<string, unknown> => JSON.parse(baseProjectText);

type Load = Record<string, unknown>;
function withLoads(loads: Load[]): Record<string, unknown> {
  const p = baseProject() as { requirements: { loads: Load[] } };
  p.requirements.loads = [...p.requirements.loads, ...loads];
  return p;
}

/** n loads of distinct durations (each its own duty-cycle boundary). */
export function distinctDurationLoads(n: number): Record<string, unknown> {
  return withLoads(Array.from({ length: n }, (_, i) => ({ name: `L${i}`, kind: 'other', function: 'control', powerKW: 0.1, durationMin: 1 + (i % 119) + i / 10000, loadFactor: 0.8 })));
}

/** The largest project the limits accept: maxLoads loads over maxTimeBoundaries − 1 distinct ends. */
export function largestAcceptedProject(k: Knowledge): Record<string, unknown> {
  const p = baseProject() as { requirements: { loads: Load[] } };
  const room = k.limits.project.maxLoads - p.requirements.loads.length;
  const ends = k.limits.project.maxTimeBoundaries - 4;
  p.requirements.loads = [
    ...p.requirements.loads,
    ...Array.from({ length: room }, (_, i) => ({ name: `负荷 ${i + 1}`, kind: 'other', function: i % 5 ? 'power' : 'control', powerKW: 0.02 + (i % 7) / 100, loadFactor: 0.8, durationMin: 2 + (i % ends) })),
  ];
  return p;
}

/** Project files, as text. */
export function hostileProjects(): Record<string, string> {
  const j = (x: unknown) => JSON.stringify(x);
  const edits = (e: unknown[]) => ({ ...baseProject(), quote: { edits: e } });
  const wrongType = baseProject() as { requirements: { cables: { batteryToPanelM: unknown } } };
  wrongType.requirements.cables.batteryToPanelM = '5';
  const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
  return {
    'valid.json': baseProjectText,
    'utf8-bom.json': `\uFEFF${baseProjectText}`,
    'truncated.json': baseProjectText.slice(0, 500),
    'garbage.json': '\u0000\u0001{{{]]]',
    'array.json': '[1,2,3]',
    'deep-nesting.json': baseProjectText.replace('"meta": {', `"deep": ${deep}, "meta": {`),
    'proto-keys.json': baseProjectText.replace('"meta": {', '"meta": {"__proto__": {"polluted": 1}, "constructor": 1, '),
    'wrong-type.json': j(wrongType),
    'qty-1e10.json': j(edits([{ type: 'setQuantity', lineId: 'bom.cabinet#chargerPanel-1', quantity: '10000000000' }])),
    'unit-price-huge.json': j(edits([{ type: 'addManualLine', line: { id: 'manual:1', panelId: 'chargerPanel-1', item: { kind: 'custom', item: { name: { zh: '大', en: 'big' }, spec: 'x', unit: 'pcs', costPrice: '12345678901234567.89', listPrice: '12345678901234567.89' } }, quantity: '1', note: 'n' } }])),
    'unknown-code.json': j(edits([{ type: 'swapItem', lineId: 'bom.cabinet#chargerPanel-1', code: 'NO-SUCH-CODE' }])),
    'edits-10000.json': j(edits(Array.from({ length: 10_000 }, () => ({ type: 'removeLine', lineId: 'x' })))),
    'loads-1180-distinct.json': j(distinctDurationLoads(1180)),
    'loads-10000-distinct.json': j(distinctDurationLoads(10_000)),
    'periods-20000.json': j(withLoads([{ name: 'P', kind: 'other', function: 'control', powerKW: 1, periods: Array.from({ length: 20_000 }, (_, i) => ({ startMin: i * 0.003, endMin: i * 0.003 + 0.002 })) }])),
    'over-4mb.json': baseProjectText.replace('"meta": {', `"meta": {"notes": "${'x'.repeat(4_100_000)}", `),
  };
}

/** A project with revision A issued and approved (valid), for tampering. */
export function issuedProject(k: Knowledge): ProjectFile {
  const p = baseProject() as { quote?: Record<string, unknown> };
  const opened = openProjectJson({ ...p, quote: { ...(p.quote ?? {}), terms: { paymentTerms: '预付30%，发货前付70%', deliveryDays: 45, validUntil: '2099-12-31' }, settings: { mode: 'targetMargin', marginPct: '20', allocateBy: 'cost' } } }, k.sizingRules);
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const project = opened.value;
  const ev = evaluateProject(project, k);
  const check = quoteCheckOf(ev, k)!;
  const decided = recordDecision(check, { approverName: '王经理', role: 'generalManager', time: '2026-01-05T10:00:00+08:00', decision: 'approve', comment: '' });
  if (!decided.ok) throw new Error(JSON.stringify(decided.problems));
  const withApproval = { ...project, quote: decided.value };
  const issued = issueRevision({ ...quoteCheckOf(evaluateProject(withApproval, k), k)!, issuedAt: '2026-01-05T11:00:00+08:00', issuedBy: '张工' });
  if (!issued.ok) throw new Error(JSON.stringify(issued.problems));
  return JSON.parse(JSON.stringify({ ...project, quote: issued.value }));
}

// ── Price lists ───────────────────────────────────────────────────────────────────────────────────

/**
 * A minimal zip writer (deflate), enough to hand-craft hostile .xlsx files. `declared` overrides the
 * uncompressed size written in the headers: a zip whose directory lies about what its parts expand to.
 */
export function zipOf(entries: { name: string; data: Uint8Array; declared?: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.declared ?? e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.declared ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/**
 * An .xlsx-shaped zip whose sheet expands to `mb` MB of XML (a zip bomb of a few hundred KB). With
 * `lying`, its directory declares the sheet a few KB, so only inflating it tells what it is.
 */
export function zipBomb(mb: number, lying = false): Uint8Array {
  const sheet = Buffer.alloc(mb * 1024 * 1024, 0x20);
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, ...(lying ? { declared: 4096 } : {}) },
  ]);
}

/** A price list with the given rows (header + rows) as an .xlsx, with an optional tweak of the sheet. */
export async function priceListXlsx(rows: (string | number | ExcelJS.CellValue)[][], tweak?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('price-list');
  for (const r of rows) ws.addRow(r);
  tweak?.(ws, wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A UTF-16BE CSV with a byte-order mark. */
export function utf16beCsv(text: string): Uint8Array {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  for (let i = 0; i < le.length; i += 2) {
    const a = le[i]!;
    le[i] = le[i + 1]!;
    le[i + 1] = a;
  }
  return new Uint8Array(le);
}
