import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../server/src/app';
import { createApp } from '../../server/src/domain/apps';
import { ServerKeys } from '../../server/src/domain/keys';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { migrate } from '../../server/src/storage/migrate';
import { openDatabase } from '../../server/src/storage/open';

/**
 * The process under load (a child of run.ts so that autocannon does not share its event loop):
 *   tsx bench/server/target.ts bare                     → a bare Fastify route, GET /bare
 *   tsx bench/server/target.ts billing <file> [maxBatch] → the billing server on a SQLite file (WAL synced before every answer)
 * Prints one line `READY {json}` when it listens.
 */
async function main(): Promise<void> {
  const [mode, file, maxBatch] = process.argv.slice(2);
  if (mode === 'bare') {
    const app = Fastify();
    app.get('/bare', async () => ({ ok: true }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    process.stdout.write(`READY ${JSON.stringify({ url })}\n`);
    return;
  }
  const db = await openDatabase({ engine: 'sqlite', file: file!, maxBatch: maxBatch ? Number(maxBatch) : undefined });
  await migrate(db);
  const keys = new ServerKeys(randomBytes(32));
  const created = await createApp(db, keys, {
    appKey: 'bench',
    name: 'Bench',
    sandbox: { packageName: 'com.example.bench' },
    products: [{ productId: 'gas', type: 'consumable', title: 'Gas' }],
  }, Date.now());
  const market = await db.get<{ config: string }>("SELECT config FROM app_markets WHERE app_key = 'bench' AND market = 'sandbox'");
  const app = await buildApp({ db, keys, markets: defaultMarketRegistry, rateLimitPerMinute: 0, logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { privateKeyPem, packageName } = JSON.parse(market!.config) as { privateKeyPem: string; packageName: string };
  process.stdout.write(`READY ${JSON.stringify({ url, appKey: created.appKey, secretKey: created.secretKey, privateKeyPem, packageName })}\n`);
}

// Exit cleanly on SIGTERM so that --cpu-prof (BENCH_PROF=1) can write its profile.
process.on('SIGTERM', () => process.exit(0));

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
