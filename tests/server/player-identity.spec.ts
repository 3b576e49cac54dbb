import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createApp } from '../../server/src/domain/apps';
import { sandboxMarket } from '../../server/src/markets/sandbox';
import { legacyUserSignatureFor, loginTokenFor } from '../../server/src/domain/login-token';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

/** Issue #13: the game server vouches for its player with a short-lived login token. */
forEachEngine('player identity (login tokens)', (engine) => {
  let h: Harness;
  afterEach(async () => h?.close());
  const login = (body: Record<string, unknown>) => h.post('/v1/sessions', { market: TEST_MARKET, userKey: 'alice', ...body });
  const refused = async (body: Record<string, unknown>) => {
    const res = await login(body);
    return [res.statusCode, res.json().error?.code];
  };
  const nowS = () => Math.floor(h.clock.now / 1000);

  it('requires a token by default and refuses the app key alone, expired, far-future, other-user and other-app tokens', async () => {
    h = await startHarness(engine());
    expect(await refused({})).to.deep.equal([401, 'LOGIN_TOKEN_REQUIRED']);
    expect(await refused({ loginToken: loginTokenFor(h.secretKey, h.appKey, 'alice', nowS() - 120) })).to.deep.equal([401, 'LOGIN_TOKEN_EXPIRED']);
    expect(await refused({ loginToken: loginTokenFor(h.secretKey, h.appKey, 'alice', nowS() + 24 * 3600) })).to.deep.equal([401, 'LOGIN_TOKEN_EXPIRED']);
    expect(await refused({ loginToken: h.loginToken('bob') })).to.deep.equal([401, 'LOGIN_TOKEN_INVALID']);
    expect(await refused({ loginToken: loginTokenFor(h.secretKey, 'other-app', 'alice', nowS() + 600) })).to.deep.equal([401, 'LOGIN_TOKEN_INVALID']);
    const other = await createApp(h.tdb.db, h.keys, { appKey: 'other-app', name: 'Other' }, h.clock.now);
    expect(await refused({ loginToken: loginTokenFor(other.secretKey, h.appKey, 'alice', nowS() + 600) })).to.deep.equal([401, 'LOGIN_TOKEN_INVALID']);
    // An old static signature is refused when the operator set no migration window.
    expect(await refused({ userSignature: legacyUserSignatureFor(h.secretKey, 'alice') })).to.deep.equal([401, 'USER_SIGNATURE_INVALID']);
    const ok = await login({ loginToken: h.loginToken('alice') });
    expect(ok.statusCode, ok.body).to.equal(200);
  });

  it('accepts the token docs/integration.md\u2019s Node game-server snippet makes', async () => {
    h = await startHarness(engine());
    // The documented snippet, verbatim but for the clock.
    const exp = nowS() + 10 * 60;
    const mac = createHmac('sha256', h.secretKey).update(`cb-login-v1\n${h.appKey}\n${exp}\n${'alice'}`).digest('base64url');
    expect((await login({ loginToken: `v1.${exp}.${mac}` })).statusCode).to.equal(200);
  });

  it('accepts the legacy static signature only inside the operator\u2019s migration window', async () => {
    const until = Date.UTC(2026, 0, 2);
    h = await startHarness({ ...engine(), identity: { legacySignatureUntil: until } });
    const legacy = legacyUserSignatureFor(h.secretKey, 'alice');
    expect((await login({ userSignature: legacy })).statusCode).to.equal(200);
    // An old build that passes the signature where the token now goes is accepted too, in the window.
    expect((await login({ loginToken: legacy })).statusCode).to.equal(200);
    expect(await refused({ userSignature: legacyUserSignatureFor(h.secretKey, 'bob') })).to.deep.equal([401, 'USER_SIGNATURE_INVALID']);
    h.clock.now = until;
    expect(await refused({ userSignature: legacy })).to.deep.equal([401, 'USER_SIGNATURE_INVALID']);
    expect(await refused({ loginToken: legacy })).to.deep.equal([401, 'LOGIN_TOKEN_INVALID']);
  });

  it('lets only a sandbox-only app switch tokens off, and then only for the sandbox market', async () => {
    h = await startHarness(engine());
    const refusedApp = await createApp(h.tdb.db, h.keys, { appKey: 'open-app', name: 'Open', loginToken: 'off' }, h.clock.now).catch((e: unknown) => e);
    expect(refusedApp).to.include({ code: 'VALIDATION_FAILED' });
    await h.close();
    h = await startHarness({ ...engine(), extraMarkets: [sandboxMarket], identity: { sandboxOnly: true, loginToken: 'off' } });
    const sandbox = await h.post('/v1/sessions', { market: 'sandbox', userKey: 'alice' });
    expect(sandbox.statusCode, sandbox.body).to.equal(200);
    // The harness enabled the test market before: a sandbox-only app still refuses it at login.
    expect(await refused({})).to.deep.equal([400, 'MARKET_NOT_ENABLED']);
  });
});
