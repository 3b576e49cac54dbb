/**
 * English and Korean strings of the console. Korean is the default for a browser whose
 * language starts with "ko"; the choice is remembered in localStorage.
 */
import { en, type MessageKey } from './messages/en';
import { ko } from './messages/ko';

export type { MessageKey };

export type Lang = 'en' | 'ko';
const catalogs: Record<Lang, Record<MessageKey, string>> = { en, ko };
const STORAGE_KEY = 'common-billing-console.lang';

let current: Lang = 'en';

export function initLang(storage: Pick<Storage, 'getItem'>, browserLanguage: string): Lang {
  const saved = storage.getItem(STORAGE_KEY);
  current = saved === 'ko' || saved === 'en' ? saved : browserLanguage.toLowerCase().startsWith('ko') ? 'ko' : 'en';
  return current;
}

export function setLang(lang: Lang, storage: Pick<Storage, 'setItem'>): void {
  current = lang;
  storage.setItem(STORAGE_KEY, lang);
}

export function lang(): Lang {
  return current;
}

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return catalogs[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
