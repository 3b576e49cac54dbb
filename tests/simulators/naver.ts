import { generateRsaLicenceKey, signText, type RsaLicenceKey } from './keys';

/**
 * Naver App Store (NIAP v2, legacy): no server API is known, so this "simulator" is a key
 * pair and a signer: SHA1withRSA over `originalPurchaseAsJsonText` (field names from the NIAP
 * `Purchase` getters; the exact raw JSON is not documented — see the verifier's notes).
 */
export class NaverSimulator {
  readonly key: RsaLicenceKey;
  private seq = 1000013000;

  constructor(readonly packageName: string, readonly now: () => number = Date.now, bits = 1024) {
    this.key = generateRsaLicenceKey(bits);
  }

  get licenceKey(): string {
    return this.key.licenceKey;
  }

  marketConfig(extra: { allowTestPurchases?: boolean } = {}) {
    return { packageName: this.packageName, licenceKey: this.licenceKey, ...extra };
  }

  purchase(input: { productCode: string; developerPayload?: string; environment?: string }) {
    this.seq += 1;
    const data = {
      paymentSeq: `NP${this.seq}`,
      purchaseToken: `nvr-${this.seq}-${Math.random().toString(36).slice(2)}`,
      purchaseType: 'ITEM',
      environment: input.environment ?? 'REAL',
      packageName: this.packageName,
      appName: 'Example Game',
      productCode: input.productCode,
      paymentTime: this.now(),
      developerPayload: input.developerPayload ?? '',
      nonce: Math.floor(Math.random() * 1e9),
    };
    const originalJson = JSON.stringify(data);
    return { originalJson, signature: this.sign(originalJson), paymentSeq: data.paymentSeq };
  }

  sign(text: string): string {
    return signText(text, this.key.privateKey, 'sha1');
  }
}
