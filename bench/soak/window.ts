/** One reporting window of the soak: what finished in it, and the worst moments. */
export class Window {
  flowLatencies: number[] = [];
  requests = 0;
  errors = 0;
  maxInFlight = 0;
  longestStallMs = 0;

  summary(): { flows: number; requests: number; errors: number; p50: number; p99: number; max: number; longestStallMs: number; maxInFlight: number } {
    const sorted = [...this.flowLatencies].sort((a, b) => a - b);
    return {
      flows: sorted.length,
      requests: this.requests,
      errors: this.errors,
      p50: percentile(sorted, 0.5, true),
      p99: percentile(sorted, 0.99, true),
      max: sorted.at(-1) ?? 0,
      longestStallMs: this.longestStallMs,
      maxInFlight: this.maxInFlight,
    };
  }
}

/** Nearest-rank percentile; `sorted` says the values are already in ascending order. */
export function percentile(values: number[], q: number, sorted = false): number {
  if (!values.length) return 0;
  const v = sorted ? values : [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]!;
}
