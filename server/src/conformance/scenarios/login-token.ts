import type { Scenario } from '../types';

export const loginToken: Scenario = {
  id: 'login-token',
  title: 'Login only with the game server\u2019s token',
  market: 'sandbox',
  description: 'A client logs in as a user without a login token, with another user\u2019s token, with an expired token and with a token made with a wrong secret; then with a valid one.',
  guards: 'Anyone who knows a user key opening that user\u2019s session (their purchases, their unfinished deliveries). docs/security.md "player identity"; tests/server login-token suites.',
  expected: 'LOGIN_TOKEN_REQUIRED, LOGIN_TOKEN_INVALID, LOGIN_TOKEN_EXPIRED, LOGIN_TOKEN_INVALID; then a session',
  async run({ app }) {
    const userKey = app.user('login');
    const other = app.user('login-other');
    const attempt = (loginToken?: string) =>
      app.http.call<{ sessionToken?: string }>('POST', '/v1/sessions', { body: { market: 'sandbox', userKey, ...(loginToken ? { loginToken } : {}) }, headers: { 'x-app-key': app.appKey } });
    const exp = Math.floor(Date.now() / 1000) + 600;
    const answers = [
      await attempt(),
      await attempt(app.loginToken(other)),
      await attempt(app.loginToken(userKey, -120)),
      await attempt(`v1.${exp}.${'A'.repeat(43)}`),
    ];
    const valid = await attempt(app.loginToken(userKey));
    const codes = answers.map((a) => a.code ?? 'accepted');
    const expected = ['LOGIN_TOKEN_REQUIRED', 'LOGIN_TOKEN_INVALID', 'LOGIN_TOKEN_EXPIRED', 'LOGIN_TOKEN_INVALID'];
    const observed = `${codes.join(', ')}; valid token ${valid.body.sessionToken ? 'opens a session' : valid.code}`;
    return { observed, pass: codes.every((c, i) => c === expected[i]) && typeof valid.body.sessionToken === 'string' };
  },
};
