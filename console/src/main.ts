import { ConsoleApi } from './api';
import { ConsoleApp } from './app';
import { initLang } from './i18n';

/** Entry point of the bundle. index.html names the API base in `data-api` (default /console/api). */
initLang(window.localStorage, navigator.language);
const root = document.getElementById('app');
if (root) void new ConsoleApp(root, new ConsoleApi(root.dataset.api ?? '/console/api'), window).start();
