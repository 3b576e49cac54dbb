import type { RevenuePoint } from '../../server/src/console/api-schemas';
import { svg } from './dom';

const COLORS = ['#2f6fdf', '#e0803a', '#2aa876', '#9b59b6', '#d64545', '#7f8c8d', '#c9a227'];
const W = 860;
const H = 220;
const PAD = { left: 70, right: 10, top: 10, bottom: 36 };

/** Every UTC day from `from` to `to`, inclusive, so that days without sales still show. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && days.length < 400; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Stacked daily bars, one colour per market, for one currency (amounts in different
 * currencies are never added together).
 */
export function revenueChart(points: RevenuePoint[], currency: string, from: string, to: string): SVGElement {
  const days = daysBetween(from, to);
  const markets = [...new Set(points.map((p) => p.market))].sort();
  const byDay = new Map<string, Map<string, number>>();
  for (const p of points) {
    if (p.currency !== currency) continue;
    const day = byDay.get(p.day) ?? new Map<string, number>();
    day.set(p.market, (day.get(p.market) ?? 0) + p.amountMicros / 1_000_000);
    byDay.set(p.day, day);
  }
  const totals = days.map((d) => [...(byDay.get(d)?.values() ?? [])].reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(1, ...totals));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;

  const root = svg('svg', { viewBox: `0 0 ${W} ${H + 24}`, class: 'chart', role: 'img', 'aria-label': `Revenue ${currency}`, 'data-currency': currency });
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'gridline' }),
      svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, v.toLocaleString('en-US')));
  }
  const labelEvery = Math.ceil(days.length / 12);
  days.forEach((day, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    let base = 0;
    markets.forEach((market, m) => {
      const value = byDay.get(day)?.get(market) ?? 0;
      if (value <= 0) return;
      root.append(svg('rect', { x, y: y(base + value), width: barW, height: y(base) - y(base + value), fill: COLORS[m % COLORS.length] ?? '#888', 'data-market': market, 'data-day': day },
        svg('title', {}, `${day} ${market}: ${value.toLocaleString('en-US')} ${currency}`)));
      base += value;
    });
    if (i % labelEvery === 0) root.append(svg('text', { x: x + barW / 2, y: H - PAD.bottom + 16, 'text-anchor': 'middle', class: 'axis' }, day.slice(5)));
  });
  markets.forEach((market, m) => {
    const x = PAD.left + m * 130;
    root.append(svg('rect', { x, y: H + 6, width: 12, height: 12, fill: COLORS[m % COLORS.length] ?? '#888' }),
      svg('text', { x: x + 18, y: H + 16, class: 'legend' }, market));
  });
  root.append(svg('text', { x: 4, y: PAD.top + 10, class: 'axis' }, currency));
  return root;
}

function niceMax(v: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= v) return step * magnitude;
  return 10 * magnitude;
}
