import type { SandboxReceiptData } from '../../assets/common-billing/protocol/sandbox';
import { generateRsaLicenceKey, signText, type RsaLicenceKey } from './keys';

/**
 * Sandbox receipts as the sandbox store issues them: base64 RSASSA-PKCS1-v1_5 SHA-256 over the
 * exact UTF-8 JSON. The real issuer is the server's sandbox store; this helper lets verifier and
 * route tests mint receipts (and forgeries) without it.
 */
export class SandboxReceiptSigner {
  readonly key: RsaLicenceKey;

  constructor(readonly packageName: string, key: RsaLicenceKey = generateRsaLicenceKey()) {
    this.key = key;
  }

  /** `sandbox` market configuration for this signer. */
  marketConfig() {
    return { publicKeyPem: this.key.publicKeyPem, privateKeyPem: this.key.privateKeyPem, packageName: this.packageName };
  }

  receipt(fields: Partial<SandboxReceiptData> & Pick<SandboxReceiptData, 'productId' | 'developerPayload'>, now = Date.now()) {
    const data: SandboxReceiptData = {
      orderId: `SANDBOX.${now}.${Math.random().toString(36).slice(2, 10)}`,
      packageName: this.packageName,
      purchaseTime: now,
      purchaseState: 0,
      purchaseToken: `sbx-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
      quantity: 1,
      ...fields,
    };
    const originalJson = JSON.stringify(data);
    return { originalJson, signature: this.sign(originalJson), data };
  }

  sign(text: string): string {
    return signText(text, this.key.privateKey, 'sha256');
  }
}
