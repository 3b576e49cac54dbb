import type { ConformanceReport } from './types';

const COLUMNS = [
  ['scenario', (r: ConformanceReport['results'][number]) => r.id],
  ['market', (r: ConformanceReport['results'][number]) => r.market],
  ['expected', (r: ConformanceReport['results'][number]) => r.expected],
  ['observed', (r: ConformanceReport['results'][number]) => (r.verdict === 'not run' ? `(${r.note})` : r.observed)],
  ['result', (r: ConformanceReport['results'][number]) => r.verdict.toUpperCase()],
] as const;

/** The report as a plain-text table (one row per scenario) and a summary line. */
export function reportTable(report: ConformanceReport, maxCell = 70): string {
  const cut = (text: string) => (text.length > maxCell ? `${text.slice(0, maxCell - 1)}\u2026` : text);
  const rows = report.results.map((r) => COLUMNS.map(([, cell]) => cut(cell(r))));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    line(COLUMNS.map(([title]) => title)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${report.passed} passed, ${report.failed} failed, ${report.notRun} not run (target ${report.target})`,
  ].join('\n');
}
