import { expect } from 'chai';
import { SignedDataVerifier, Environment, VerificationException, VerificationStatus } from '@apple/app-store-server-library';
import { appStoreMarket } from '../../../server/src/markets/app-store';
import type { ReceiptVerifier } from '../../../server/src/markets/types';
import { buildJwsMaterial, JWS_BUNDLE_ID, JWS_FIXTURES, type JwsMaterial } from '../../fixtures/stores/app-store-jws';
import { signEs256Jws } from '../../simulators/jws';
import { testContext } from './support';

/** Apple's verdict on one JWS, as a VerificationStatus name. */
async function appleVerdict(verifier: SignedDataVerifier, jws: string): Promise<string> {
  try {
    await verifier.verifyAndDecodeTransaction(jws);
    return 'OK';
  } catch (err) {
    if (err instanceof VerificationException) return VerificationStatus[err.status];
    throw err;
  }
}

async function ourVerdict(verifier: ReceiptVerifier, jws: string): Promise<string> {
  return verifier.verify({ signedTransaction: jws }).then(() => 'OK', (e: { code?: string }) => e.code ?? String(e));
}

describe('app-store verifier agrees with Apple\u2019s SignedDataVerifier (differential)', () => {
  let material: JwsMaterial;
  let apple: SignedDataVerifier;
  let ours: ReceiptVerifier;

  before(async () => {
    material = await buildJwsMaterial();
    // SANDBOX with the test root and online checks off: the real signature path (never LOCAL_TESTING/XCODE).
    apple = new SignedDataVerifier([material.pki.rootDer], false, Environment.SANDBOX, JWS_BUNDLE_ID);
    const { ctx } = testContext(material.at);
    ours = appStoreMarket.create({ bundleId: JWS_BUNDLE_ID, environment: 'Sandbox', rootCertificates: [material.pki.rootPem] }, ctx).verifier;
  });

  it('covers at least 25 attack fixtures', () => {
    expect(JWS_FIXTURES.filter((f) => f.ours !== 'OK').length).to.be.at.least(25);
  });

  for (const fixture of JWS_FIXTURES) {
    it(`${fixture.name}: ours ${fixture.ours}, Apple ${fixture.apple}`, async () => {
      const jws = fixture.build(material);
      const verdicts = { ours: await ourVerdict(ours, jws), apple: await appleVerdict(apple, jws) };
      expect(verdicts).to.deep.equal({ ours: fixture.ours, apple: fixture.apple });
    });
  }
});

describe('app-store verifier agrees with SignedDataVerifier in PRODUCTION (test root, online checks off)', () => {
  let material: JwsMaterial;
  let apple: SignedDataVerifier;
  let ours: ReceiptVerifier;

  before(async () => {
    material = await buildJwsMaterial();
    apple = new SignedDataVerifier([material.pki.rootDer], false, Environment.PRODUCTION, JWS_BUNDLE_ID, 1234567890);
    const { ctx } = testContext(material.at);
    ours = appStoreMarket.create({ bundleId: JWS_BUNDLE_ID, environment: 'Production', rootCertificates: [material.pki.rootPem], appAppleId: 1234567890 }, ctx).verifier;
  });

  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a Production transaction', { environment: 'Production' }, 'OK', 'OK'],
    // Deliberately different (issue #14): Apple's guidance for App Review is to accept a Sandbox
    // transaction of the bundle on a Production server (as a test purchase); its verifier does not.
    ['a Sandbox transaction sent to production (App Review)', { environment: 'Sandbox' }, 'OK', 'INVALID_ENVIRONMENT'],
  ];
  for (const [name, over, oursWant, appleWant] of cases) {
    it(`${name}: ours ${oursWant}, Apple ${appleWant}`, async () => {
      const jws = signEs256Jws(material.tx(over), material.pki.leafKey, { x5c: material.pki.x5c });
      expect({ ours: await ourVerdict(ours, jws), apple: await appleVerdict(apple, jws) }).to.deep.equal({ ours: oursWant, apple: appleWant });
    });
  }

  it('refuses the Sandbox transaction like Apple when the operator turned sandbox off, and flags it test otherwise', async () => {
    const jws = signEs256Jws(material.tx({ environment: 'Sandbox' }), material.pki.leafKey, { x5c: material.pki.x5c });
    const { ctx } = testContext(material.at);
    const strict = appStoreMarket.create({ bundleId: JWS_BUNDLE_ID, environment: 'Production', acceptSandbox: false, rootCertificates: [material.pki.rootPem], appAppleId: 1234567890 }, ctx).verifier;
    expect(await ourVerdict(strict, jws)).to.equal('RECEIPT_ENVIRONMENT_MISMATCH');
    expect(await ours.verify({ signedTransaction: jws })).to.include({ environment: 'sandbox', test: true });
  });

  it('reports a Production purchase as real revenue (not test)', async () => {
    const jws = signEs256Jws(material.tx({ environment: 'Production' }), material.pki.leafKey, { x5c: material.pki.x5c });
    expect(await ours.verify({ signedTransaction: jws })).to.include({ environment: 'production', test: false });
  });
});
