import type { PublicProduct, SandboxOutcomeChooser } from '../../assets/common-billing/core/types';
import { formatPrice } from '../../assets/samples/gas-station/gas-station-game';

type Outcome = Awaited<ReturnType<SandboxOutcomeChooser>>;
const OUTCOMES: readonly Outcome[] = ['approve', 'cancel', 'pending', 'fail', 'duplicate'];

/**
 * The sandbox store's purchase sheet: the SDK's sandbox market asks it how each purchase
 * should go, the way a real store's sheet asks the player to pay. Closing it (Esc) cancels.
 */
export function createStoreDialog(doc: Document): SandboxOutcomeChooser {
  const dialog = doc.querySelector<HTMLDialogElement>('[data-testid="store-dialog"]');
  if (!dialog) throw new Error('The page has no store dialog');
  const productName = dialog.querySelector('[data-testid="store-product"]') as HTMLElement;
  const productPrice = dialog.querySelector('[data-testid="store-price"]') as HTMLElement;

  return (product: PublicProduct) => new Promise<Outcome>((resolve) => {
    productName.textContent = product.title || product.productId;
    productPrice.textContent = formatPrice(product);
    dialog.returnValue = '';
    dialog.addEventListener('close', () => {
      const chosen = OUTCOMES.find((o) => o === dialog.returnValue);
      resolve(chosen ?? 'cancel');
    }, { once: true });
    dialog.showModal();
  });
}
