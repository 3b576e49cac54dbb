import { expect } from 'chai';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { ADMIN_TOKEN, startHarness, type Harness } from './support/harness';
import { consoleSession, type ConsoleSession } from './support/console-session';
import { forEachEngine } from './support/engines';

/**
 * One named regression test per family of 500s the black-box fuzzer found (issue #20). Each
 * input must now answer a 4xx with a catalog code on both engines, and leave nothing behind.
 */
const NUL = 'a\u0000b';
const LONE_HIGH = 'x\uD800y';
const LONE_LOW = '\uDC00';

function deep(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

forEachEngine('input families that answered 500 (issue #20)', (engine) => {
  let h: Harness;
  let session: string;
  let purchaseId: string;
  let storeToken: string;
  let agent: ConsoleSession;

  before(async function () {
    this.timeout(30_000);
    h = await startHarness({ ...engine(), markets: defaultMarketRegistry });
    session = (await h.login('regress-1', {}, 'sandbox')).sessionToken;
    const r = await h.reserve(session, 'gas');
    purchaseId = r.purchaseId;
    const buy = await h.post('/v1/sandbox/purchases', { productId: 'gas', developerPayload: r.payload.developerPayload, outcome: 'pending' }, session);
    storeToken = buy.json().purchase.purchaseToken;
    agent = await consoleSession(h.app, h.tdb.db, h.clock.now);
  });
  after(async () => h?.close());

  const send = (o: InjectOptions) => h.app.inject(o);
  const sdk = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    send({ method, url, payload: payload as object, headers: { 'x-app-key': h.appKey, authorization: `Bearer ${session}` } });
  const consoleCall = (method: InjectOptions['method'], url: string, payload?: unknown) => send({ method, url, payload: payload as object, headers: agent.headers });
  const admin = (method: InjectOptions['method'], url: string, payload?: unknown) => send({ method, url, payload: payload as object, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

  function refused(res: LightMyRequestResponse, code = 'VALIDATION_FAILED'): void {
    expect(res.statusCode, res.body).to.equal(code === 'NOT_FOUND' ? 404 : 400);
    expect(res.json().error.code, res.body).to.equal(code);
  }

  describe('family 1: text with NUL or an unpaired surrogate', () => {
    it('sandbox purchase with a NUL or lone surrogate in developerPayload or productId', async () => {
      for (const bad of [NUL, LONE_HIGH, LONE_LOW]) {
        refused(await sdk('POST', '/v1/sandbox/purchases', { productId: 'gas', developerPayload: bad, outcome: 'approve' }));
        refused(await sdk('POST', '/v1/sandbox/purchases', { productId: bad, developerPayload: 'x', outcome: 'approve' }));
      }
      const rows = await h.tdb.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sandbox_store_purchases');
      expect(Number(rows?.n)).to.equal(1);
    });

    it('console note and admin app name with such text; a real emoji is still text', async () => {
      for (const bad of [NUL, LONE_HIGH]) {
        refused(await consoleCall('POST', `/console/api/purchases/${purchaseId}/notes`, { reason: `note ${bad}` }));
        refused(await admin('POST', '/v1/admin/apps', { name: `App ${bad}` }));
      }
      const ok = await admin('POST', '/v1/admin/apps', { name: 'Gas \u26fd \ud83d\ude97' });
      expect(ok.statusCode, ok.body).to.equal(200);
      const note = await consoleCall('POST', `/console/api/purchases/${purchaseId}/notes`, { reason: 'fine \ud83d\ude97 note' });
      expect(note.statusCode, note.body).to.equal(200);
    });

    it('notification bodies with such text, in values and in keys', async () => {
      for (const market of ['google-play', 'app-store', 'one-store']) {
        refused(await send({ method: 'POST', url: `/v1/notifications/${market}`, payload: { signedPayload: NUL } }));
        refused(await send({ method: 'POST', url: `/v1/notifications/${market}`, payload: { [LONE_HIGH]: 'x' } }));
      }
    });
  });

  describe('family 2: path parameters of the wrong shape', () => {
    it('console detail, notes and mark-delivered refuse a non-UUID purchase id', async () => {
      for (const id of ['abc', '%00', encodeURIComponent(NUL), `${purchaseId}x`, purchaseId.toUpperCase(), 'x'.repeat(150)]) {
        refused(await consoleCall('GET', `/console/api/purchases/${id}`));
        refused(await consoleCall('POST', `/console/api/purchases/${id}/notes`, { reason: 'a reason' }));
        refused(await consoleCall('POST', `/console/api/purchases/${id}/mark-delivered`, { reason: 'a reason' }));
      }
    });

    it('sandbox acknowledge, consume and resolve refuse a token that is not printable ASCII', async () => {
      for (const token of ['%00', '%ED%A0%80', 'a%20b', encodeURIComponent('t\u00e9')]) {
        for (const action of ['acknowledge', 'consume']) {
          const res = await sdk('POST', `/v1/sandbox/purchases/${token}/${action}`);
          expect(res.statusCode, `${token} ${action}: ${res.body}`).to.equal(400);
        }
        expect((await sdk('POST', `/v1/sandbox/purchases/${token}/resolve`, { outcome: 'approve' })).statusCode).to.equal(400);
      }
      // The real token still works.
      expect((await sdk('POST', `/v1/sandbox/purchases/${storeToken}/resolve`, { outcome: 'decline' })).statusCode).to.equal(200);
    });

    it('purchase routes and the user log refuse malformed ids', async () => {
      refused(await sdk('POST', '/v1/purchases/%00/finished'));
      refused(await sdk('POST', '/v1/purchases/not-a-uuid/consume', { paymentToken: 'x' }));
      refused(await send({ method: 'GET', url: '/v1/users/%00/purchases', headers: { authorization: `Bearer ${h.secretKey}` } }));
    });
  });

  describe('family 3: query strings with unexpected values', () => {
    it('console search: NUL, bad ids, repeated keys, forged cursors', async () => {
      for (const q of ['userKey=%00', 'purchaseId=abc', 'purchaseId=%00', 'orderId=a%00b', 'market=a&market=b', 'from=2026-02-31', 'to=9999-99-99', 'limit=0', 'limit=1e3',
        `cursor=${Buffer.from('[1e300,"x"]').toString('base64url')}`, `cursor=${Buffer.from('[1,"a\\u0000"]').toString('base64url')}`, 'cursor=%00', 'state=%ED%A0%80']) {
        const res = await consoleCall('GET', `/console/api/purchases?${q}`);
        expect(res.statusCode, `${q}: ${res.body}`).to.equal(400);
        expect((await consoleCall('GET', `/console/api/purchases.csv?${q.startsWith('cursor') || q.startsWith('limit') ? 'userKey=%00' : q}`)).statusCode, q).to.equal(400);
      }
    });

    it('console stats: impossible and hostile days', async () => {
      for (const q of ['from=2026-13-01', 'to=2026-02-30', 'to=1978-59-30', 'to=2026-00-10', 'from=%00', 'from=a&from=b', 'to=0000-01-01']) {
        const res = await consoleCall('GET', `/console/api/stats?${q}`);
        expect(res.statusCode, `${q}: ${res.body}`).to.equal(400);
      }
    });

    it('webhook deliveries list: purchaseId must be a purchase id', async () => {
      for (const q of ['purchaseId=%00', 'purchaseId=abc', `purchaseId=${purchaseId}&purchaseId=${purchaseId}`, 'purchaseId=', 'other=1']) {
        const res = await send({ method: 'GET', url: `/v1/lifecycle/webhook/deliveries?${q}`, headers: { authorization: `Bearer ${h.secretKey}` } });
        expect(res.statusCode, `${q}: ${res.body}`).to.equal(400);
      }
      const ok = await send({ method: 'GET', url: `/v1/lifecycle/webhook/deliveries?purchaseId=${purchaseId}`, headers: { authorization: `Bearer ${h.secretKey}` } });
      expect(ok.statusCode, ok.body).to.equal(200);
    });
  });

  describe('family 4: deeply nested or deeply placed JSON', () => {
    it('notification bodies beyond what each store sends answer 400 before any parser', async () => {
      for (const market of ['google-play', 'app-store', 'one-store', 'unknown-market']) {
        const res = await send({ method: 'POST', url: `/v1/notifications/${market}`, payload: deep(40) as object });
        expect(res.statusCode, res.body).to.equal(400);
      }
      // App Store sends {signedPayload} only: one level.
      const appStore = await send({ method: 'POST', url: '/v1/notifications/app-store', payload: { signedPayload: 'x', extra: { a: 1 } } });
      expect(appStore.json().error.code).to.equal('NOTIFICATION_MALFORMED');
      const json = '['.repeat(5000) + ']'.repeat(5000);
      const arrays = await send({ method: 'POST', url: '/v1/notifications/google-play', payload: json, headers: { 'content-type': 'application/json' } });
      expect(arrays.statusCode).to.equal(400);
    });

    it('admin market config nested past the bound answers 400 and stores nothing', async () => {
      refused(await admin('PUT', `/v1/admin/apps/${h.appKey}/markets/google-play`, { enabled: true, config: { a: deep(20) } }));
      refused(await admin('PUT', `/v1/admin/apps/${h.appKey}/markets/google-play`, { enabled: true, config: { [NUL]: 1 } }));
      const row = await h.tdb.db.get('SELECT market FROM app_markets WHERE app_key = ? AND market = ?', [h.appKey, 'google-play']);
      expect(row).to.equal(undefined);
    });
  });

  describe('family 5: paths that name an object property', () => {
    it('/console/constructor, /demo/__proto__ and friends are 404, not the 503 "not built" page', async () => {
      for (const prefix of ['/console', '/demo']) {
        for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
          const res = await send({ method: 'GET', url: `${prefix}/${name}` });
          expect(res.statusCode, `${prefix}/${name}`).to.equal(404);
          expect(res.json().error.code).to.equal('NOT_FOUND');
        }
      }
    });
  });
});
