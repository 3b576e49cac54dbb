import { expect } from 'chai';
import { SignedDataVerifier, Environment, VerificationException, VerificationStatus } from '@apple/app-store-server-library';
import { appStoreMarket } from '../../../server/src/markets/app-store';
import { buildJwsFixtures, type JwsFixtureSet } from '../../fixtures/stores/app-store-jws';
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

describe('app-store verifier agrees with Apple\u2019s SignedDataVerifier (differential)', () => {
  let set: JwsFixtureSet;
  before(async () => {
    set = await buildJwsFixtures();
  });

  it('reaches the expected verdict on every fixture, and accepts exactly what Apple accepts', async () => {
    const { ctx } = testContext(Date.now());
    // SANDBOX with the test root and online checks off: the real signature path (never LOCAL_TESTING/XCODE).
    const apple = new SignedDataVerifier([set.trustedRootDer], false, Environment.SANDBOX, set.bundleId);
    const ours = appStoreMarket.create({ bundleId: set.bundleId, environment: 'Sandbox', rootCertificates: [set.trustedRootPem] }, ctx).verifier;
    const table: string[] = [];
    for (const f of set.fixtures) {
      const appleSays = await appleVerdict(apple, f.jws);
      const oursSays = await ours.verify({ signedTransaction: f.jws }).then(() => 'OK', (e: { code?: string }) => e.code ?? String(e));
      table.push(`${f.name}: ours=${oursSays} (want ${f.ours}) apple=${appleSays} (want ${f.apple})`);
      if ((oursSays === 'OK') !== (appleSays === 'OK')) table.push(`ACCEPTANCE DIFFERS on ${f.name}`);
    }
    const wrong = table.filter((line) => !/ours=(\S+) \(want \1\) apple=(\S+) \(want \2\)$/.test(line));
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
    expect(set.fixtures.filter((f) => f.ours !== 'OK').length).to.be.at.least(25);
  });
});
