/** Percentiles and a plain-text table, as the benches print them. */

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: n > 0 ? sorted.reduce((sum, value) => sum + value, 0) / n : Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export function ms(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

export function table(rows: ReadonlyArray<Record<string, string>>): void {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => (row[key] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(keys));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(keys.map((key) => row[key] ?? '')));
}
