/**
 * A strict parser of the Prometheus text exposition format 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats): HELP/TYPE lines, samples with
 * escaped label values, histogram series. It throws on anything malformed, so a test that
 * parses /metrics also checks that what the server writes is valid.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of the one sample with this name and (a superset of) these labels; undefined if none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Sum over every sample of this name whose labels include these. */
  sum(name: string, labels?: Record<string, string>): number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a plain comment
      if (!NAME.test(m[2]!)) throw new Error(`bad metric name, ${where}`);
      if (m[1] === 'TYPE') {
        if (!TYPES.has(m[3]!)) throw new Error(`bad type, ${where}`);
        if (types.has(m[2]!)) throw new Error(`second TYPE, ${where}`);
        types.set(m[2]!, m[3]!);
      }
      return;
    }
    samples.push(parseSample(line, where));
  });
  for (const s of samples) {
    const family = [...types.keys()].find((f) => s.name === f || (types.get(f) === 'histogram' && /^(.*)_(bucket|sum|count)$/.exec(s.name)?.[1] === f));
    if (!family) throw new Error(`sample ${s.name} has no TYPE line`);
    if (types.get(family) === 'histogram' && s.name === `${family}_bucket` && s.labels.le === undefined) throw new Error(`bucket without le: ${s.name}`);
  }
  const matches = (s: Sample, name: string, labels: Record<string, string>) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v);
  return {
    types,
    samples,
    value(name, labels = {}) {
      const found = samples.filter((s) => matches(s, name, labels));
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
    sum: (name, labels = {}) => samples.filter((s) => matches(s, name, labels)).reduce((total, s) => total + s.value, 0),
  };
}

function parseSample(line: string, where: string): Sample {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (!name) throw new Error(`bad sample, ${where}`);
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)",?/.exec(rest);
      if (!m) throw new Error(`bad label, ${where}`);
      if (labels[m[1]!] !== undefined) throw new Error(`repeated label, ${where}`);
      labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(m[0].length);
    }
    rest = rest.slice(1);
  }
  const m = /^ (\S+)( -?\d+)?$/.exec(rest);
  if (!m) throw new Error(`bad value, ${where}`);
  // Prometheus reads values with Go's strconv.ParseFloat: Inf and NaN in any letter case
  // (prom-client writes "Nan" for an empty event-loop histogram).
  const text = m[1]!.toLowerCase();
  const value = /^[+]?inf$/.test(text) ? Infinity : text === '-inf' ? -Infinity : text === 'nan' ? NaN : Number(text);
  if (Number.isNaN(value) && text !== 'nan') throw new Error(`bad number, ${where}`);
  return { name, labels, value };
}
