/**
 * Cuts the Noto Sans Hans CFF fonts of @embedpdf/fonts-sc (OFL-1.1) down to the GB2312 character set
 * plus the symbols our documents use, as WOFF2 for the browser (pdfmake in the app fetches them lazily).
 * Node exports embed the full .otf and need none of this.
 *
 * Also writes src/export/pdf/fonts/coverage.generated.ts: the code points each font really maps (read
 * back from the produced files), so the app can warn about characters a font lacks without parsing it.
 *
 *   npx tsx scripts/fonts/subset.ts
 *
 * Deterministic: same package version in, same bytes out. subset-font (harfbuzz wasm) keeps CFF outlines,
 * which pdfkit embeds correctly (glyf-based WOFF2 files render invisible text, see stack-notes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import subsetFont from 'subset-font';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'src/export/pdf/fonts');
const require = createRequire(import.meta.url);
const pkgDir = resolve(dirname(require.resolve('@embedpdf/fonts-sc')), '..'); // exports hide package.json
const pkgVersion = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;

/** GB2312 (EUC-CN): rows 0xA1–0xA9 symbols, 0xB0–0xF7 the 6,763 hanzi; decoded with the WHATWG GBK table. */
function gb2312(): number[] {
  const dec = new TextDecoder('gbk', { fatal: false });
  const out: number[] = [];
  const rows = [...range(0xa1, 0xa9), ...range(0xb0, 0xf7)];
  for (const hi of rows) {
    for (const lo of range(0xa1, 0xfe)) {
      const ch = dec.decode(new Uint8Array([hi, lo]));
      const cp = ch.codePointAt(0) ?? 0xfffd;
      if ([...ch].length !== 1 || cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff)) continue;
      out.push(cp);
    }
  }
  return out;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** Everything the documents print besides GB2312: ASCII, Latin-1, units, maths, arrows, full-width forms. */
const EXTRA_TEXT =
  '²³µ±≥≤Ω℃×÷·–—¥Σ√Δρηφ‰°→✓✔✗←↑↓≈≠∞∑∏∫∂∆∇∈∩∪⊥∠∥ΩμαβγδεθλπστωΦΨ№™©®€£…‘’“”•′″‐‑‒―' +
  '−∓∗∙⋅⌈⌉⌊⌋≦≧⩽⩾' + // minus sign and the operators the calculation report's formulas use
  '㎡㎥㎜㎝㎞㎏㎎㎖㏄㎾㎸㎹㎃㎄㎅'; // squared unit signs where the font has them

function wanted(full: fontkit.Font): number[] {
  const set = new Set<number>([
    ...range(0x20, 0x7e),
    ...range(0xa0, 0xff),
    ...range(0x2000, 0x206f).filter((c) => c <= 0x2027 || c >= 0x2030), // general punctuation (no controls)
    ...range(0x2190, 0x2199), // arrows
    ...range(0x2460, 0x2473), // ①…⑳
    ...range(0x3000, 0x303f), // CJK symbols and punctuation
    ...range(0xff01, 0xff5e), // full-width ASCII forms
    ...range(0xffe0, 0xffe6), // ￠￡￢￣￤￥￦
    ...[...EXTRA_TEXT].map((c) => c.codePointAt(0) as number),
    ...gb2312(),
  ]);
  return [...set].filter((cp) => full.hasGlyphForCodePoint(cp)).sort((a, b) => a - b);
}

/** Compact, diff-friendly code point ranges: "20-7e,a0-ff,…" in hex. */
function toRanges(cps: number[]): string {
  const sorted = [...new Set(cps)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    const a = sorted[i] as number;
    const b = sorted[j] as number;
    parts.push(a === b ? a.toString(16) : `${a.toString(16)}-${b.toString(16)}`);
    i = j + 1;
  }
  return parts.join(',');
}

const WEIGHTS = ['Regular', 'Bold'] as const;

async function main() {
  const coverage: Record<string, number[]> = {};
  for (const weight of WEIGHTS) {
    const src = join(pkgDir, 'fonts', `NotoSansHans-${weight}.otf`);
    const buf = readFileSync(src);
    const full = fontkit.create(buf);
    coverage[`full-${weight}`] = full.characterSet;
    const cps = wanted(full);
    const text = String.fromCodePoint(...cps);
    const t0 = performance.now();
    const woff2 = await subsetFont(buf, text, { targetFormat: 'woff2' });
    const file = join(outDir, `NotoSansHans-${weight}.subset.woff2`);
    writeFileSync(file, woff2);
    const check = fontkit.create(woff2);
    const missing = cps.filter((cp) => !check.hasGlyphForCodePoint(cp));
    if (missing.length) throw new Error(`${weight}: subset lost ${missing.length} characters`);
    coverage[`subset-${weight}`] = check.characterSet;
    console.log(
      `${weight}: ${cps.length} characters, ${check.numGlyphs} glyphs, ${(woff2.length / 1024 / 1024).toFixed(2)} MB WOFF2 in ${Math.round(performance.now() - t0)} ms → ${file}`,
    );
  }
  // A character is covered only when every weight has it (a bold heading must not lose it either).
  const both = (a: number[], b: number[]) => {
    const s = new Set(b);
    return a.filter((c) => s.has(c));
  };
  const fullCps = both(coverage['full-Regular'] ?? [], coverage['full-Bold'] ?? []);
  const subsetCps = both(coverage['subset-Regular'] ?? [], coverage['subset-Bold'] ?? []);
  const ts = `// Generated by scripts/fonts/subset.ts from @embedpdf/fonts-sc ${pkgVersion} (Noto Sans Hans, OFL-1.1). Do not edit.
// Code points mapped by BOTH weights, as hex ranges; parse with parseCoverage (src/core/format/glyph-coverage.ts).

/** The full .otf files embedded by Node exports (CLI). ${fullCps.length} code points. */
export const FULL_FONT_COVERAGE = '${toRanges(fullCps)}';

/** The GB2312 + symbols WOFF2 subset loaded by the app. ${subsetCps.length} code points. */
export const SUBSET_FONT_COVERAGE = '${toRanges(subsetCps)}';
`;
  writeFileSync(join(outDir, 'coverage.generated.ts'), ts);
  console.log(`coverage: full ${fullCps.length}, subset ${subsetCps.length} code points`);
}

await main();
