// The benches' result tables: a name column padded to the right, number columns to the left.
import { median } from './isolate';

/** One row: `cells[0]` left-aligned in `widths[0]` characters, every other cell right-aligned in its width. */
export function tableRow(widths: number[], cells: string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[i]))).join('');
}

/** The heading and rows of a `median ms / min ms / max ms` table, to `digits` decimals. */
export function spreadTable(nameWidth: number, heading: string, rows: [string, number[]][], digits: number): string[] {
  const widths = [nameWidth, 11, 9, 9];
  return [
    tableRow(widths, [heading, 'median ms', 'min ms', 'max ms']),
    ...rows.map(([name, ms]) => tableRow(widths, [name, median(ms).toFixed(digits), Math.min(...ms).toFixed(digits), Math.max(...ms).toFixed(digits)])),
  ];
}
