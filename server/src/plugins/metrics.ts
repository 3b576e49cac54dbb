import type { FastifyInstance } from 'fastify';

/**
 * Hand-rolled Prometheus text exposition (format 0.0.4): counters, gauges and one latency histogram.
 * Label values come from route templates and catalog codes, never from client input.
 */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
  private readonly histogram = new Map<string, { counts: number[]; sum: number; count: number }>();

  inc(name: string, help: string, labels: Record<string, string>, by = 1): void {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = { help, values: new Map() }));
    const key = labelText(labels);
    c.values.set(key, (c.values.get(key) ?? 0) + by);
  }

  /** A gauge: the last value set wins (e.g. the oldest unfinished purchase's age). */
  set(name: string, help: string, labels: Record<string, string>, value: number): void {
    let g = this.gauges.get(name);
    if (!g) this.gauges.set(name, (g = { help, values: new Map() }));
    g.values.set(labelText(labels), value);
  }

  observeDuration(labels: Record<string, string>, seconds: number): void {
    const key = labelText(labels);
    let h = this.histogram.get(key);
    if (!h) this.histogram.set(key, (h = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (seconds <= b) h.counts[i]!++;
    });
    h.sum += seconds;
    h.count++;
  }

  render(extra: string[] = []): string {
    const out: string[] = [...extra];
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [labels, v] of c.values) out.push(`${name}${labels} ${v}`);
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      for (const [labels, v] of g.values) out.push(`${name}${labels} ${v}`);
    }
    const name = 'http_request_duration_seconds';
    out.push(`# HELP ${name} Request latency by route.`, `# TYPE ${name} histogram`);
    for (const [labels, h] of this.histogram) {
      const inner = labels.slice(1, -1);
      this.buckets.forEach((b, i) => out.push(`${name}_bucket{${inner},le="${b}"} ${h.counts[i]}`));
      out.push(`${name}_bucket{${inner},le="+Inf"} ${h.count}`, `${name}_sum${labels} ${h.sum}`, `${name}_count${labels} ${h.count}`);
    }
    out.push('# HELP process_resident_memory_bytes Resident memory.', '# TYPE process_resident_memory_bytes gauge');
    out.push(`process_resident_memory_bytes ${process.memoryUsage().rss}`);
    return `${out.join('\n')}\n`;
  }
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return `{${parts.join(',')}}`;
}

export function installMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.inc('http_requests_total', 'HTTP requests by route and status.', labels);
    metrics.observeDuration({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
