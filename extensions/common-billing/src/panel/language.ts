/**
 * The panel's language. Creator 3.8's editor offers only English and Chinese (Preferences →
 * General → Language; `Editor.I18n.getLanguage()` answers "zh" or "en"), so the editor alone
 * never shows the extension's Korean strings. The panel therefore picks its own language: the
 * user's explicit choice (kept in the local editor profile), else the system's language when
 * the panel has it and the editor does not (Korean), else the editor's, else English. A key
 * missing in a language falls back to English.
 */
export const PANEL_LANGUAGES = ['en', 'ko', 'zh'] as const;
export type PanelLanguage = (typeof PANEL_LANGUAGES)[number];
export type LanguageChoice = 'auto' | PanelLanguage;
export interface I18nTable {
  [key: string]: string | I18nTable;
}

const EDITOR_LANGUAGES: readonly string[] = ['en', 'zh'];
const isPanelLanguage = (value: unknown): value is PanelLanguage => (PANEL_LANGUAGES as readonly unknown[]).includes(value);
const primary = (locale: string | undefined) => locale?.toLowerCase().split(/[-_]/)[0];

/** A stored or selected value as a choice; anything else is 'auto'. */
export function parseLanguageChoice(value: unknown): LanguageChoice {
  return isPanelLanguage(value) ? value : 'auto';
}

export function resolveLanguage(choice: LanguageChoice, systemLocales: readonly string[], editorLanguage: string | undefined): PanelLanguage {
  if (choice !== 'auto') return choice;
  const system = primary(systemLocales[0]);
  if (isPanelLanguage(system) && !EDITOR_LANGUAGES.includes(system)) return system;
  const editor = primary(editorLanguage);
  return isPanelLanguage(editor) ? editor : 'en';
}

function lookup(table: I18nTable | undefined, key: string): string | undefined {
  let node: string | I18nTable | undefined = table;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** `common-billing.<key>` (or `<key>`) in the language, else in English, else the key itself. */
export function translate(tables: Partial<Record<PanelLanguage, I18nTable>>, language: PanelLanguage, key: string): string {
  const path = key.replace(/^common-billing\./, '');
  return lookup(tables[language], path) ?? lookup(tables.en, path) ?? key;
}
