import type { CreateSessionBody, CreateSessionResponse } from '../../../assets/common-billing/protocol/api';
import { listProducts, toProduct } from '../storage/repos/products';
import { listUnfinished } from '../storage/repos/purchases';
import { toPurchase } from '../storage/repos/rows';
import type { AppRow } from '../storage/repos/apps';
import { checkUserSignature } from './auth';
import type { BillingContext } from './context';
import { issueSessionToken } from './tokens';
import { withPaymentToken } from './purchase-view';

export async function createSession(ctx: BillingContext, app: AppRow, body: CreateSessionBody): Promise<CreateSessionResponse> {
  await ctx.markets.requireEnabled(ctx.db, app.app_key, body.market);
  checkUserSignature(ctx, app, body.userKey, body.userSignature);
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
