import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const haveSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).error === undefined;

/**
 * Converts .xlsx files to CSV (every sheet to its own file, raw values, UTF-8) with LibreOffice headless,
 * in a throwaway profile. `recalc: 'always'` sets the profile's "recalculate Excel files on load: always"
 * (OOXMLRecalcMode 0), so LibreOffice computes every formula itself instead of trusting cached results.
 * Returns, per input file, a map sheet name → rows of fields.
 */
export function xlsxToCsv(files: string[], opts: { recalc: 'always' | 'never' }): Map<string, Map<string, string[][]>> {
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(
    join(profile, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${opts.recalc === 'always' ? 0 : 1}</value></prop></item>
</oor:items>
`,
  );
  const outDir = mkdtempSync(join(tmpdir(), 'lo-csv-'));
  // field sep , | quote " | UTF-8 | line 1 | – | lang | quote all text | – | raw values (not "as shown") | no formulas | – | all sheets
  const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1';
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', filter, '--outdir', outDir, ...files], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  const result = new Map<string, Map<string, string[][]>>();
  const produced = readdirSync(outDir);
  for (const f of files) {
    const stem = basename(f).replace(/\.xlsx$/, '');
    const sheets = new Map<string, string[][]>();
    for (const out of produced) {
      if (!out.startsWith(`${stem}-`) || !out.endsWith('.csv')) continue;
      sheets.set(out.slice(stem.length + 1, -4), parseCsv(readFileSync(join(outDir, out), 'utf8')));
    }
    if (sheets.size === 0 && existsSync(join(outDir, `${stem}.csv`))) sheets.set('', parseCsv(readFileSync(join(outDir, `${stem}.csv`), 'utf8')));
    result.set(f, sheets);
  }
  return result;
}

export function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export { execFileSync };
