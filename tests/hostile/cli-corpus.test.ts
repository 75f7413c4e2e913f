import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { shippedKnowledge } from '../fixtures/knowledge.ts';
import { catalogDir } from '../catalog/fixtures.ts';
import { hostileProjects, issuedProject, priceListXlsx, utf16beCsv, zipBomb } from './corpus.ts';

/**
 * Issue #12: every command over the hostile corpus. Every answer is an exit code of 0–3 with a message;
 * no stack frame ever reaches stderr. Time and memory of the large cases are asserted in the bench
 * (scripts/bench/hostile.ts), not here.
 */

// Exports of whole document sets: generous per test on a shared machine (the bench judges speed).
vi.setConfig({ testTimeout: 120_000 });

const dir = mkdtempSync(join(tmpdir(), 'dcq-hostile-'));
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

async function dcq(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--lang', 'en', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function write(name: string, data: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
}

function copyCatalog(): string {
  const d = mkdtempSync(join(tmpdir(), 'dcq-hostile-catalog-'));
  cpSync(catalogDir, join(d, 'catalog'), { recursive: true });
  return join(d, 'catalog');
}

const snapshot = (d: string) => Object.fromEntries(readdirSync(join(d, 'items')).map((f) => [f, readFileSync(join(d, 'items', f), 'utf8')]));

let k: Knowledge;
beforeAll(async () => {
  k = await shippedKnowledge();
});

describe('every project command over every hostile project file', () => {
  const files = hostileProjects();
  const expected: Record<string, RegExp | null> = {
    'valid.json': null,
    'utf8-bom.json': null,
    'truncated.json': /not valid JSON/,
    'garbage.json': /not valid JSON/,
    'array.json': /JSON object/,
    'deep-nesting.json': /input\.tooDeep/,
    'wrong-type.json': /requirements\.cables\.batteryToPanelM: wrong type: expected number/,
    'qty-1e10.json': /cannot be made|quantity/,
    'unit-price-huge.json': /cannot be made|price/,
    'edits-10000.json': /input\.tooManyEdits/,
    'loads-1180-distinct.json': /input\.tooManyLoads/,
    'loads-10000-distinct.json': /input\.tooManyLoads/,
    'periods-20000.json': /input\.tooManyPeriods/,
    'over-4mb.json': /input\.fileTooLarge/,
  };
  for (const [name, text] of Object.entries(files)) {
    it.each(['size', 'quote', 'export'])(`%s ${name}: exit 0–3 with a message, never a stack trace`, async (command) => {
      const file = write(name, text);
      const args = command === 'export' ? [command, file, '--out', join(dir, `out-${name}`), '--date', '2026-03-01'] : [command, file];
      const r = await dcq(args);
      expect([0, 1, 2, 3]).toContain(r.code);
      expect(r.err).not.toMatch(STACK);
      expect(r.err).not.toMatch(/\[internal\]/);
      const want = expected[name];
      if (want === null) expect(r.code, r.err).toBe(0);
      // Sizing reads no edits, and quoting prints large amounts as text: only export must refuse those.
      else if (want && !(command !== 'export' && /cannot be made/.test(want.source)) && !(command === 'size' && /tooManyEdits/.test(want.source))) {
        expect(r.code).toBe(1);
        expect(r.err).toMatch(want);
      }
    });
  }

  it('a refused export writes nothing: no partial document set', async () => {
    const out = join(dir, 'out-refused');
    const r = await dcq(['export', write('q.json', files['qty-1e10.json']!), '--out', out]);
    expect(r.code).toBe(1);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('--date 2026-02-30 is not a date (exit 2)', async () => {
    const r = await dcq(['export', write('v.json', files['valid.json']!), '--out', join(dir, 'o'), '--date', '2026-02-30']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/real date/);
  });

  it('quote --json prints money as fixed two-decimal strings', async () => {
    const r = await dcq(['quote', write('v.json', files['valid.json']!), '--json']);
    const j = JSON.parse(r.out) as { priced: { lines: Record<string, unknown>[]; totals: Record<string, unknown> } };
    for (const key of ['netAmountExVat', 'vat', 'amountIncVat', 'totalCost', 'materialCost']) expect(j.priced.totals[key]).toMatch(/^-?\d+\.\d{2}$/);
    for (const l of j.priced.lines) for (const key of ['unitPrice', 'unitCost', 'amountExVat', 'netAmountExVat']) expect(l[key]).toMatch(/^-?\d+\.\d{2}$/);
  });
});

describe('an issued revision altered in the file', () => {
  const tamper = (edit: (q: { revisions: Record<string, unknown>[] }) => void) => {
    const p = issuedProject(k) as unknown as { quote: { revisions: Record<string, unknown>[] } };
    edit(p.quote);
    return write(`tampered-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(p));
  };

  it('untouched: quote and export are final (exit 0)', async () => {
    const file = tamper(() => undefined);
    const q = await dcq(['quote', file]);
    expect(q.code, q.err).toBe(0);
    expect(q.out).toMatch(/May issue final quote: yes/);
  });

  it('totals "1.00": every command names revision A and what differs, exit 1, nothing final', async () => {
    const file = tamper((q) => {
      ((q.revisions[0]!.snapshot as { totals: Record<string, string> }).totals).netAmountExVat = '1.00';
    });
    for (const command of ['size', 'quote']) {
      const r = await dcq([command, file]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/Revision A was altered after issue \(totals/);
    }
    const q = await dcq(['quote', file]);
    expect(q.out).toMatch(/May issue final quote: no/);
    const out = join(dir, 'out-tampered');
    const e = await dcq(['export', file, '--out', out, '--date', '2026-03-01']);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/Revision A/);
    // The project still opens and exports, as drafts only.
    expect(readdirSync(out).length).toBeGreaterThan(0);
  });

  it('terms "pay nothing" are named as commercial terms', async () => {
    const file = tamper((q) => {
      (q.revisions[0]!.terms as { paymentTerms: string }).paymentTerms = 'pay nothing';
    });
    const r = await dcq(['quote', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/commercial terms/);
  });

  it('a duplicate revision letter is refused', async () => {
    const file = tamper((q) => q.revisions.push(q.revisions[0]!));
    const r = await dcq(['quote', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/quote\.revisions\[1\]\.letter/);
  });
});

describe('price lists', () => {
  const header = ['code', 'costPrice', 'listPrice'];
  const imp = (file: string, extra: string[] = []) => dcq(['catalog', 'import', file, '--dir', copyCatalog(), '--rules', join(import.meta.dirname, '../../rules'), ...extra]);

  it('a zip bomb is refused from its zip directory, before parsing (exit 1)', async () => {
    const r = await imp(write('bomb.xlsx', zipBomb(120)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/priceList\.tooLarge.*expands to \d+ bytes/);
  });

  it('a cell in column XFD is refused naming the column (the reader walks only cells that exist)', async () => {
    const bytes = await priceListXlsx([header, ['LC-DJ100', 260, 333]], (ws) => {
      ws.getCell('XFD1').value = 'x';
    });
    const r = await imp(write('xfd.xlsx', bytes));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/priceList\.tooManyColumns.*reaches column XFD/);
  });

  it('external links / WEBSERVICE: warned, not imported without --accept-external-data', async () => {
    const bytes = await priceListXlsx([header, ['LC-DJ100', { formula: 'WEBSERVICE("http://prices.example/dj100")', result: 270 } as never, 333]]);
    const file = write('web.xlsx', bytes);
    const refused = await imp(file);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/priceList\.externalData/);
    const accepted = await imp(file, ['--accept-external-data']);
    expect(accepted.code).toBe(0);
    expect(accepted.out).toMatch(/LC-DJ100\s+cost 260\.00 → 270\.00/);
  });

  it('reads the number a cell holds: 123456789012345.67 stays .67', async () => {
    const r = await imp(write('long.xlsx', await priceListXlsx([header, ['LC-DJ100', 123456789012345.67, 123456789012345.67]])));
    expect(r.out + r.err).toMatch(/123456789012345\.67/);
    expect(r.out + r.err).not.toMatch(/123456789012345\.68/);
  });

  it.each([
    ['0', 0, /zero/],
    ['-0', -0, /zero|negative/],
    ['1e-9', 1e-9, /more than two decimals/],
  ])('a price of %s is a bad row, never silently accepted', async (_what, value, says) => {
    const r = await imp(write('p.xlsx', await priceListXlsx([header, ['LC-DJ100', value, 333]])));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(says);
  });

  it('a UTF-16BE CSV is read', async () => {
    const r = await imp(write('be.csv', utf16beCsv('code,costPrice,listPrice\nLC-DJ100,265.00,333.00\n')));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/LC-DJ100\s+cost 260\.00 → 265\.00/);
  });

  it('--map constructor=B is refused (exit 2)', async () => {
    const r = await imp(write('m.csv', 'code,costPrice,listPrice\nLC-DJ100,265.00,333.00\n'), ['--map', 'constructor=B']);
    expect(r.code).toBe(2);
  });

  it('--apply is all or nothing: a failing write (ulimit -f) leaves catalog/ byte-identical, exit 3, no stack trace', () => {
    const cat = copyCatalog();
    const before = snapshot(cat);
    // Raise every battery price: batteries.yaml (the largest file touched) cannot be written under the ulimit.
    const csv = write('all.csv', `code,costPrice,listPrice\nLC-DJ100,261.00,334.00\nZHR22010-4,2151.00,3201.00\n`);
    const bin = join(import.meta.dirname, '../../bin/dcq.mjs');
    const r = spawnSync('bash', ['-c', `ulimit -f 8; exec node ${bin} --lang en catalog import ${csv} --dir ${cat} --rules ${join(import.meta.dirname, '../../rules')} --apply`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/left unchanged/);
    expect(snapshot(cat)).toEqual(before);
    expect(readdirSync(join(cat, 'items')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
