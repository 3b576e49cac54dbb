import pino from 'pino';
import { startHarness } from '../../tests/server/support/harness';
import { TEST_MARKET } from '../../tests/server/support/test-market';

/**
 * What logging at info costs per request, in-process and precise: the server as shipped (pino
 * through the asynchronous destination, here into /dev/null, redaction on) answers POST
 * /v1/sessions through `inject` (no sockets, so the log lines are a large share of the work);
 * rounds of 2,000 requests alternate the log level between info and silent, and the medians of
 * the process's CPU time per request are compared. Fastify logs two lines per request at info.
 */
export async function loggerCostUs(rounds = 10, perRound = 2000): Promise<{ infoUs: number; silentUs: number; loggerUs: number }> {
  const stream = pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 });
  const h = await startHarness({ engine: 'sqlite', logger: { level: 'info', stream } });
  try {
    // One token for the whole run: each login re-checks it, as a real login does.
    const body = { market: TEST_MARKET, userKey: 'player-1', loginToken: h.loginToken('player-1', 60) };
    const run = async () => {
      const before = process.cpuUsage();
      for (let i = 0; i < perRound; i++) await h.post('/v1/sessions', body);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / perRound;
    };
    await run();
    const info: number[] = [];
    const silent: number[] = [];
    for (let k = 0; k < rounds; k++) {
      h.app.log.level = 'info';
      info.push(await run());
      h.app.log.level = 'silent';
      silent.push(await run());
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    return { infoUs: median(info), silentUs: median(silent), loggerUs: median(info) - median(silent) };
  } finally {
    await h.close();
  }
}
