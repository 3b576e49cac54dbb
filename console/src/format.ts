import { t } from './i18n';

/** Display helpers shared by the views. Times are shown in UTC, as stores and logs use it. */

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

export function formatMoney(amountMicros: number | null, currency: string | null): string {
  if (amountMicros === null || !currency) return '—';
  const digits = currency === 'KRW' || currency === 'JPY' ? 0 : 2;
  return `${(amountMicros / 1_000_000).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

export function yesNo(value: boolean): string {
  return value ? t('common.yes') : t('common.no');
}

/** UTC day `YYYY-MM-DD`, `days` before `now`. */
export function dayOffset(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}
