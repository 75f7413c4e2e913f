import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { sampleProjectJson } from '../fixtures/knowledge.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

describe('dcq export', () => {
  it('writes the four documents, English with --lang en, panel prices only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-export-'));
    const project = join(dir, 'p.json');
    writeFileSync(project, JSON.stringify(sampleProjectJson('sample-110kv.json')));
    const r = await run(['--lang', 'en', 'export', project, '--out', join(dir, 'out'), '--date', '2026-11-24', '--panel-prices-only']);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['Q-SAMPLE110KV-A_calculation-report.pdf', 'Q-SAMPLE110KV-A_customer-quote.xlsx', 'Q-SAMPLE110KV-A_internal-bom.xlsx', 'Q-SAMPLE110KV-A_quote.pdf']);
    // the sample has no terms yet: the documents are drafts, and the CLI says why
    expect(r.err).toContain('export.draft');
    expect(r.err).toContain('Payment terms are missing');
  }, 60_000);

  it('exit 1 with the problems when the project cannot be sized', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-export-'));
    const json = sampleProjectJson('sample-110kv.json') as { requirements: { loads: { powerKW?: number }[] } };
    json.requirements.loads = json.requirements.loads.map((l) => ('powerKW' in l ? { ...l, powerKW: 900 } : l));
    const project = join(dir, 'p.json');
    writeFileSync(project, JSON.stringify(json));
    const r = await run(['export', project, '--out', join(dir, 'out'), '--date', '2026-11-24']);
    expect(r.code).toBe(EXIT.problems);
    expect(r.err).toContain('错误 [BATTERY_TOO_LARGE]');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);

  it('exit 1 for an invalid project, 3 for a missing file, 2 for a bad date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-export-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schemaVersion: 1, id: 'x' }));
    expect((await run(['export', bad, '--out', dir, '--date', '2026-11-24'])).code).toBe(EXIT.problems);
    expect((await run(['export', join(dir, 'missing.json'), '--out', dir, '--date', '2026-11-24'])).code).toBe(EXIT.io);
    expect((await run(['export', bad, '--out', dir, '--date', '24.11.2026'])).code).toBe(EXIT.usage);
  }, 60_000);
});
