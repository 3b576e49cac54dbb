import { expect } from 'chai';
import type { ConsoleRole } from '../../server/src/console/api-schemas';
import { paidPurchase } from './support/fixtures';
import { ConsoleClient, errorCode } from './support/http-client';
import { ROLES, startConsoleServer, type ConsoleServer } from './support/console-server';

type Who = ConsoleRole | 'none';

/** Expected status per caller; every console route is listed, so a new route without a row here is noticed in review. */
interface Row {
  method: 'GET' | 'POST' | 'DELETE';
  /** Builds the path (write routes get a fresh VERIFIED purchase each time). */
  path: (purchaseId: string) => string;
  body?: unknown;
  expect: Record<Who, number>;
}

const READ = { none: 401, viewer: 200, support: 200, admin: 200 };
const SUPPORT_WRITE = { none: 401, viewer: 403, support: 200, admin: 200 };

const MATRIX: Row[] = [
  { method: 'GET', path: () => '/console/api/me', expect: READ },
  { method: 'GET', path: () => '/console/api/purchases?market=google-play', expect: READ },
  { method: 'GET', path: () => '/console/api/purchases.csv?market=google-play', expect: READ },
  { method: 'GET', path: (id) => `/console/api/purchases/${id}`, expect: READ },
  { method: 'GET', path: () => '/console/api/queues/undelivered', expect: READ },
  { method: 'GET', path: () => '/console/api/queues/deadline', expect: READ },
  { method: 'GET', path: () => '/console/api/stats', expect: READ },
  { method: 'GET', path: () => '/console/api/entitlements?appKey=gas-station&userKey=player-1', expect: READ },
  { method: 'GET', path: () => '/console/api/subscriptions?key=2000001', expect: READ },
  { method: 'GET', path: () => '/console/api/subscriptions/stats', expect: READ },
  { method: 'GET', path: () => '/console/api/audit', expect: { none: 401, viewer: 403, support: 200, admin: 200 } },
  { method: 'POST', path: (id) => `/console/api/purchases/${id}/redeliver`, body: { reason: 'player says gas never arrived' }, expect: SUPPORT_WRITE },
  { method: 'POST', path: (id) => `/console/api/purchases/${id}/mark-delivered`, body: { reason: 'granted by hand in game admin' }, expect: SUPPORT_WRITE },
  { method: 'POST', path: (id) => `/console/api/purchases/${id}/notes`, body: { reason: 'called the player' }, expect: SUPPORT_WRITE },
  { method: 'POST', path: (id) => `/console/api/purchases/${id}/refund`, body: { reason: 'refunded by bank transfer' }, expect: { none: 401, viewer: 403, support: 403, admin: 200 } },
  { method: 'DELETE', path: () => '/console/api/session', expect: { none: 401, viewer: 204, support: 204, admin: 204 } },
];

describe('console API: role matrix (every route × viewer, support, admin, no session)', function () {
  let server: ConsoleServer;
  const passwords = new Map<ConsoleRole, string>();

  before(async function () {
    server = await startConsoleServer('sqlite');
    for (const role of ROLES) passwords.set(role, await server.account(`${role}@example.com`, role));
  });
  after(async () => server?.close());

  // Signing in costs an argon2id verification (~0.3 s), so each role signs in once; only the
  // sign-out rows get a session of their own.
  const signedIn = new Map<Who, ConsoleClient>();
  async function caller(who: Who, fresh = false): Promise<ConsoleClient> {
    const cached = signedIn.get(who);
    if (cached && !fresh) return cached;
    const client = new ConsoleClient(server.baseUrl);
    if (who !== 'none') expect((await client.signIn(`${who}@example.com`, passwords.get(who)!)).status).to.equal(200);
    if (!fresh) signedIn.set(who, client);
    return client;
  }

  for (const row of MATRIX) {
    for (const who of ['none', ...ROLES] as Who[]) {
      const want = row.expect[who];
      it(`${row.method} ${row.path(':id')} as ${who} → ${want}`, async function () {
        const client = await caller(who, row.method === 'DELETE');
        const { purchaseId } = await paidPurchase(server.db, { at: server.clock.now - 3600_000 });
        const answer = await client.request(row.method, row.path(purchaseId), row.body);
        expect(answer.status, answer.text).to.equal(want);
        if (want === 401) expect(errorCode(answer)).to.equal('UNAUTHENTICATED');
        if (want === 403) expect(errorCode(answer)).to.equal('FORBIDDEN');
        if (row.method === 'POST' && want !== 200) {
          // A refused action changed nothing: the purchase is still VERIFIED and unaudited.
          const detail = await (await caller('admin')).get(`/console/api/purchases/${purchaseId}`);
          expect((detail.body as { purchase: { state: string }; audit: unknown[] }).purchase.state).to.equal('VERIFIED');
          expect((detail.body as { audit: unknown[] }).audit).to.have.length(0);
        }
      });
    }
  }
});
