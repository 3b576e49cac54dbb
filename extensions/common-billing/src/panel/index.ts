import { readFileSync } from 'fs';
import { join } from 'path';
import { PanelController, type PanelServer, type PanelStorage } from './controller';
import { PanelView } from './view';
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

let view: PanelView | undefined;
let controller: PanelController | undefined;

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
    view = new PanelView(root, controller, {
      t: (key) => Editor.I18n.t(key),
      copy: (text) => Editor.Clipboard.write('text', text),
    });
    view.mount();
  },
  close() {
    view = undefined;
    controller = undefined;
  },
});
