import type { CommonBillingApi } from 'db://common-billing/core/types';
import type { EntitlementsAnswer, GameSave, PremiumPass } from './game-rules';

/** What the game reports and what it needs: shared by the game, its views (Cocos and web) and tests. */

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';
export interface Notice {
  kind: NoticeKind;
  text: string;
  purchaseId?: string;
}

export interface PendingPurchase {
  purchaseId: string;
  productId: string;
}

export interface GasStationState {
  save: GameSave;
  tripsLeft: number;
  kmPerLitre: number;
  /** False until login finished; the shop buttons stay disabled before. */
  shopOpen: boolean;
  /** The product whose purchase or delivery is in flight (one at a time keeps the sample simple). */
  buying: string | null;
  pending: PendingPurchase[];
  prices: Record<string, string>;
  /** The premium pass as the billing server last said (null before the first answer). */
  premium: PremiumPass | null;
}

export interface GasStationView {
  render(state: GasStationState): void;
  notify(notice: Notice): void;
}

/** What the game needs from CommonBilling once it is initialized with `game.listener`. */
export type BillingForGame = Pick<CommonBillingApi, 'login' | 'purchase' | 'consume' | 'confirmDelivered' | 'restore'> & {
  /** What the player has now, by the server's clock (the premium pass). */
  getEntitlements(): Promise<EntitlementsAnswer>;
};

/**
 * Asks YOUR game server for a fresh login token for the signed-in player (docs/integration.md).
 * Tokens live minutes, so one is fetched per login. The sandbox-only demo app needs none.
 */
export type LoginTokenSource = (userKey: string) => Promise<string | undefined>;
