import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { PurchaseState, Environment } from '../../../assets/common-billing/protocol/common';
import { bindingTokenPurchaseId } from '../domain/tokens';
import type { Feature } from '../features';
import { marketIds } from '../markets/registry';
import { createAccount, findAccountByEmail } from './accounts';
import type { ConsoleDeps } from './deps';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from './queues';
import { actionRoutes } from './routes-actions';
import { authRoutes } from './routes-auth';
import { readRoutes } from './routes-read';
import { subscriptionRoutes } from './routes-subscriptions';
import type { PayloadDecoder } from './search';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './sessions';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from './sign-in-limiter';
import { consoleStaticFiles, DEFAULT_CONSOLE_DIST } from './static-files';

export interface ConsoleFeatureOptions {
  /** Folder with the built UI; default `<repo>/dist/console`. */
  distDir?: string;
  sessionPolicy?: SessionPolicy;
  signInLimits?: SignInLimits;
  deadlinePolicy?: DeadlinePolicy;
  /** Market ids offered in the search form; default: the server's market registry. */
  markets?: () => string[];
  decodePayload?: PayloadDecoder;
}

export const DEMO_CONSOLE_EMAIL = 'support@demo.local';

const literals = (schema: { anyOf: { const: string }[] }) => schema.anyOf.map((s) => s.const);

/**
 * The support console (issue #7): the UI under `/console/` and its API under `/console/api/`.
 * Reads `app.billing` (database, clock) from the core; everything else has defaults.
 */
export function consoleFeature(options: ConsoleFeatureOptions = {}): Feature {
  async function plugin(app: FastifyInstance): Promise<void> {
    if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
    const now = () => app.billing.now();
    const deps: ConsoleDeps = {
      db: app.billing.db,
      now,
      billing: app.billing,
      sessionPolicy: options.sessionPolicy ?? DEFAULT_SESSION_POLICY,
      limiter: new SignInLimiter(options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS, app.billing.db, now),
      deadlinePolicy: options.deadlinePolicy ?? DEFAULT_DEADLINE_POLICY,
      decodePayload: options.decodePayload ?? bindingTokenPurchaseId,
      filters: () => ({
        markets: (options.markets ?? marketIds)(),
        states: literals(PurchaseState as unknown as { anyOf: { const: string }[] }),
        environments: literals(Environment as unknown as { anyOf: { const: string }[] }),
      }),
    };
    await app.register(authRoutes, deps);
    await app.register(readRoutes, deps);
    await app.register(subscriptionRoutes, deps);
    await app.register(actionRoutes, deps);
    await app.register(consoleStaticFiles, { distDir: options.distDir ?? DEFAULT_CONSOLE_DIST });
  }
  return {
    name: 'console',
    plugin,
    /** Creates the demo support account once and prints its password that one time. */
    async seedDemo(ctx) {
      const { db, now } = ctx.billing;
      if (await findAccountByEmail(db, DEMO_CONSOLE_EMAIL)) return;
      const password = randomBytes(12).toString('base64url');
      await createAccount(db, { email: DEMO_CONSOLE_EMAIL, password, role: 'admin' }, now());
      ctx.log.info({ console: `${ctx.baseUrl}/console/`, email: DEMO_CONSOLE_EMAIL }, 'support console demo account created');
      // Printed to stdout on purpose: this is the only time the password is shown.
      console.log(`\n  Support console: ${ctx.baseUrl}/console/\n  sign in as ${DEMO_CONSOLE_EMAIL} / ${password} (admin; shown once)\n`);
    },
  };
}
