import pino from 'pino';
import { ChunkedLogStream } from '../../server/src/plugins/chunked-log-stream';
import { loggerOptions } from '../../server/src/plugins/log-destination';
import { startHarness } from '../../tests/server/support/harness';
import { TEST_MARKET } from '../../tests/server/support/test-market';

export interface LoggerCost {
  /** Median over pairs of (info − silent) CPU per request, the server as shipped, in-process. */
  loggerUs: number;
  /** The two sides' medians, for the record. */
  infoUs: number;
  silentUs: number;
  /** What the access line alone costs: the request's child logger and its one line, in a loop. */
  lineUs: number;
  /** The same line through sonic-boom's own 4 KiB buffering (the destination before ChunkedLogStream). */
  lineUsSonicBoom4k: number;
}

/** The shipped destination (`ChunkedLogStream`), writing to /dev/null instead of stdout. */
const shippedDestination = () => ChunkedLogStream.open('/dev/null');
const sonicBoom4k = () => pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 });

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

/**
 * What logging at info costs per request. The server as shipped (pino through the asynchronous
 * destination, here into /dev/null, redaction on) answers POST /v1/sessions through `inject` (no
 * sockets, so the log line is a large share of the work). Short rounds at info and silent
 * alternate in pairs, each pair in a random order, and the figure is the median of the pairs'
 * differences: on a shared machine the CPU per request drifts by 10–20% within a minute, far
 * more than the logger costs, and only a difference taken within a pair cancels that drift
 * (the earlier method, medians of ten long rounds per side, moved 4× between runs).
 */
export async function loggerCostUs(pairs = 80, perRound = 400): Promise<LoggerCost> {
  const h = await startHarness({ engine: 'sqlite', logger: { level: 'info', stream: shippedDestination() } });
  try {
    // One token for the whole run: each login re-checks it, as a real login does.
    const body = { market: TEST_MARKET, userKey: 'player-1', loginToken: h.loginToken('player-1', 60) };
    const round = async (level: string) => {
      h.app.log.level = level;
      const before = process.cpuUsage();
      for (let i = 0; i < perRound; i++) await h.post('/v1/sessions', body);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / perRound;
    };
    await round('info');
    await round('silent');
    const info: number[] = [];
    const silent: number[] = [];
    const differences: number[] = [];
    for (let k = 0; k < pairs; k++) {
      const infoFirst = Math.random() < 0.5;
      const first = await round(infoFirst ? 'info' : 'silent');
      const second = await round(infoFirst ? 'silent' : 'info');
      const [i, s] = infoFirst ? [first, second] : [second, first];
      info.push(i);
      silent.push(s);
      differences.push(i - s);
    }
    h.app.log.level = 'info';
    return {
      loggerUs: median(differences), infoUs: median(info), silentUs: median(silent),
      lineUs: await accessLineUs(shippedDestination), lineUsSonicBoom4k: await accessLineUs(sonicBoom4k),
    };
  } finally {
    await h.close();
  }
}

/**
 * The access line alone, as the server writes it (same options, a request's child logger), CPU per
 * line, the destination's writes included: the loop yields every 1,000 lines so that the writes it
 * handed to libuv's threads complete and are counted (they are the process's CPU too).
 */
async function accessLineUs(destination: () => pino.DestinationStream, lines = 200_000): Promise<number> {
  const options = loggerOptions({ level: 'info', stream: destination() }) as pino.LoggerOptions & { stream: pino.DestinationStream };
  const log = pino(options, options.stream);
  const run = async (n: number) => {
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      log.child({ reqId: `0190abcd-0000-7000-8000-${String(i).padStart(12, '0')}` })
        .info({ method: 'POST', url: '/v1/receipts', statusCode: 200, ms: 1.2 }, 'request completed');
      if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / n;
  };
  await run(lines / 10);
  return median([await run(lines), await run(lines), await run(lines)]);
}
