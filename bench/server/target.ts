import Fastify from 'fastify';
import { createHmac } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { buildApp } from '../../server/src/app';
import { createApp } from '../../server/src/domain/apps';
import { APP_SECRET_PREFIX } from '../../server/src/domain/auth';
import { ServerKeys } from '../../server/src/domain/keys';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { migrate } from '../../server/src/storage/migrate';
import { openDatabase, type DatabaseConfig } from '../../server/src/storage/open';

/**
 * The process under load (a child of run.ts, so that autocannon does not share its event loop):
 *   tsx bench/server/target.ts bare               → bare Fastify routes, GET /bare and POST /bare (JSON)
 *   tsx bench/server/target.ts billing <json>     → the billing server, `TargetConfig` below
 * Its stdout is the server log (pino at info through the async destination, as shipped); it
 * reports `READY {json}` on file descriptor 3 when it listens.
 */
export interface TargetConfig {
  database: DatabaseConfig;
  /** Hex master key: two processes on one database must share it (sessions are signed with it). */
  masterKey: string;
  /** 'info' as shipped; 'silent' to measure what the logger costs. */
  logLevel: string;
}

/**
 * Counts what the PostgreSQL driver sends (every `query` is one round trip; the pool's query goes
 * through a client's): the bench reports round trips per receipt.
 */
function countPostgresQueries(): { count: number } {
  const counter = { count: 0 };
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
    counter.count++;
    return original.apply(this, args);
  };
  return counter;
}

/**
 * Counts the network writes to PostgreSQL (each a round trip: the backend answers what it was
 * sent). The writers pipeline, so a batch's statements can share one write with its BEGIN.
 * Node's socket funnels `_write` and `_writev` through `_writeGeneric`.
 */
function countPostgresWrites(port: number): { count: number } {
  const counter = { count: 0 };
  const proto = net.Socket.prototype as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
  const original = proto._writeGeneric;
  proto._writeGeneric = function (this: net.Socket, ...args: unknown[]) {
    if (this.remotePort === port) counter.count++;
    return original.apply(this, args);
  };
  return counter;
}

function report(line: object): void {
  createWriteStream('', { fd: 3 }).end(`READY ${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const [mode, json] = process.argv.slice(2);
  if (mode === 'bare') {
    const app = Fastify();
    app.get('/bare', async () => ({ ok: true }));
    // The floor a receipt is compared with: Fastify parsing a JSON body of a receipt's size and answering.
    app.post('/bare', async (request) => ({ ok: true, size: JSON.stringify(request.body).length }));
    report({ url: await app.listen({ host: '127.0.0.1', port: 0 }) });
    return;
  }
  const config = JSON.parse(json!) as TargetConfig;
  const queries = countPostgresQueries();
  const writes = countPostgresWrites(config.database.engine === 'postgres' ? Number(new URL(config.database.url).port || 5432) : -1);
  const db = await openDatabase(config.database);
  await migrate(db);
  const keys = new ServerKeys(Buffer.from(config.masterKey, 'hex'));
  const created = await createApp(db, keys, {
    appKey: 'bench',
    // The same secret every start: the production-size run starts the target, seeds, and starts it
    // again on the same database, where the app already exists (a new random secret would not match).
    secretKey: `${APP_SECRET_PREFIX}_${createHmac('sha256', config.masterKey).update('bench app secret').digest('hex')}`,
    name: 'Bench',
    sandbox: { packageName: 'com.example.bench' },
    products: [{ productId: 'gas', type: 'consumable', title: 'Gas' }],
  }, Date.now());
  const market = await db.get<{ config: string }>("SELECT config FROM app_markets WHERE app_key = 'bench' AND market = 'sandbox'");
  // The shipped logger: pino at info, redacted, through the async destination on stdout.
  const app = await buildApp({ db, keys, markets: defaultMarketRegistry, rateLimitPerMinute: 0, logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
  app.get('/bench/stats', async () => ({ queries: queries.count, networkWrites: writes.count, ...db.commitStats() }));
  // The bench alternates the log level within one process to measure what logging costs.
  app.post<{ Params: { level: string } }>('/bench/log-level/:level', async (request) => {
    app.log.level = request.params.level;
    return { level: app.log.level };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { privateKeyPem, packageName } = JSON.parse(market!.config) as { privateKeyPem: string; packageName: string };
  report({ url, appKey: created.appKey, secretKey: created.secretKey, privateKeyPem, packageName });
  process.on('SIGTERM', () => {
    void app.close().then(() => db.close()).finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
