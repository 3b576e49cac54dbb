import { expect } from 'chai';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseLanguageChoice, resolveLanguage, translate, type I18nTable, type PanelLanguage } from '../../extensions/common-billing/src/panel/language';
import { EXTENSION_DIR } from './support/extension-build';

const load = createRequire(join(EXTENSION_DIR, 'package.json'));
const tables = Object.fromEntries(['en', 'ko', 'zh'].map((l) => [l, load(`./i18n/${l}.js`) as I18nTable])) as Record<PanelLanguage, I18nTable>;

/** The editor offers en and zh only; the panel's own choice makes its Korean reachable. */
describe('extension panel: its language', () => {
  it('an explicit choice wins over the system and the editor', () => {
    expect(resolveLanguage('ko', ['en-US'], 'zh')).to.equal('ko');
    expect(resolveLanguage('zh', ['ko-KR'], 'en')).to.equal('zh');
    expect(resolveLanguage('en', ['ko-KR'], 'zh')).to.equal('en');
  });

  it('automatic: Korean on a Korean system (the editor cannot be Korean), else the editor\'s language, else English', () => {
    expect(resolveLanguage('auto', ['ko-KR', 'en-US'], 'en')).to.equal('ko');
    expect(resolveLanguage('auto', ['ko'], 'zh')).to.equal('ko');
    expect(resolveLanguage('auto', ['en-US'], 'zh')).to.equal('zh');
    expect(resolveLanguage('auto', ['zh-CN'], 'en')).to.equal('en');
    expect(resolveLanguage('auto', ['fr-FR'], undefined)).to.equal('en');
    expect(resolveLanguage('auto', [], 'de')).to.equal('en');
  });

  it('a stored value that is not a language is automatic', () => {
    expect(parseLanguageChoice('ko')).to.equal('ko');
    for (const value of [undefined, null, '', 'kr', 'KO', 3, {}]) expect(parseLanguageChoice(value)).to.equal('auto');
  });

  it('translates from the shipped tables, a missing key falls back to English, then to the key', () => {
    expect(translate(tables, 'ko', 'common-billing.server.heading')).to.equal('결제 서버');
    expect(translate(tables, 'en', 'server.heading')).to.equal('Billing server');
    expect(translate(tables, 'zh', 'common-billing.language.label')).to.equal('面板语言');
    expect(translate({ en: { only: { here: 'English only' } }, ko: {} }, 'ko', 'common-billing.only.here')).to.equal('English only');
    expect(translate(tables, 'ko', 'common-billing.no.such.key')).to.equal('common-billing.no.such.key');
  });
});
