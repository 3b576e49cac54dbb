import { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { configPath, newConfig } from '../config/load';
import { checkMarketSetting, createApp, identityPolicy, requireApp } from '../domain/apps';
import { adminAppView } from '../routes/admin';
import { findAppMarket, setDataKey, updateAppSettings, upsertAppMarket } from '../storage/repos/apps';
import { notificationAuthFromOptions, type NotificationAuthOptions } from './notification-auth-options';
import { upsertProduct } from '../storage/repos/products';
import { migrate } from '../storage/migrate';
import { openDatabase } from '../storage/open';
import { loadConfig } from '../config/load';
import { registerConformanceCommand } from './conformance';
import { registerConsoleCommands } from './console';
import { runDemo } from './demo';
import { importLegacy } from './import-legacy';
import { readCatalogFile } from './product-import';
import { openRuntime, serve, type Runtime } from './runtime';
import { defaultMarketRegistry } from '../market-registry';
import { MarketServices } from '../domain/market-services';
import { describeError } from '../../../assets/common-billing/protocol/errors/messages';

/** `common-billing`: the server's command line (server/bin/common-billing.js runs this through tsx). */
const program = new Command('common-billing').description('Common Billing server').showHelpAfterError();
const configOption = new Option('-c, --config <file>', 'config file (default: ./common-billing.json or $COMMON_BILLING_CONFIG)');

async function withRuntime<T>(opts: { config?: string }, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(configPath(opts.config));
  try {
    return await fn(rt);
  } finally {
    await rt.db.close();
  }
}

const print = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

program
  .command('init')
  .description('write a config file with fresh secrets (SQLite under ./data by default)')
  .addOption(configOption)
  .option('--sqlite <file>', 'SQLite database file', './data/billing.sqlite')
  .option('--postgres <url>', 'use PostgreSQL at this URL instead')
  .option('--force', 'overwrite an existing config file')
  .action((opts: { config?: string; sqlite: string; postgres?: string; force?: boolean }) => {
    const file = configPath(opts.config);
    if (existsSync(file) && !opts.force) throw new Error(`${file} exists; use --force to overwrite it`);
    const config = newConfig(opts.postgres ? { engine: 'postgres', url: opts.postgres } : { engine: 'sqlite', file: opts.sqlite });
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    print(`wrote ${file} (keep it secret: it holds the master key and the admin token)`);
  });

program
  .command('migrate')
  .description('apply database migrations and sync the config file\u2019s apps')
  .addOption(configOption)
  .action(async (opts: { config?: string }) => {
    const config = loadConfig(configPath(opts.config));
    const db = await openDatabase(config.database);
    try {
      const applied = await migrate(db);
      print(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
    } finally {
      await db.close();
    }
    await withRuntime(opts, async () => undefined);
  });

program
  .command('start')
  .description('migrate and start the server')
  .addOption(configOption)
  .action(async (opts: { config?: string }) => {
    const rt = await openRuntime(configPath(opts.config));
    await serve(rt, (url) => {
      print(`Common Billing listening on ${url}`);
    });
  });

program
  .command('demo')
  .description('start a local demo on ./data/demo.sqlite with a sandbox demo app')
  .option('-p, --port <port>', 'port', (v) => Number(v), Number(process.env.PORT ?? 8080))
  .option('--host <host>', 'host', '127.0.0.1')
  .option('--data-dir <dir>', 'folder for the demo database and secrets', 'data')
  .action(async (opts: { port: number; host: string; dataDir: string }) => runDemo(opts));

const apps = program.command('apps').description('manage apps');
apps
  .command('create')
  .description('create an app and print its secret key (shown once)')
  .addOption(configOption)
  .requiredOption('--name <name>', 'display name')
  .option('--app-key <key>', 'app key (default: generated)')
  .option('--sandbox <packageName>', 'enable the sandbox market with a fresh key pair for this package name')
  .option('--sandbox-only', 'only the sandbox market may ever be enabled for this app')
  .option('--no-login-token', 'sandbox-only apps: let players log in without a game-server login token')
  .action(async (opts: { config?: string; name: string; appKey?: string; sandbox?: string; sandboxOnly?: boolean; loginToken: boolean }) =>
    withRuntime(opts, async (rt) => {
      const r = await createApp(rt.db, rt.keys, {
        appKey: opts.appKey,
        name: opts.name,
        sandbox: opts.sandbox ? { packageName: opts.sandbox } : undefined,
        sandboxOnly: opts.sandboxOnly,
        loginToken: opts.loginToken ? 'required' : 'off',
      }, Date.now());
      if (!r.created) throw new Error(`app ${r.appKey} exists`);
      print({ appKey: r.appKey, secretKey: r.secretKey });
    }),
  );
apps
  .command('show <appKey>')
  .description('show an app (no secrets)')
  .addOption(configOption)
  .action(async (appKey: string, opts: { config?: string }) =>
    withRuntime(opts, async (rt) => {
      const markets = new MarketServices(defaultMarketRegistry, { now: Date.now, fetch, log: { info: () => undefined, warn: () => undefined } });
      print(await adminAppView({ db: rt.db, keys: rt.keys, markets, now: Date.now, sessionTtlMs: 0, reservationTtlMs: 0 }, appKey));
    }),
  );
apps
  .command('set-data-key <appKey> [dataKey]')
  .description('register the app\u2019s data key (base64, 32 bytes); --generate makes one and prints it')
  .addOption(configOption)
  .option('--generate', 'generate a new data key')
  .action(async (appKey: string, dataKey: string | undefined, opts: { config?: string; generate?: boolean }) =>
    withRuntime(opts, async (rt) => {
      const key = opts.generate ? randomBytes(32).toString('base64') : dataKey;
      if (!key || !/^[A-Za-z0-9+/]{43}=$/.test(key)) throw new Error('give a base64 32-byte data key or --generate');
      await requireApp(rt.db, appKey);
      await rt.db.write((tx) => setDataKey(tx, appKey, key, Date.now()));
      print(opts.generate ? { appKey, dataKey: key } : `data key of ${appKey} registered`);
    }),
  );

apps
  .command('set-identity <appKey>')
  .description('how players prove who they are: login tokens (required unless sandbox-only) and the legacy-signature window')
  .addOption(configOption)
  .option('--sandbox-only', 'only the sandbox market may be enabled')
  .option('--no-sandbox-only', 'real stores may be enabled (login tokens then required)')
  .option('--login-token <mode>', 'required | off (off only with --sandbox-only)')
  .option('--legacy-signature-until <iso>', 'accept the old static userSignature until this time; "none" closes the window')
  .action(async (appKey: string, opts: { config?: string; sandboxOnly?: boolean; loginToken?: string; legacySignatureUntil?: string }) =>
    withRuntime(opts, async (rt) => {
      const app = await requireApp(rt.db, appKey);
      const until = opts.legacySignatureUntil === undefined ? app.legacy_signature_until
        : opts.legacySignatureUntil === 'none' ? null : Date.parse(opts.legacySignatureUntil);
      if (until !== null && !Number.isFinite(Number(until))) throw new Error('--legacy-signature-until takes an ISO date-time or "none"');
      if (opts.loginToken !== undefined && opts.loginToken !== 'required' && opts.loginToken !== 'off') throw new Error('--login-token is required or off');
      const sandboxOnly = opts.sandboxOnly ?? Number(app.sandbox_only) === 1;
      const loginToken = (opts.loginToken ?? (Number(app.login_token_required) === 1 ? 'required' : 'off')) as 'required' | 'off';
      const policy = identityPolicy({ sandboxOnly, loginToken, legacySignatureUntil: until === null ? null : Number(until) });
      if (sandboxOnly) {
        const markets = await rt.db.all<{ market: string }>('SELECT market FROM app_markets WHERE app_key = ? AND enabled = 1', [appKey]);
        for (const m of markets) checkMarketSetting({ app_key: appKey, sandbox_only: 1 }, m.market, true, undefined);
      }
      await rt.db.write((tx) => updateAppSettings(tx, appKey, { identity: policy }, Date.now()));
      print({ appKey, sandboxOnly: policy.sandboxOnly, loginToken: policy.loginTokenRequired ? 'required' : 'off', legacySignatureUntil: policy.legacySignatureUntil ? new Date(policy.legacySignatureUntil).toISOString() : null });
    }),
  );

apps
  .command('set-market <appKey> <market> [marketConfigFile]')
  .description('enable a market for an app with its configuration (JSON file: keys, package/bundle id, notificationAuth, …); --disable turns it off')
  .addOption(configOption)
  .option('--disable', 'disable the market (its configuration is kept)')
  .option('--notifications <mode>', 'how store notifications are authenticated: pubsub-oidc (google-play), pns-signature (one-store), unauthenticated (local testing only)')
  .option('--push-audience <audience>', 'pubsub-oidc: the audience of the Pub/Sub push subscription')
  .option('--push-service-account <email>', 'pubsub-oidc: the service account the push subscription authenticates as')
  .option('--push-certs-url <url>', 'pubsub-oidc: Google\u2019s certificate URL (default https://www.googleapis.com/oauth2/v1/certs)')
  .action(async (appKey: string, market: string, file: string | undefined, opts: { config?: string; disable?: boolean } & NotificationAuthOptions) =>
    withRuntime(opts, async (rt) => {
      const app = await requireApp(rt.db, appKey);
      if (!defaultMarketRegistry.get(market)) throw new Error(`unknown market ${market}; known: ${[...defaultMarketRegistry.keys()].join(', ')}`);
      const existing = await findAppMarket(rt.db, appKey, market);
      let marketConfig: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : existing ? JSON.parse(existing.config) : undefined;
      if (marketConfig === undefined) throw new Error('give the market configuration file');
      const notificationAuth = notificationAuthFromOptions(opts);
      if (notificationAuth) marketConfig = { ...(marketConfig as Record<string, unknown>), notificationAuth };
      checkMarketSetting(app, market, !opts.disable, marketConfig);
      await rt.db.write((tx) => upsertAppMarket(tx, appKey, market, !opts.disable, marketConfig, Date.now()));
      print(`${market} ${opts.disable ? 'disabled' : 'enabled'} for ${appKey}`);
    }),
  );

program
  .command('products')
  .description('manage the catalog')
  .command('import <file>')
  .description('import products: {"products": [...]}, an array, or a Naver list {"valid": [...], "invalid": [...]}')
  .addOption(configOption)
  .requiredOption('--app <appKey>', 'app key')
  .action(async (file: string, opts: { config?: string; app: string }) =>
    withRuntime(opts, async (rt) => {
      const catalog = readCatalogFile(file);
      await requireApp(rt.db, opts.app);
      await rt.db.write(async (tx) => {
        for (const p of catalog.products) await upsertProduct(tx, opts.app, p, Date.now());
      });
      print({ imported: catalog.products.length, invalid: catalog.invalid });
    }),
  );

program
  .command('import')
  .description('import historical data')
  .command('legacy <file>')
  .description('import a T store / Naver purchase log (JSON Lines, see docs/server.md); rows are marked imported')
  .addOption(configOption)
  .requiredOption('--app <appKey>', 'app key')
  .option('--no-progress', 'no progress bar')
  .action(async (file: string, opts: { config?: string; app: string; progress: boolean }) =>
    withRuntime(opts, async (rt) => {
      const report = await importLegacy(rt.db, opts.app, file, { progress: opts.progress && process.stderr.isTTY });
      print({ imported: report.imported, skippedDuplicates: report.skippedDuplicates, errors: report.errors.slice(0, 50), errorCount: report.errors.length });
      if (report.errors.length) process.exitCode = 2;
    }),
  );

registerConsoleCommands(program, configOption, withRuntime);
registerConformanceCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`common-billing: ${describeError(error)}\n`);
  process.exit(1);
});
