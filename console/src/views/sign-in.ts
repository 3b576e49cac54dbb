import type { ConsoleApi } from '../api';
import type { SessionInfo } from '../../../server/src/console/api-schemas';
import { h } from '../dom';
import { t } from '../i18n';
import { errorBox } from './common';

/** The sign-in form; resolves through `onSignedIn` once the server accepts the password. */
export function signInView(api: ConsoleApi, onSignedIn: (info: SessionInfo) => void): HTMLElement {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'signin-email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'signin-password' });
  const status = h('div', { class: 'form-status', role: 'alert' });
  const form = h('form', { class: 'signin card' },
    h('h1', {}, t('signIn.title')),
    h('label', { for: 'signin-email' }, t('signIn.email')), email,
    h('label', { for: 'signin-password' }, t('signIn.password')), password,
    h('button', { type: 'submit', class: 'primary' }, t('signIn.submit')),
    status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    status.replaceChildren();
    api.signIn(email.value, password.value).then(onSignedIn, (err: unknown) => status.replaceChildren(errorBox(err)));
  });
  return h('main', { class: 'signin-page' }, form);
}
