import { expect } from 'chai';
import { Writable } from 'node:stream';
import { googlePlayMarket } from '../../server/src/markets/google-play';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { startGooglePlaySimulator, type GooglePlaySimulator } from '../simulators/google-play';
import { forEachEngine } from './support/engines';
import { PACKAGE, startHarness } from './support/harness';

/** Issue #14: the operator is told at start that Google test purchases need the Play Developer API to be flagged. */
forEachEngine('start-up notices', (engine) => {
  let google: GooglePlaySimulator;
  before(async () => {
    google = await startGooglePlaySimulator({ packageName: PACKAGE });
  });
  after(async () => google.close());

  async function warningsAtStart(config: object): Promise<{ msg: string; market?: string }[]> {
    const lines: { level: number; msg: string; market?: string }[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
    const h = await startHarness({ ...engine(), extraMarkets: [googlePlayMarket], logger: { level: 'warn', stream } });
    try {
      await h.tdb.db.write((tx) => upsertAppMarket(tx, h.appKey, 'google-play', true, config, h.clock.now));
      await h.app.ready();
      return lines.filter((l) => l.level === 40);
    } finally {
      await h.close();
    }
  }

  it('warns once per Google Play app without the Developer API, and not when it is configured', async () => {
    const offline = await warningsAtStart(google.marketConfig({ online: false }));
    expect(offline).to.have.length(1);
    expect(offline[0]).to.include({ market: 'google-play' });
    expect(offline[0]!.msg).to.match(/Play Developer API/);
    expect(await warningsAtStart(google.marketConfig())).to.deep.equal([]);
  });
});
