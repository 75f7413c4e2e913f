import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectMayExport, appTenderBid } from '../../src/app/screens/tender-export.ts';
import { main } from '../../src/cli/main.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { validateProject } from '../../src/core/project/requirements.ts';
import { todayInChina } from '../../src/core/quote/dates.ts';
import { TABLE_FILE } from '../../src/core/tender/tables.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { tenderDocuments } from '../../src/export/tender-documents.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * Issue #15: the 导出 (export) screen offers the technical bid's three tables through the 技术标 screen's path
 * (src/app/screens/tender-export.ts): for a project that keeps tender requirements they are byte for byte the
 * .xlsx files `dcq tender` writes for the same project, requirements and instant, dated with the day in China
 * (Asia/Shanghai) whatever the browser's time zone; without kept requirements there is nothing to export (the
 * screen shows the hint); on the team server only a role with the export permission makes them.
 */

// 18:30 UTC on 30 November: already 1 December in China, still 30 November in California (and in UTC).
const INSTANT = new Date('2026-11-30T18:30:00.000Z');
const tz = process.env.TZ;

beforeEach(() => {
  process.env.TZ = 'America/Los_Angeles';
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(INSTANT);
});
afterEach(() => {
  vi.useRealTimers();
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('the export screen\'s technical bid tables (issue #15)', () => {
  it('the day in China, not the browser\'s local day', () => {
    expect(new Date().getDate()).toBe(30); // the local (California) day differs from China's here
    expect(todayInChina(new Date())).toBe('2026-12-01');
    expect(todayInChina(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(todayInChina(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
  });

  it.each(['sample-110kv.json', 'sample-220kv.json'])('%s with the library\'s 220 V set kept in the project: the same .xlsx bytes as dcq tender, zh and en, dated 2026-12-01', async (name) => {
    const k = await shippedKnowledge();
    const dir = mkdtempSync(join(tmpdir(), 'dcq-export-tender-'));
    const file = join(dir, name);
    copyFileSync(join(import.meta.dirname, '../../templates/projects', name), file);
    const quiet = { out: () => {}, err: () => {} };
    // The requirements are kept in the project (as the 技术标 screen saves them).
    expect(await main(['tender', file, '--set', 'sgcc-220v-dc', '--out', join(dir, 'first'), '--save'], quiet)).toBe(0);
    const kept = validateProject(JSON.parse(readFileSync(file, 'utf8')), k.sizingRules);
    if (!kept.ok) throw new Error('the saved project does not validate');
    const project = kept.value;
    expect(project.quote?.tender?.requirements).toHaveLength(13);
    const evaluation = evaluateProject(project, k, { now: new Date().toISOString() });

    for (const lang of ['zh', 'en'] as const) {
      const out = join(dir, `cli-${lang}`);
      // No --date: the command dates the tables with today in China.
      expect(await main(['--lang', lang, 'tender', file, '--set', 'sgcc-220v-dc', '--out', out], quiet)).toBe(0);
      const bid = appTenderBid({ project, knowledge: k, evaluation, lang, now: new Date() });
      if (!bid) throw new Error('no bid for a project with kept requirements');
      expect(bid.tables.map((t) => t.heading.join(' ')).join(' ')).toContain(lang === 'zh' ? '日期：2026-12-01' : 'Date: 2026-12-01');
      const files = await tenderDocuments(bid.tables, nodeFontSet(), lang, new Date());
      expect(files.map((f) => f.name).sort()).toEqual(Object.values(TABLE_FILE).flatMap((b) => [`${b}.pdf`, `${b}.xlsx`]).sort());
      for (const f of files.filter((x) => x.name.endsWith('.xlsx'))) {
        expect(Buffer.from(f.bytes).equals(readFileSync(join(out, f.name))), `${lang} ${f.name}`).toBe(true);
      }
    }
  }, 180_000);

  it('a project that keeps no tender requirements has no tables to export (the screen points to the 技术标 screen)', async () => {
    const k = await shippedKnowledge();
    const project = await sampleProject('sample-110kv.json');
    expect(project.quote?.tender?.requirements ?? []).toEqual([]);
    expect(appTenderBid({ project, knowledge: k, evaluation: evaluateProject(project, k), lang: 'zh', now: new Date() })).toBeNull();
  });

  it('export gating: always locally; on the team server only with the export permission', () => {
    const user = (permissions: string[]) => ({ permissions }) as never;
    expect(selectMayExport({ mode: 'local', serverUser: null })).toBe(true);
    expect(selectMayExport({ mode: 'server', serverUser: null })).toBe(false);
    expect(selectMayExport({ mode: 'server', serverUser: user(['edit', 'approve']) })).toBe(false);
    expect(selectMayExport({ mode: 'server', serverUser: user(['edit', 'export']) })).toBe(true);
  });
});
