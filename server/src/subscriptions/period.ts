/**
 * A subscription period as the catalog writes it: an ISO-8601 duration of whole years, months,
 * weeks or days (`P1W`, `P1M`, `P3M`, `P6M`, `P1Y`, `P3D`), the lengths the stores sell.
 *
 * Adding a period is calendar-correct in UTC, as the stores bill: a month added to Jan 31
 * ends on Feb 28 (or 29), never on Mar 3; the time of day is kept. So the length of "a period"
 * in milliseconds depends on where it starts: `periodMsFrom(start, period)` gives it for one start.
 */
export interface Period {
  years: number;
  months: number;
  days: number;
}

const DURATION = /^P(?:(\d{1,2})Y)?(?:(\d{1,3})M)?(?:(\d{1,3})W)?(?:(\d{1,4})D)?$/;

/** The period an ISO-8601 duration names, or undefined when it is not one we sell (time parts, zero, too long). */
export function parsePeriod(text: string): Period | undefined {
  const m = DURATION.exec(text);
  if (!m || text === 'P') return undefined;
  const [years, months, weeks, days] = [m[1], m[2], m[3], m[4]].map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number];
  const period = { years, months, days: weeks * 7 + days };
  if (period.years + period.months + period.days === 0) return undefined;
  // Longer than 10 years is a typo, not a subscription.
  if (period.years * 366 + period.months * 31 + period.days > 3660) return undefined;
  return period;
}

/** `startMs` plus `period`, months and years added on the UTC calendar (day clamped to the month's end). */
export function addPeriod(startMs: number, period: Period, times = 1): number {
  const d = new Date(startMs);
  const totalMonths = d.getUTCFullYear() * 12 + d.getUTCMonth() + (period.years * 12 + period.months) * times;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const moved = Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return moved + period.days * times * 86_400_000;
}

/** The length of the period that starts at `startMs` (what `MarketSubscriptions.fromReceipt` receives as `periodMs`). */
export function periodMsFrom(startMs: number, period: Period): number {
  return addPeriod(startMs, period) - startMs;
}

/** Parses a period the catalog already validated; throws when the stored text is not one (a corrupt row). */
export function requirePeriod(text: string): Period {
  const period = parsePeriod(text);
  if (!period) throw new Error(`Stored subscription period "${text}" is not an ISO-8601 duration of years, months, weeks or days.`);
  return period;
}
