import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginTokenFor } from '../../server/src/domain/login-token';
import { openDatabase } from '../../server/src/storage/open';
import { startServerProcess } from './support/server-process';

/**
 * Durability: the server runs as a child process on a SQLite file under concurrent load and is
 * killed with SIGKILL mid-flight. After a restart, every verification it had answered 200 must
 * be in the database as VERIFIED (group commit answers only after the shared COMMIT).
 */
/** The fields of the answers this test reads (sessions, reservations, store purchases, receipts). */
interface Answer {
  sessionToken: string;
  payload: { developerPayload: string };
  purchase: { purchaseId: string; storeTransactionId: string; receipt: unknown };
}

describe('kill -9 under load: every acknowledged verification survives', function () {
  this.timeout(120_000);
  let dir: string;
  const secretKey = `cbsk_${randomBytes(32).toString('base64url')}`;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cb-kill9-'));
    writeFileSync(join(dir, 'cb.json'), JSON.stringify({
      server: { host: '127.0.0.1', port: 0, logLevel: 'silent' },
      database: { engine: 'sqlite', file: './billing.sqlite' },
      secrets: { masterKey: randomBytes(32).toString('base64'), adminToken: randomBytes(24).toString('base64url') },
      limits: { rateLimitPerMinute: 0 },
      apps: [{
        appKey: 'kill9', name: 'Kill 9', secretKey, sandbox: { packageName: 'com.example.kill9' },
        products: [{ productId: 'gas', type: 'consumable', title: 'Gas' }],
      }],
    }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function call(url: string, path: string, body: unknown, auth?: string) {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-app-key': 'kill9', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  }

  it('loses nothing that was answered 200', async () => {
    const { child, url } = await startServerProcess(join(dir, 'cb.json'));
    const acknowledged = new Map<string, string>();
    const acknowledgedBy = new Map<string, string>();
    let stop = false;
    const worker = async (n: number) => {
      const userKey = `user-${n}`;
      const login = await call(url, '/v1/sessions', { market: 'sandbox', userKey, loginToken: loginTokenFor(secretKey, 'kill9', userKey, Math.floor(Date.now() / 1000) + 3600) });
      const session = login.body.sessionToken;
      while (!stop) {
        try {
          const r = await call(url, '/v1/purchases', { productId: 'gas' }, session);
          const buy = await call(url, '/v1/sandbox/purchases', { productId: 'gas', developerPayload: r.body.payload.developerPayload, outcome: 'approve' }, session);
          const v = await call(url, '/v1/receipts', { market: 'sandbox', receipt: buy.body.purchase.receipt }, session);
          if (v.status === 200) {
            acknowledged.set(v.body.purchase.purchaseId, v.body.purchase.storeTransactionId);
            acknowledgedBy.set(v.body.purchase.purchaseId, userKey);
          }
        } catch {
          return; // the server died mid-request: that answer was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 24 }, (_, i) => worker(i));
    await new Promise((r) => setTimeout(r, 2500));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    stop = true;
    await exited;
    await Promise.all(workers);
    expect(acknowledged.size, 'the load must have produced acknowledged verifications').to.be.greaterThan(20);

    const restarted = await startServerProcess(join(dir, 'cb.json'));
    try {
      expect((await fetch(`${restarted.url}/healthz`)).status).to.equal(200);
      const db = await openDatabase({ engine: 'sqlite', file: join(dir, 'billing.sqlite') });
      try {
        const rows = await db.all<{ purchase_id: string; state: string; store_transaction_id: string }>(
          "SELECT purchase_id, state, store_transaction_id FROM purchases WHERE state = 'VERIFIED'",
        );
        const stored = new Map(rows.map((r) => [r.purchase_id, r.store_transaction_id]));
        const missing = [...acknowledged].filter(([id, tx]) => stored.get(id) !== tx);
        expect(missing, `${missing.length} of ${acknowledged.size} acknowledged verifications are missing`).to.deep.equal([]);
      } finally {
        await db.close();
      }
      const list = await fetch(`${restarted.url}/v1/users/user-0/purchases?state=VERIFIED`, { headers: { authorization: `Bearer ${secretKey}` } });
      const listed = new Set(((await list.json()) as { purchases: Array<{ purchaseId: string }> }).purchases.map((p) => p.purchaseId));
      const user0 = [...acknowledgedBy].filter(([, user]) => user === 'user-0').map(([id]) => id);
      expect(user0.filter((id) => !listed.has(id)), 'the restarted server lists them to the game server').to.deep.equal([]);
    } finally {
      restarted.child.kill('SIGTERM');
      await new Promise((r) => restarted.child.once('exit', r));
    }
  });
});
