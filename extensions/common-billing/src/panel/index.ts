import { readFileSync } from 'fs';
import { join } from 'path';
import { PanelController, type PanelServer, type PanelStorage } from './controller';
import { PanelView } from './view';
import { parseLanguageChoice, resolveLanguage, translate, type I18nTable, type LanguageChoice, type PanelLanguage } from './language';
import { webRandomBytes, type StoredKeyStatus } from '../settings/data-key';
import { unwrap, type Settled } from '../server/result';
import type { ConnectionReport } from '../server/billing-server-client';

/**
 * The dockable panel (COCOS.md §1): template and style from static/, state in the project
 * profile (`config`, shared through VCS) and the local editor profile (`dataKeys`, never
 * shared), HTTP and key sealing (Node crypto) through the extension's main process. Everything else is PanelController.
 */
const NAME = 'common-billing';
const staticFile = (path: string) => readFileSync(join(__dirname, '..', 'static', path), 'utf8');

const storage: PanelStorage = {
  loadSettings: () => Editor.Profile.getProject(NAME, 'config'),
  saveSettings: (settings) => Editor.Profile.setProject(NAME, 'config', settings),
  loadDataKeys: () => Editor.Profile.getConfig(NAME, 'dataKeys', 'local'),
  saveDataKeys: (keys) => Editor.Profile.setConfig(NAME, 'dataKeys', keys, 'local'),
};

const server: PanelServer = {
  async testConnection(serverUrl, appKey, markets) {
    return unwrap<ConnectionReport>(await Editor.Message.request(NAME, 'test-connection', serverUrl, appKey, markets) as Settled<ConnectionReport>);
  },
  async registerDataKey(serverUrl, appKey, adminToken, dataKey) {
    unwrap<void>(await Editor.Message.request(NAME, 'register-data-key', serverUrl, appKey, adminToken, dataKey) as Settled<void>);
  },
  async sealPublicKey(plainKey, dataKey, appKey, market) {
    return unwrap<string>(await Editor.Message.request(NAME, 'seal-public-key', plainKey, dataKey, appKey, market) as Settled<string>);
  },
  async publicKeyStatus(encrypted, dataKey, appKey, market) {
    return unwrap<StoredKeyStatus>(await Editor.Message.request(NAME, 'public-key-status', encrypted, dataKey ?? null, appKey, market) as Settled<StoredKeyStatus>);
  },
};

/* eslint-disable @typescript-eslint/no-require-imports -- the panel reads its own i18n tables from the extension folder (dist/../i18n), as the editor does */
const TABLES: Record<PanelLanguage, I18nTable> = { en: require('../i18n/en.js'), ko: require('../i18n/ko.js'), zh: require('../i18n/zh.js') };
/* eslint-enable @typescript-eslint/no-require-imports */

let view: PanelView | undefined;
let controller: PanelController | undefined;
let languageChoice: LanguageChoice = 'auto';

/** The language shown now (language.ts): the choice, else a Korean system, else the editor's. */
function panelLanguage(): PanelLanguage {
  const system = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  const editor = typeof Editor.I18n.getLanguage === 'function' ? Editor.I18n.getLanguage() : undefined;
  return resolveLanguage(languageChoice, system, editor);
}

module.exports = Editor.Panel.define({
  template: staticFile('template/default/index.html'),
  style: staticFile('style/default/index.css'),
  $: { root: '.cb-panel' },
  methods: {
    /** `config-changed`: the project settings changed on disk (a save, a VCS pull). */
    async reload() {
      if (!controller || !view) return;
      await controller.load();
      view.render();
    },
  },
  async ready() {
    const root = (this as unknown as { $: { root: HTMLElement } }).$.root;
    controller = new PanelController(storage, server, webRandomBytes);
    await controller.load();
    languageChoice = parseLanguageChoice(await Editor.Profile.getConfig(NAME, 'panelLanguage', 'local'));
    view = new PanelView(root, controller, {
      t: (key) => translate(TABLES, panelLanguage(), key),
      copy: (text) => Editor.Clipboard.write('text', text),
      languageChoice: () => languageChoice,
      async chooseLanguage(choice) {
        languageChoice = parseLanguageChoice(choice);
        await Editor.Profile.setConfig(NAME, 'panelLanguage', languageChoice, 'local');
      },
    });
    view.mount();
  },
  close() {
    view = undefined;
    controller = undefined;
  },
});
