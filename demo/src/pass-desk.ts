import type { SandboxStoreSubscription, SandboxSubscriptionAction } from '../../assets/common-billing/protocol/sandbox';
import { PREMIUM_PASS_PRODUCT_ID } from '../../assets/samples/gas-station/game-rules';
import type { Notice } from '../../assets/samples/gas-station/gas-station-types';
import type { SandboxDesk } from './sandbox-desk';

const ACTIONS: readonly SandboxSubscriptionAction[] = ['renew', 'fail-recover', 'fail-expire', 'cancel', 'refund'];
const SCRIPTS: Record<SandboxStoreSubscription['script'], string> = {
  renew: 'renews normally',
  'fail-recover': 'next renewal fails, then recovers',
  'fail-expire': 'next renewal fails',
};

/**
 * The desk's premium pass controls: what the sandbox store's record says (its own clock), and
 * buttons that script the pass's life. The game itself learns the result only the way a real
 * game does: from the billing server's entitlements (see GasStationGame.refreshEntitlements).
 */
export class PassDesk {
  private current: SandboxStoreSubscription | null = null;

  constructor(
    private readonly doc: Document,
    private readonly desk: SandboxDesk,
    private readonly notify: (notice: Notice) => void,
    private readonly changed: () => void,
  ) {
    for (const action of ACTIONS) {
      this.button(action).addEventListener('click', () => void this.act(action));
    }
  }

  /** Reads the store's record again and shows it. */
  async refresh(): Promise<void> {
    this.current = await this.desk.subscription(PREMIUM_PASS_PRODUCT_ID);
    this.render();
  }

  private async act(action: SandboxSubscriptionAction): Promise<void> {
    if (!this.current) return;
    try {
      this.current = await this.desk.script(this.current.purchaseToken, action);
      this.notify({ kind: 'info', text: `Store desk: premium pass ${action.replace('-', ' then ')}.` });
    } catch (error) {
      this.notify({ kind: 'error', text: `The store could not do that: ${error instanceof Error ? error.message : String(error)}` });
    }
    this.render();
    this.changed();
  }

  private render(): void {
    const s = this.current;
    const text = (id: string) => this.doc.querySelector(`[data-testid="${id}"]`) as HTMLElement;
    text('desk-pass-state').textContent = s ? s.state : 'none';
    text('desk-pass-state').dataset.state = s?.state ?? 'NONE';
    if (s) {
      text('desk-period').textContent = String(Math.round(s.periodMs / 1000));
      const end = s.retryEnd ?? s.periodEnd;
      const left = Math.max(0, Math.round((end - s.now) / 1000));
      const final = s.state === 'EXPIRED' || s.state === 'REVOKED';
      text('desk-pass-detail').textContent = final ? `· ${s.renewals} renewal(s)` : `· ${SCRIPTS[s.script]} · ${s.renewals} renewal(s) · next step in ${left} s (store clock)`;
      text('desk-pass-detail').dataset.renewals = String(s.renewals);
    } else {
      text('desk-pass-detail').textContent = '· buy the pass to script it';
    }
    const final = !s || s.state === 'EXPIRED' || s.state === 'REVOKED';
    for (const action of ACTIONS) this.button(action).disabled = final;
  }

  private button(action: SandboxSubscriptionAction): HTMLButtonElement {
    return this.doc.querySelector(`[data-testid="desk-pass-${action}"]`) as HTMLButtonElement;
  }
}
