import { displayWidth } from '../core/export/sheet-model.ts';

/** A plain-text table whose columns line up with Chinese text (CJK characters are two columns wide). */
export function textTable(header: string[], rows: string[][], alignRight: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (cell: string, i: number) => {
    const gap = ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
    return alignRight.has(i) ? gap + cell : cell + gap;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
