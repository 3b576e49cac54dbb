import { PURCHASE_ID_PATTERN } from '../../../../assets/common-billing/protocol/common';
import { recordUnbound } from '../../domain/claims';
import type { VerifiedReceipt } from '../../markets/types';
import { findPurchase } from '../../storage/repos/purchases';
import type { IntakeContext } from './types';

const UUID = new RegExp(PURCHASE_ID_PATTERN);

/**
 * A store-signed purchase we have no row for (Apple ONE_TIME_CHARGE of a promoted in-app
 * purchase or an offer code): recorded UNCLAIMED, for the player's device or the game server
 * to claim. One whose appAccountToken names a reservation of ours is left to the device's
 * receipt (the notification can come first); nothing is recorded for it here.
 */
export async function recordUnclaimedFromNotification(ctx: IntakeContext, appKey: string, tx: VerifiedReceipt): Promise<{ status: 'processed' | 'unmatched'; code?: string; purchaseId?: string }> {
  if (tx.state !== 'PURCHASED') return { status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' };
  const token = tx.binding.appAccountToken?.toLowerCase();
  if (token && UUID.test(token) && (await findPurchase(ctx.billing.db, token))) return { status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' };
  const outcome = await ctx.billing.db.write((w) => recordUnbound(ctx.billing, w, appKey, tx, 'notification'));
  if ('rejected' in outcome) return { status: 'unmatched', code: outcome.rejected };
  return { status: 'processed', purchaseId: outcome.row.purchase_id };
}
