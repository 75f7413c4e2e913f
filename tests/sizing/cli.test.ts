import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const fixture = (f: string) => join(__dirname, '../../templates/projects', f);
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('dcq size', () => {
  it('prints the calculation sheet in English and exits 0 when sized', async () => {
    const r = await run(['--lang', 'en', 'size', fixture('sample-110kv.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('DC load statistics');
    expect(r.out).toContain('[battery.Cc]');
    expect(r.out).toContain('not yet confirmed against the printed standard');
  });
  it('prints Chinese by default-language flag zh', async () => {
    const r = await run(['--lang', 'zh', 'size', fixture('sample-220kv.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('直流负荷统计表');
  });
  it('--json gives the full result with trace', async () => {
    const r = await run(['size', '--json', fixture('sample-220kv.json')]);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.trace.length).toBeGreaterThan(20);
    expect(j.configuration.modelCode).toMatch(/^ZHDCS220 \d+\/\d+$/);
  });
  it('exits 3 on an unreadable file and 1 on problems, each with its field path', async () => {
    expect((await run(['size', '/nonexistent/p.json'])).code).toBe(3);
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'dcq-'));
    const bad = join(dir, 'bad.json');
    const p = JSON.parse((await import('node:fs')).readFileSync(fixture('sample-110kv.json'), 'utf8'));
    p.requirements.loads[0].powerKW = -1;
    writeFileSync(bad, JSON.stringify(p));
    const r = await run(['--lang', 'en', 'size', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Load row 1: power (kW)');
  });
});
