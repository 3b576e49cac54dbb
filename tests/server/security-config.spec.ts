import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { syncConfigApps } from '../../server/src/config/sync-apps';
import { ServerKeys } from '../../server/src/domain/keys';
import { forEachEngine, freshDatabase, type TestDatabase } from './support/engines';
import { ADMIN_TOKEN, startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

const SECRET = `cbsk_${randomBytes(32).toString('base64url')}`;

/** Issue #13: unsafe settings are refused wherever they are saved (config file, admin API). */
forEachEngine('security settings are checked when saved', (engine) => {
  let tdb: TestDatabase | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await tdb?.drop();
    await h?.close();
    tdb = undefined;
    h = undefined;
  });

  it('the config file: tokens off needs sandboxOnly, a sandbox-only app enables no real store, notificationAuth must fit its market', async () => {
    tdb = await freshDatabase(engine().engine, engine().pgUrl);
    const keys = new ServerKeys(randomBytes(32));
    const sync = (app: Record<string, unknown>) => syncConfigApps(tdb!.db, keys, [{ appKey: 'cfg-app', name: 'Cfg', secretKey: SECRET, ...app }], Date.now()).catch((e: unknown) => e);
    expect(await sync({ loginToken: 'off' })).to.include({ code: 'VALIDATION_FAILED' });
    expect(await sync({ sandboxOnly: true, markets: { 'google-play': { enabled: true, config: { packageName: 'p' } } } })).to.include({ code: 'VALIDATION_FAILED' });
    expect(await sync({ markets: { 'google-play': { enabled: true, config: { packageName: 'p', notificationAuth: { mode: 'pubsub-oidc', audience: 'a' } } } } })).to.include({ code: 'VALIDATION_FAILED' });
    expect(await sync({ markets: { 'one-store': { enabled: true, config: { notificationAuth: { mode: 'pubsub-oidc', audience: 'a', serviceAccountEmail: 'x@y' } } } } })).to.include({ code: 'VALIDATION_FAILED' });
    expect(await tdb.db.get('SELECT app_key FROM apps WHERE app_key = ?', ['cfg-app'])).to.equal(undefined);
    expect(await sync({ sandboxOnly: true, loginToken: 'off', legacyUserSignatureUntil: '2027-01-01T00:00:00Z' })).to.equal(undefined);
    expect(await tdb.db.get('SELECT login_token_required, sandbox_only, legacy_signature_until FROM apps WHERE app_key = ?', ['cfg-app']))
      .to.deep.equal({ login_token_required: 0, sandbox_only: 1, legacy_signature_until: Date.parse('2027-01-01T00:00:00Z') });
  });

  it('the admin API refuses a notificationAuth that does not fit the market', async () => {
    h = await startHarness(engine());
    const put = (config: Record<string, unknown>) => h!.app.inject({
      method: 'PUT', url: `/v1/admin/apps/${h!.appKey}/markets/${TEST_MARKET}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { enabled: true, config },
    });
    const res = await put({ packageName: 'p', secret: 's', notificationAuth: { mode: 'unauthenticated' } });
    expect([res.statusCode, res.json().error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    const shown = await h.app.inject({ method: 'GET', url: `/v1/admin/apps/${h.appKey}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(shown.json()).to.include({ loginToken: 'required', sandboxOnly: false, legacySignatureUntil: null });
  });
});
