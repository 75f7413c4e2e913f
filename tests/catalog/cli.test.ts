import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCatalogCommands } from '../../src/cli/catalog-command.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import type { CliContext } from '../../src/cli/main.ts';
import { catalogDir } from './fixtures.ts';

/**
 * Runs `dcq …` in-process with only the catalog commands registered (main.ts also needs the size
 * command, owned elsewhere; this keeps these tests independent of it).
 */
async function dcq(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { exitCode: EXIT.ok, out: (s) => out.push(s), err: (s) => err.push(s) };
  const program = new Command('dcq').option('--lang <lang>').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerCatalogCommands(program, ctx);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return { code: EXIT.usage, out: out.join('\n'), err: err.join('\n') };
    throw e;
  }
  return { code: ctx.exitCode, out: out.join('\n'), err: err.join('\n') };
}

function copyCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcq-catalog-'));
  cpSync(catalogDir, join(dir, 'catalog'), { recursive: true });
  return join(dir, 'catalog');
}
const noRules = ['--rules', '/nonexistent-rules-dir'];

describe('dcq catalog', () => {
  it('check: exit 0 on the shipped catalog', async () => {
    const r = await dcq(['--lang', 'en', 'catalog', 'check', '--dir', catalogDir, ...noRules]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/776 items, no errors/);
  });

  it('check: exit 1 with each problem and its location; warnings alone do not fail', async () => {
    const dir = copyCatalog();
    const file = join(dir, 'items', 'rectifier-modules.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('    brand: own\n    costPrice: 3380.00', '    brand: owm\n    costPrice: 3380.00'));
    const r = await dcq(['catalog', 'check', '--dir', dir, ...noRules]);
    expect(r.code).toBe(EXIT.problems);
    expect(r.err).toContain(`错误 [catalog.unknownBrand] ${file} 第 45 行 ZHR22020-4: items[ZHR22020-4].brand：未知品牌“owm”（catalog.yaml 的 brands 中没有）`);

    writeFileSync(file, text.replace('listPrice: 3200.00', 'listPrice: 2000.00'));
    const w = await dcq(['--lang', 'en', 'catalog', 'check', '--dir', dir, '--json', ...noRules]);
    expect(w.code).toBe(EXIT.ok);
    expect(JSON.parse(w.out).problems.map((p: { code: string }) => p.code)).toEqual(['catalog.listBelowCost']);
  });

  it('check: exit 3 when the folder cannot be read', async () => {
    expect((await dcq(['catalog', 'check', '--dir', '/nonexistent-catalog'])).code).toBe(EXIT.io);
  });

  it('export then import: no changes; an edited CSV is only shown until --apply', async () => {
    const dir = copyCatalog();
    const xlsx = join(dir, '..', 'prices.xlsx');
    expect((await dcq(['catalog', 'export', xlsx, '--dir', dir, ...noRules])).code).toBe(EXIT.ok);
    const same = await dcq(['--lang', 'en', 'catalog', 'import', xlsx, '--dir', dir, ...noRules]);
    expect(same.out).toMatch(/^0 item\(s\) change:/);
    expect(same.out).toMatch(/776 unchanged/);

    const csv = join(dir, '..', 'prices.csv');
    writeFileSync(csv, '\uFEFF编码,成本价,销售价\nZHR22010-4,"¥2,250.00",３３００\n');
    const file = join(dir, 'items', 'rectifier-modules.yaml');
    const before = readFileSync(file, 'utf8');
    const preview = await dcq(['--lang', 'en', 'catalog', 'import', csv, '--dir', dir, ...noRules]);
    expect(preview.code).toBe(EXIT.ok);
    expect(preview.out).toContain('row 2  ZHR22010-4  cost 2150.00 → 2250.00 (+100.00, +4.65%)  list 3200.00 → 3300.00 (+100.00, +3.13%)');
    expect(readFileSync(file, 'utf8')).toBe(before);

    const versionOf = () => /^version: "([^"]+)"$/m.exec(readFileSync(join(dir, 'catalog.yaml'), 'utf8'))?.[1];
    const v0 = versionOf();
    const applied = await dcq(['catalog', 'import', csv, '--dir', dir, '--apply', ...noRules]);
    expect(applied.code).toBe(EXIT.ok);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('costPrice: 2150.00', 'costPrice: 2250.00').replace('listPrice: 3200.00', 'listPrice: 3300.00'));
    // A changed price list is a new catalog version (the server stores each as its own version).
    expect(versionOf()).toBe(`${v0}-r1`);
    expect((await dcq(['catalog', 'import', csv, '--dir', dir, '--apply', ...noRules])).code).toBe(EXIT.ok);
    expect(versionOf()).toBe(`${v0}-r1`); // nothing changed the second time: same version
  }, 60_000); // --apply reads the written files back and reloads the whole catalog before renaming

  it('import: bad rows are listed with their row, block --apply (exit 1), and --skip-bad-rows applies the rest', async () => {
    const dir = copyCatalog();
    const csv = join(dir, '..', 'bad.csv');
    writeFileSync(csv, 'code,cost\nZHR22010-4,lots\nZHR11010-4,1700\n');
    const file = join(dir, 'items', 'rectifier-modules.yaml');
    const before = readFileSync(file, 'utf8');
    const blocked = await dcq(['--lang', 'en', 'catalog', 'import', csv, '--dir', dir, '--apply', ...noRules]);
    expect(blocked.code).toBe(EXIT.problems);
    expect(blocked.err).toContain('ERROR [priceList.badPrice]');
    expect(blocked.err).toContain('row 2 B (cost) ZHR22010-4');
    expect(readFileSync(file, 'utf8')).toBe(before);
    const skipped = await dcq(['catalog', 'import', csv, '--dir', dir, '--apply', '--skip-bad-rows', ...noRules]);
    expect(skipped.code).toBe(EXIT.ok);
    expect(readFileSync(file, 'utf8')).toBe(before.replace('costPrice: 1680.00', 'costPrice: 1700.00'));
  });

  it('import: --map names a column the auto-detection does not know; a bad --map is a usage error', async () => {
    const dir = copyCatalog();
    const csv = join(dir, '..', 'supplier.csv');
    writeFileSync(csv, '料品,单价\nZHR11010-4,1690\n');
    const r = await dcq(['--lang', 'en', 'catalog', 'import', csv, '--dir', dir, '--map', 'code=料品', 'cost=单价', '--json', ...noRules]);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out).changed).toEqual([{ code: 'ZHR11010-4', row: 2, costPrice: { old: '1680.00', new: '1690.00', delta: '10.00', percent: '0.60' } }]);
    expect((await dcq(['catalog', 'import', csv, '--dir', dir, '--map', 'price'])).code).toBe(EXIT.usage);
    expect(existsSync(join(dir, 'catalog.yaml'))).toBe(true);
  });
});
