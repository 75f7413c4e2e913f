import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { evaluateProject, quoteStateOf } from '../../src/core/pipeline.ts';
import { tenderBid } from '../../src/core/tender/bid.ts';
import { findRequirementSet } from '../../src/core/tender/requirement-sets.ts';
import { TABLE_FILE } from '../../src/core/tender/tables.ts';
import { tenderPdfDefinition, tenderWorkbook } from '../../src/export/tender-documents.ts';
import { writeWorkbook } from '../../src/export/xlsx/workbook-writer.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * The 技术标 screen exports what `dcq tender` writes for the same project and requirements: the screen
 * computes the tables with tenderBid from the project, its evaluation and the knowledge it holds (as
 * here), and the same writers render them. Compared cell by cell with the files the command wrote.
 */
async function cells(bytes: Uint8Array | Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Uint8Array.from(bytes).buffer);
  const rows: string[][] = [];
  wb.worksheets[0]?.eachRow((row) => { const r: string[] = []; row.eachCell((c, i) => { r[i - 1] = String(c.value); }); rows.push(r); });
  return rows;
}

describe('the app\'s tender export equals dcq tender (issue #15)', () => {
  it.each(['sample-110kv.json', 'sample-220kv.json'])('%s with the library\'s 220 V set, zh and en', async (name) => {
    const k = await shippedKnowledge();
    const project = await sampleProject(name);
    const set = findRequirementSet(k.tenderSets ?? [], 'sgcc-220v-dc');
    if (!set.ok || !k.tenderVocabulary) throw new Error('set or vocabulary missing');
    for (const lang of ['zh', 'en'] as const) {
      const out = mkdtempSync(join(tmpdir(), 'dcq-tender-app-'));
      const code = await main(['--lang', lang, 'tender', join(import.meta.dirname, '../../templates/projects', name), '--set', 'sgcc-220v-dc', '--out', out, '--date', '2026-11-30'], { out: () => {}, err: () => {} });
      expect(code).toBe(0);
      const evaluation = evaluateProject(project, k, { quoteDate: '2026-11-30' });
      const bid = tenderBid({ meta: project.meta, evaluation, catalog: k.catalog, vocabulary: k.tenderVocabulary, requirements: set.value.requirements, stored: quoteStateOf(project).tender, date: '2026-11-30', lang });
      expect(bid.tables).toHaveLength(3);
      for (const table of bid.tables) {
        const file = join(out, `${TABLE_FILE[table.id]}.xlsx`);
        expect(await cells(await writeWorkbook(tenderWorkbook(table, new Date())))).toEqual(await cells(readFileSync(file)));
        expect(tenderPdfDefinition(table).info?.title).toContain(table.number);
      }
      expect((await cells(readFileSync(join(out, `${TABLE_FILE.parameters}.xlsx`)))).flat().join('|')).toContain(lang === 'zh' ? '需人工确认' : 'To be confirmed');
    }
  }, 180_000);
});
