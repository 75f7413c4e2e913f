import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { Money } from '../../src/core/money.ts';
import { sampleProjectJson } from '../fixtures/knowledge.ts';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

const samplePath = (name: string) => join(import.meta.dirname, '../../templates/projects', name);

describe('dcq quote', () => {
  it('prints the priced BOM by panel, the cost build-up and the approval level in Chinese', async () => {
    const r = await run(['quote', samplePath('sample-110kv.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/充电屏/);
    expect(r.out).toMatch(/成本构成 \(PCST\)/);
    expect(r.out).toMatch(/报价\(含税\): [\d,]+\.\d{2}/);
    expect(r.out).toMatch(/审批级别/);
  });

  it('prints English with --lang en', async () => {
    const r = await run(['--lang', 'en', 'quote', samplePath('sample-220kv.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Price incl\. VAT: [\d,]+\.\d{2}/);
  });

  it('refuses a language it does not have (exit 2, naming the choices) instead of printing Chinese', async () => {
    for (const lang of ['fr', 'EN', '']) {
      const r = await run(['--lang', lang, 'quote', samplePath('sample-220kv.json')]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/--lang.*zh, en/);
    }
  });

  it('--json gives money as exact decimal strings that add up', async () => {
    const r = await run(['quote', samplePath('sample-220kv.json'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const t = json.priced.totals;
    expect(typeof t.amountIncVat).toBe('string');
    expect(new Money(t.netAmountExVat).plus(t.vat).equals(t.amountIncVat)).toBe(true);
    const lines = json.priced.lines as { netAmountExVat: string }[];
    expect(lines.reduce((s, l) => s.plus(l.netAmountExVat), new Money(0)).equals(t.netAmountExVat)).toBe(true);
  });

  it('exits 1 naming the field when the project is invalid, and 3 when the file is missing', async () => {
    const json = sampleProjectJson('sample-110kv.json') as { requirements: { loads: { powerKW?: number }[] } };
    json.requirements.loads[0]!.powerKW = -1;
    const dir = mkdtempSync(join(tmpdir(), 'dcq-quote-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(json));
    const r = await run(['quote', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('负荷第 1 行：功率 (kW)');
    expect((await run(['quote', join(dir, 'missing.json')])).code).toBe(3);
  });
});
