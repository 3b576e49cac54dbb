import { expect } from 'chai';
import type { PurchaseDetail, QueueResponse, SearchResponse, StatsResponse } from '../../server/src/console/api-schemas';
import { issueBindingToken } from '../../server/src/domain/tokens';
import { listUnfinished } from '../../server/src/storage/repos/purchases';
import type { EngineName } from '../../server/src/storage/types';
import { requirePostgres } from '../support/environment';
import { paidPurchase } from './support/fixtures';
import { ConsoleClient, errorCode } from './support/http-client';
import { APP_KEY, startConsoleServer, type ConsoleServer } from './support/console-server';
import { generatePurchase, insertPurchases, random } from './support/purchases';

const DAY = 86_400_000;

for (const engine of ['sqlite', 'postgres'] as EngineName[]) {
  describe(`console API on ${engine}: search, detail, actions, queues, stats, CSV`, function () {
    let server: ConsoleServer;
    let support: ConsoleClient;
    let admin: ConsoleClient;

    before(async function () {
      const pgUrl = engine === 'postgres' ? requirePostgres(this) : undefined;
      server = await startConsoleServer(engine, pgUrl);
      const rnd = random(7);
      await insertPurchases(server.db, Array.from({ length: 400 }, (_, i) => generatePurchase(i, rnd, APP_KEY, server.clock.now - DAY, 20, 40)));
      support = new ConsoleClient(server.baseUrl);
      await support.signIn('support@example.com', await server.account('support@example.com', 'support'));
      admin = new ConsoleClient(server.baseUrl);
      await admin.signIn('admin@example.com', await server.account('admin@example.com', 'admin'));
    });
    after(async () => server?.close());

    const search = async (query: string) => {
      const answer = await support.get(`/console/api/purchases?${query}`);
      expect(answer.status, answer.text).to.equal(200);
      return answer.body as SearchResponse;
    };

    it('finds one purchase by each identifier: user key, order id, store transaction id, token, purchase id, developer payload', async function () {
      const p = await paidPurchase(server.db, { userKey: 'vip-player-9', at: server.clock.now - 3600_000 });
      const payload = issueBindingToken(server.keys, { appKey: APP_KEY, userKey: 'vip-player-9', productId: 'gas', market: 'google-play', purchaseId: p.purchaseId, expiresAt: 1 });
      for (const query of [`userKey=vip-player-9`, `orderId=${p.storeTransactionId}`, `storeTransactionId=${p.storeTransactionId}`,
        `purchaseToken=${p.purchaseToken}`, `purchaseId=${p.purchaseId.toUpperCase()}`, `developerPayload=${payload}`]) {
        const result = await search(query);
        expect(result.items.map((r) => r.purchaseId), query).to.deep.equal([p.purchaseId]);
      }
      const [row] = (await search('userKey=vip-player-9')).items;
      expect(row).to.deep.include({ market: 'google-play', productId: 'gas', state: 'VERIFIED', amountMicros: 1_200_000_000, currency: 'KRW', storeFinished: false });
    });

    it('filters by market, state, environment and date range, newest first, and pages with a cursor without gaps or repeats', async function () {
      const from = new Date(server.clock.now - 10 * DAY).toISOString().slice(0, 10);
      const to = new Date(server.clock.now - 3 * DAY).toISOString().slice(0, 10);
      const seen: SearchResponse['items'] = [];
      let cursor: string | null = null;
      do {
        const page: SearchResponse = await search(`market=google-play&state=CONSUMED&environment=production&from=${from}&to=${to}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      const rows = await server.db.all<{ purchase_id: string }>(
        `SELECT purchase_id FROM purchases WHERE market = 'google-play' AND state = 'CONSUMED' AND environment = 'production'
         AND created_at >= ? AND created_at < ? ORDER BY created_at DESC, purchase_id DESC`,
        [Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`) + DAY],
      );
      expect(rows.length).to.be.greaterThan(7);
      expect(seen.map((r) => r.purchaseId)).to.deep.equal(rows.map((r) => r.purchase_id));
      for (const r of seen) expect(r).to.include({ market: 'google-play', state: 'CONSUMED', environment: 'production' });
    });

    it('shows the detail: timeline from the core\u2019s events, verification outcome, receipt with the signature redacted', async function () {
      const p = await paidPurchase(server.db, { at: server.clock.now - 7200_000, consumed: true, storeFinished: true,
        decoded: { orderId: 'GPA.1', purchaseToken: 'tok', signature: 'SECRET-SIG', nested: { signedTransaction: 'abc' }, developerPayload: 'cb1.x' } });
      const answer = await support.get(`/console/api/purchases/${p.purchaseId}`);
      expect(answer.status).to.equal(200);
      const d = answer.body as PurchaseDetail;
      expect(d.timeline.map((e) => e.kind)).to.deep.equal(['reservation', 'verification', 'consume', 'store-finish']);
      expect(d.verification).to.deep.equal({ outcome: 'verified', errorCode: null });
      expect(d.receipt).to.deep.equal({ orderId: 'GPA.1', purchaseToken: 'tok', signature: '[redacted]', nested: { signedTransaction: '[redacted]' }, developerPayload: 'cb1.x' });
      expect(answer.text).not.to.include('SECRET-SIG');
      expect(d.purchase).to.include({ state: 'CONSUMED', storeFinished: true, developerPayload: 'cb1.x' });
      // What this agent may do to a CONSUMED purchase: support cannot refund, nobody can mark it delivered again.
      expect(d.actions).to.deep.equal(['redeliver', 'note']);
      expect(((await admin.get(`/console/api/purchases/${p.purchaseId}`)).body as PurchaseDetail).actions).to.deep.equal(['redeliver', 'refund', 'note']);

      // Store notifications and outbound webhooks about the purchase join the timeline.
      await server.db.write(async (tx) => {
        await tx.run(`INSERT INTO lifecycle_notifications (row_id, market, notification_id, app_key, kind, status, purchase_id, raw, received_at)
          VALUES ('n1', 'google-play', 'msg-1', ?, 'ONE_TIME_PRODUCT_PURCHASED', 'processed', ?, '{}', ?)`, [APP_KEY, p.purchaseId, server.clock.now - 7100_000]);
        await tx.run(`INSERT INTO lifecycle_webhook_events (event_id, source_event_id, app_key, purchase_id, type, payload, created_at, attempts, next_attempt_at, delivered_at)
          VALUES ('w1', 's1', ?, ?, 'purchase.consumed', '{}', ?, 2, ?, ?)`, [APP_KEY, p.purchaseId, server.clock.now - 7000_000, server.clock.now - 7000_000, server.clock.now - 6900_000]);
      });
      const again = (await support.get(`/console/api/purchases/${p.purchaseId}`)).body as PurchaseDetail;
      expect(again.timeline.slice(4).map((e) => [e.kind, e.summary])).to.deep.equal([
        ['notification', 'google-play ONE_TIME_PRODUCT_PURCHASED: processed'],
        ['webhook', 'purchase.consumed: delivered after 2 attempt(s)'],
      ]);
    });

    it('re-delivers a consumed purchase: back in the user\u2019s unfinished list, a webhook request row, audit with the reason', async function () {
      const p = await paidPurchase(server.db, { userKey: 'sad-player', at: server.clock.now - 7200_000, consumed: true, storeFinished: true });
      expect(await listUnfinished(server.db, APP_KEY, 'sad-player', 'google-play')).to.have.length(0);
      const answer = await support.post(`/console/api/purchases/${p.purchaseId}/redeliver`, { reason: 'ticket #4411: gas never arrived' });
      expect(answer.status, answer.text).to.equal(200);
      const unfinished = await listUnfinished(server.db, APP_KEY, 'sad-player', 'google-play');
      expect(unfinished.map((r) => [r.purchase_id, r.state, r.delivered_at])).to.deep.equal([[p.purchaseId, 'VERIFIED', null]]);
      const requests = await server.db.all<{ requested_by: string; reason: string; webhook_sent_at: number | null }>(
        'SELECT requested_by, reason, webhook_sent_at FROM console_redeliveries WHERE purchase_id = ?', [p.purchaseId]);
      expect(requests).to.deep.equal([{ requested_by: 'support@example.com', reason: 'ticket #4411: gas never arrived', webhook_sent_at: null }]);
      const d = (await support.get(`/console/api/purchases/${p.purchaseId}`)).body as PurchaseDetail;
      expect(d.purchase.redeliveryRequested).to.equal(true);
      expect(d.audit.map((a) => [a.actor, a.action, a.reason])).to.deep.equal([['support@example.com', 'redeliver', 'ticket #4411: gas never arrived']]);
      expect(d.audit[0]!.id).to.equal((answer.body as { auditId: number }).auditId);
      expect(d.timeline.filter((e) => e.kind === 'console').map((e) => e.summary)).to.deep.equal(['redeliver by support@example.com: ticket #4411: gas never arrived']);
    });

    it('marks delivered once (a second time is a CONFLICT), adds notes, and lets only an admin mark refunded', async function () {
      const p = await paidPurchase(server.db, { at: server.clock.now - 7200_000 });
      const url = (a: string) => `/console/api/purchases/${p.purchaseId}/${a}`;
      expect((await support.post(url('mark-delivered'), { reason: 'granted in game admin' })).status).to.equal(200);
      const again = await support.post(url('mark-delivered'), { reason: 'granted in game admin' });
      expect(again.status).to.equal(409);
      expect(errorCode(again)).to.equal('CONFLICT');
      expect((await support.post(url('notes'), { reason: 'player confirmed by mail' })).status).to.equal(200);
      expect((await support.post(url('refund'), { reason: 'refund' })).status).to.equal(403);
      expect((await admin.post(url('refund'), { reason: 'refunded by bank transfer' })).status).to.equal(200);
      const d = (await admin.get(`/console/api/purchases/${p.purchaseId}`)).body as PurchaseDetail;
      expect(d.purchase).to.include({ state: 'REVOKED', refundedByHand: true });
      expect(d.notes.map((n) => [n.author, n.text])).to.deep.equal([['support@example.com', 'player confirmed by mail']]);
      expect(d.audit.map((a) => a.action)).to.deep.equal(['mark-delivered', 'note', 'refund']);
      // Recorded in the store-lifecycle revoke columns too, so a reversal can restore it.
      const row = await server.db.get('SELECT revoked_from, revoke_reason, revoked_at, console_refunded_at FROM purchases WHERE purchase_id = ?', [p.purchaseId]);
      expect(row).to.deep.equal({ revoked_from: 'CONSUMED', revoke_reason: 'console', revoked_at: server.clock.now, console_refunded_at: server.clock.now });
    });

    it('queues paid-but-undelivered purchases and Google/ONE store purchases near the 3-day acknowledgement deadline', async function () {
      const stuck = await paidPurchase(server.db, { userKey: 'queue-user', at: server.clock.now - 50 * 3600_000 });
      const fresh = await paidPurchase(server.db, { userKey: 'queue-user', market: 'one-store', at: server.clock.now - 3600_000, consumed: true });
      const inFlight = await paidPurchase(server.db, { userKey: 'queue-user', at: server.clock.now - 60_000 });
      const apple = await paidPurchase(server.db, { userKey: 'queue-user', market: 'app-store', at: server.clock.now - 60 * 3600_000, consumed: true });
      const undelivered = ((await support.get('/console/api/queues/undelivered')).body as QueueResponse).items.map((i) => i.purchaseId);
      expect(undelivered).to.include(stuck.purchaseId).and.not.include(fresh.purchaseId).and.not.include(inFlight.purchaseId);
      const deadline = ((await support.get('/console/api/queues/deadline')).body as QueueResponse).items;
      const ids = deadline.map((i) => i.purchaseId);
      expect(ids).to.include(stuck.purchaseId).and.not.include(fresh.purchaseId).and.not.include(apple.purchaseId);
      const item = deadline.find((i) => i.purchaseId === stuck.purchaseId)!;
      expect(Date.parse(item.deadlineAt!)).to.equal(server.clock.now - 50 * 3600_000 + 1000 + 3 * DAY);
      for (const i of deadline) expect(i.storeFinished).to.equal(false);
    });

    it('sums revenue per market per day for paid production purchases only, and counts by state', async function () {
      const from = new Date(server.clock.now - 30 * DAY).toISOString().slice(0, 10);
      const to = new Date(server.clock.now).toISOString().slice(0, 10);
      const s = (await support.get(`/console/api/stats?from=${from}&to=${to}`)).body as StatsResponse;
      const expected = await server.db.all<{ market: string; currency: string; total: number }>(
        `SELECT p.market, pr.currency, SUM(pr.price_micros * p.quantity) AS total FROM purchases p
         JOIN products pr ON pr.app_key = p.app_key AND pr.product_id = p.product_id
         WHERE p.state IN ('VERIFIED', 'CONSUMED') AND p.environment = 'production' AND p.test = 0 AND p.verified_at >= ? AND p.verified_at < ?
         GROUP BY p.market, pr.currency ORDER BY 1, 2`, [Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`) + DAY]);
      const totals = new Map<string, number>();
      for (const r of s.revenue) totals.set(`${r.market}/${r.currency}`, (totals.get(`${r.market}/${r.currency}`) ?? 0) + r.amountMicros);
      expect(Object.fromEntries(totals)).to.deep.equal(Object.fromEntries(expected.map((e) => [`${e.market}/${e.currency}`, Number(e.total)])));
      expect(s.revenue.map((r) => r.market)).not.to.include('sandbox');
      const total = (await server.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM purchases WHERE created_at >= ? AND created_at < ?',
        [Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`) + DAY]))!.n;
      expect(s.countsByState.reduce((a, c) => a + c.count, 0)).to.equal(Number(total));
    });

    it('streams the CSV export of a search with one row per match, quoted safely, and audits the export', async function () {
      await paidPurchase(server.db, { userKey: '=HYPERLINK("x")', at: server.clock.now - 1000 });
      const answer = await support.get('/console/api/purchases.csv?market=google-play');
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('content-type')).to.match(/^text\/csv/);
      expect(answer.headers.get('content-disposition')).to.match(/^attachment; filename="payments-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = answer.text.trimEnd().split('\r\n');
      expect(lines[0]).to.equal('purchase_id,created_at,user_key,market,product_id,market_product_id,state,environment,test,store_transaction_id,purchase_token,amount,currency,amount_estimated,test_unknown,delivered_at,store_finished');
      const count = (await server.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM purchases WHERE market = 'google-play'"))!.n;
      expect(lines.length - 1).to.equal(Number(count));
      expect(lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`))).to.equal(true);
      const audit = (await admin.get('/console/api/audit')).body as { items: { action: string; details: unknown }[] };
      expect(audit.items.find((a) => a.action === 'export-csv')?.details).to.deep.equal({ market: 'google-play' });
    });
  });
}
