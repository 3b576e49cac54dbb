import { dirname } from 'node:path';
import { sandboxMarket } from '../../../server/src/markets/sandbox';
import { startHarness } from '../../server/support/harness';
import { addOil, realBackend, type Backend } from './crash-check';

export interface CrashServer {
  backend: Backend;
  /** The folder of the server's SQLite file (removed by `close`). */
  databaseDir: string;
  close(): Promise<void>;
}

/** The real billing server the crash check runs against: SQLite, the sandbox store, three products. */
export async function startCrashServer(): Promise<CrashServer> {
  const harness = await startHarness({ engine: 'sqlite', extraMarkets: [sandboxMarket] });
  await addOil(harness);
  if (harness.tdb.config.engine !== 'sqlite') throw new Error('the crash server runs on SQLite');
  return { backend: realBackend(harness), databaseDir: dirname(harness.tdb.config.file), close: () => harness.close() };
}
