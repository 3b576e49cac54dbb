import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseLegacyLine } from '../../server/src/cli/legacy-formats';
import { parseCatalog } from '../../server/src/cli/product-import';
import { openDatabase } from '../../server/src/storage/open';

const run = promisify(execFile);
const BIN = resolve(__dirname, '../../server/bin/common-billing.js');

describe('common-billing CLI (real processes, real SQLite file)', function () {
  this.timeout(60_000);
  let dir: string;
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args, '--config', join(dir, 'cb.json')], { cwd: dir });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cb-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('init, migrate, apps create/show/set-data-key, products import (Naver list), import legacy', async () => {
    await cli('init');
    const config = JSON.parse(readFileSync(join(dir, 'cb.json'), 'utf8'));
    expect(config.database).to.deep.equal({ engine: 'sqlite', file: './data/billing.sqlite' });
    expect(Buffer.from(config.secrets.masterKey, 'base64')).to.have.length(32);
    expect((await cli('migrate')).stdout).to.match(/applied migrations 1/);

    const created = JSON.parse((await cli('apps', 'create', '--name', 'Racing', '--app-key', 'racing', '--sandbox', 'com.example.racing')).stdout);
    expect(created.secretKey).to.match(/^cbsk_/);
    await cli('apps', 'set-data-key', 'racing', '--generate');

    writeFileSync(join(dir, 'naver.json'), JSON.stringify({
      valid: [{ productCode: '1000013114', productName: 'Nitro', productPrice: 1100, productId: 'nitro' }],
      invalid: ['1000099999'],
    }));
    expect(JSON.parse((await cli('products', 'import', join(dir, 'naver.json'), '--app', 'racing')).stdout)).to.deep.equal({ imported: 1, invalid: ['1000099999'] });

    const lines = [
      JSON.stringify({ store: 'tstore', userKey: 'u1', txid: 'TX_00000000253438', appid: 'OA00687270', product_id: '0910031859', charge_amount: 3300, log_time: '20150527001027' }),
      JSON.stringify({ store: 'naver', userKey: 'u2', paymentSeq: '2015052711223344', purchaseToken: 'tok', productCode: '1000013114', paymentTime: 1432652400000 }),
      JSON.stringify({ store: 'naver', userKey: 'u2', paymentSeq: '2015052711223344', productCode: '1000013114', paymentTime: 1432652400000 }),
      '{"store":"amazon"}',
    ];
    writeFileSync(join(dir, 'legacy.jsonl'), `${lines.join('\n')}\n`);
    const importRun = await cli('import', 'legacy', join(dir, 'legacy.jsonl'), '--app', 'racing', '--no-progress').catch((e: { stdout: string; code: number }) => e);
    const report = JSON.parse(importRun.stdout);
    expect(report).to.deep.include({ imported: 2, skippedDuplicates: 1, errorCount: 1 });

    writeFileSync(join(dir, 'gp.json'), JSON.stringify({ packageName: 'com.example.racing', licenseKey: 'x' }));
    await cli('apps', 'set-market', 'racing', 'google-play', join(dir, 'gp.json'));
    await cli('apps', 'set-market', 'racing', 'sandbox', '--disable');
    const shown = JSON.parse((await cli('apps', 'show', 'racing')).stdout);
    expect(shown).to.include({ appKey: 'racing', hasDataKey: true });
    expect(shown.markets).to.deep.equal([
      { market: 'google-play', enabled: true, known: true },
      { market: 'sandbox', enabled: false, known: true },
    ]);
    expect(shown.products.map((p: { productId: string }) => p.productId)).to.deep.equal(['nitro']);

    const db = await openDatabase({ engine: 'sqlite', file: join(dir, 'data/billing.sqlite') });
    try {
      const rows = await db.all('SELECT market, user_key, product_id, state, imported, store_finished, purchase_time FROM purchases ORDER BY market');
      expect(rows).to.deep.equal([
        { market: 'naver', user_key: 'u2', product_id: 'nitro', state: 'CONSUMED', imported: 1, store_finished: 1, purchase_time: 1432652400000 },
        { market: 'one-store', user_key: 'u1', product_id: '0910031859', state: 'CONSUMED', imported: 1, store_finished: 1, purchase_time: Date.UTC(2015, 4, 26, 15, 10, 27) },
      ]);
    } finally {
      await db.close();
    }
  });

  it('refuses a config file with errors, naming the field', async () => {
    writeFileSync(join(dir, 'cb.json'), JSON.stringify({ database: { engine: 'sqlite' }, secrets: { masterKey: 'short' } }));
    const failed = await cli('migrate').then(() => null, (e: { stderr: string; code: number }) => e);
    expect(failed?.code).to.equal(1);
    expect(failed?.stderr).to.match(/Invalid config file/);
  });

  it('apps set-market --notifications sets notificationAuth (checked); set-identity switches tokens off only for a sandbox-only app', async () => {
    await cli('init', '--force');
    await cli('apps', 'create', '--name', 'Safe', '--app-key', 'safe', '--sandbox', 'com.example.safe');
    writeFileSync(join(dir, 'gp2.json'), JSON.stringify({ packageName: 'com.example.safe', licenceKey: 'x' }));
    const missing = await cli('apps', 'set-market', 'safe', 'google-play', join(dir, 'gp2.json'), '--notifications', 'pubsub-oidc').catch((e: { stderr: string }) => e);
    expect(missing.stderr).to.match(/--push-audience and --push-service-account/);
    const wrong = await cli('apps', 'set-market', 'safe', 'google-play', join(dir, 'gp2.json'), '--notifications', 'pns-signature').catch((e: { stderr: string }) => e);
    expect(wrong.stderr).to.match(/notificationAuth of google-play is invalid/);
    await cli('apps', 'set-market', 'safe', 'google-play', join(dir, 'gp2.json'), '--notifications', 'pubsub-oidc',
      '--push-audience', 'https://billing.example.com/v1/notifications/google-play', '--push-service-account', 'push@p.iam.gserviceaccount.com');
    const db = await openDatabase({ engine: 'sqlite', file: join(dir, 'data', 'billing.sqlite') });
    try {
      const row = await db.get<{ config: string }>("SELECT config FROM app_markets WHERE app_key = 'safe' AND market = 'google-play'");
      expect(JSON.parse(row!.config).notificationAuth).to.deep.equal({
        mode: 'pubsub-oidc', audience: 'https://billing.example.com/v1/notifications/google-play', serviceAccountEmail: 'push@p.iam.gserviceaccount.com',
      });
    } finally {
      await db.close();
    }
    const off = await cli('apps', 'set-identity', 'safe', '--login-token', 'off').catch((e: { stderr: string }) => e);
    expect(off.stderr).to.match(/only for a sandbox-only app/);
    const sandboxOnly = await cli('apps', 'set-identity', 'safe', '--sandbox-only', '--login-token', 'off').catch((e: { stderr: string }) => e);
    expect(sandboxOnly.stderr, 'google-play is enabled').to.match(/sandbox-only; it cannot enable google-play/);
    const window = JSON.parse((await cli('apps', 'set-identity', 'safe', '--legacy-signature-until', '2027-01-01T00:00:00Z')).stdout);
    expect(window).to.deep.equal({ appKey: 'safe', sandboxOnly: false, loginToken: 'required', legacySignatureUntil: '2027-01-01T00:00:00.000Z' });
  });
});

describe('legacy and catalog formats', () => {
  it('reads T store times as Korea time and refuses bad lines with a reason', () => {
    expect(parseLegacyLine('{"store":"tstore","userKey":"u","txid":"TX_1","product_id":"p","log_time":"20150101090000"}').purchaseTimeMs).to.equal(Date.UTC(2015, 0, 1));
    expect(() => parseLegacyLine('{"store":"tstore","userKey":"u","txid":"TX_1","product_id":"p","log_time":"2015"}')).to.throw(/yyyyMMddHHmmss/);
    expect(() => parseLegacyLine('{"store":"naver","userKey":"u","paymentSeq":"1","productCode":"p","paymentTime":"x"}')).to.throw(/paymentTime/);
    expect(() => parseLegacyLine('[1]')).to.throw(/object/);
  });

  it('accepts our catalog and refuses a product without a type', () => {
    expect(parseCatalog({ products: [{ productId: 'gas', type: 'consumable', title: 'Gas' }] }).products).to.have.length(1);
    expect(() => parseCatalog([{ productId: 'gas', title: 'Gas' }])).to.throw(/Product #1/);
  });
});
