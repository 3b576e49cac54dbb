import type { CreateSessionBody, CreateSessionResponse } from '../../../assets/common-billing/protocol/api';
import { listProducts, toProduct } from '../storage/repos/products';
import { listUnfinished } from '../storage/repos/purchases';
import { toPurchase } from '../storage/repos/rows';
import type { AppRow } from '../storage/repos/apps';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { SANDBOX_MARKET } from './apps';
import { checkPlayerIdentity } from './login-token';
import type { BillingContext } from './context';
import { issueSessionToken } from './tokens';
import { withPaymentToken } from './purchase-view';

export async function createSession(ctx: BillingContext, app: AppRow, body: CreateSessionBody): Promise<CreateSessionResponse> {
  if (Number(app.sandbox_only) === 1 && body.market !== SANDBOX_MARKET) {
    throw new BillingError('MARKET_NOT_ENABLED', 'This app is sandbox-only.', { details: { market: body.market } });
  }
  await ctx.markets.requireEnabled(ctx.db, app.app_key, body.market);
  checkPlayerIdentity(ctx, app, body);
  const exp = ctx.now() + ctx.sessionTtlMs;
  const [products, unfinished] = await Promise.all([
    listProducts(ctx.db, app.app_key),
    listUnfinished(ctx.db, app.app_key, body.userKey, body.market),
  ]);
  return {
    sessionToken: issueSessionToken(ctx.keys, { appKey: app.app_key, userKey: body.userKey, market: body.market, exp }),
    expiresAt: new Date(exp).toISOString(),
    products: products.map((p) => toProduct(p, body.market)),
    marketKey: app.data_key,
    unfinished: unfinished.map((row) => withPaymentToken(ctx.keys, toPurchase(row))),
  };
}
