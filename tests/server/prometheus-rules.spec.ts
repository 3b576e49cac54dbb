import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { Metrics } from '../../server/src/plugins/metrics';
import type { Database } from '../../server/src/storage/types';
import { requirePromtool } from '../support/environment';

const RULES = 'docs/prometheus-rules.yml';

describe('docs/prometheus-rules.yml (the alert rules of docs/production.md)', () => {
  it('is a valid rule file (promtool check rules)', function () {
    const promtool = requirePromtool(this);
    expect(execFileSync(promtool, ['check', 'rules', RULES], { encoding: 'utf8' })).to.match(/SUCCESS: \d+ rules found/);
  });

  it('fires and stays quiet where it should (promtool test rules)', function () {
    const promtool = requirePromtool(this);
    expect(execFileSync(promtool, ['test', 'rules', 'tests/fixtures/prometheus-rules.test.yml'], { encoding: 'utf8' })).to.match(/SUCCESS/);
  });

  it('alerts only on metrics the server exports', async () => {
    const metrics = new Metrics();
    // Registers the scrape-time gauges; nothing is read until a scrape, and none happens here.
    metrics.watchBacklog({} as Database, Date.now);
    const exported = new Set(metrics.registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name));
    const used = new Set([...readFileSync(RULES, 'utf8').matchAll(/\b((?:billing|http)_[a-z_]+?)(?:_bucket|_sum|_count)?\b[{[)]/g)].map((m) => m[1]!));
    expect([...used].filter((name) => !exported.has(name))).to.deep.equal([]);
    expect(used.size).to.be.greaterThan(6);
  });
});
