import type { Scenario } from '../types';

export const sandboxInProduction: Scenario = {
  id: 'sandbox-in-production',
  title: 'Sandbox purchase in a production app',
  market: 'app-store',
  description: 'A Production App Store app receives a Sandbox transaction (App Review, TestFlight) and a Production one.',
  guards: 'App Review unable to buy (app rejected), or sandbox purchases counted as revenue. STORES.md §2 (environments); tests/lifecycle/apple-environments.spec.ts.',
  expected: 'Sandbox: VERIFIED, environment sandbox, test; Production: VERIFIED, production, not test',
  async run({ app, stores }) {
    const apple = await stores.appStore();
    const user = await app.login(app.user('apple-env'), 'app-store');
    const outcomes: Array<{ state: string; environment?: string; test?: boolean }> = [];
    for (const environment of ['Sandbox', 'Production'] as const) {
      const reservation = await user.reserve();
      const tx = apple.purchase({ productId: reservation.marketProductId, appAccountToken: (reservation.payload as { appAccountToken?: string }).appAccountToken, environment });
      const answer = await user.submit({ signedTransaction: tx.signedTransaction }, 'app-store');
      const p = answer.body.purchase;
      outcomes.push(p ? { state: p.state, environment: p.environment, test: p.test } : { state: answer.code ?? 'refused' });
    }
    const [sandbox, production] = outcomes;
    const describe = (o: (typeof outcomes)[number]) => (o.environment ? `${o.state}, ${o.environment}, ${o.test ? 'test' : 'not test'}` : o.state);
    const pass = sandbox!.state === 'VERIFIED' && sandbox!.test === true && sandbox!.environment === 'sandbox'
      && production!.state === 'VERIFIED' && production!.test === false && production!.environment === 'production';
    return { observed: `Sandbox: ${describe(sandbox!)}; Production: ${describe(production!)}`, pass };
  },
};
