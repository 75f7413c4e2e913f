import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { hasTool, pdfPageCount, rasterizePage, writeArtifact } from './helpers/poppler.ts';

/**
 * The calculation book as `dcq export` issues it (the one-line drawing appended), read page by page
 * against the visual reference: tests/export/reference/Q-SAMPLE*-A_calculation-report-p1.png (title,
 * inputs, load table), -p6.png (end of the appendix of unconfirmed values, sign-off with dates) and -p7.png
 * (the one-line drawing), rasterized by hand and looked at. Page count, where the appendix and the
 * sign-off fall, and the drawing on landscape pages (A4 in the book, A3 in its own PDF) at the end.
 */
const PROJECTS = join(import.meta.dirname, '../../templates/projects');
const squashPage = (file: string, p: number) => execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

const EXPECTED = {
  'sample-110kv.json': { pages: 8, appendixPage: 5, signOffPage: 6, drawingPages: [7, 8] },
  'sample-220kv.json': { pages: 8, appendixPage: 5, signOffPage: 6, drawingPages: [7, 8] },
} as const;

describe.skipIf(!hasTool('pdftotext'))('calculation book pages (dcq export), against the visual reference', () => {
  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])('%s', async (name) => {
    const out = mkdtempSync(join(tmpdir(), 'dcq-book-'));
    const code = await main(['export', join(PROJECTS, name), '--out', out, '--date', '2026-11-30'], { out: () => {}, err: () => {} });
    expect(code).toBe(0);
    const file = join(out, readdirSync(out).find((f) => f.endsWith('calculation-report.pdf'))!);
    const e = EXPECTED[name];
    expect(pdfPageCount(file)).toBe(e.pages);
    const pages = Array.from({ length: e.pages }, (_, i) => squashPage(file, i + 1));
    expect(pages.findIndex((p) => p.includes('附录未确认数值')) + 1).toBe(e.appendixPage);
    // Sign-off with its date lines on the page after the appendix starts, before the drawing.
    const signOff = pages.findIndex((p) => ['编制', '校核', '审核', '批准', '日期'].every((w) => p.includes(w)));
    expect(signOff + 1).toBe(e.signOffPage);
    for (const p of e.drawingPages) {
      expect(pages[p - 1]).toContain('直流系统图');
      const size = execFileSync('pdfinfo', ['-f', String(p), '-l', String(p), file], { encoding: 'utf8' });
      expect(size).toMatch(new RegExp(`Page\\s+${p} size:\\s+(1190|841)\\.\\d+ x (841|595)\\.\\d+ pts`));
    }
    const copy = writeArtifact('calculation-book-pages', name.replace('.json', '.pdf'), new Uint8Array(execFileSync('cat', [file])));
    for (let p = 1; p <= e.pages; p++) rasterizePage(copy, p, copy.replace(/\.pdf$/, `-p${p}`));
  }, 180_000);
});
