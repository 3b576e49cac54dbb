// @ts-check
// The SQLite checkpointer (see sqlite-checkpointer.ts): its own connection on its own thread, so
// the page copies and disk syncs of a checkpoint never hold the server's event loop. Plain
// CommonJS because a worker thread does not inherit the tsx loader; it only calls better-sqlite3.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const BetterSqlite3 = require('better-sqlite3');

const db = new BetterSqlite3(workerData.file, { timeout: 5000 });
// The writer switched the file to WAL before starting us; a connection learns the mode when it
// opens, so say it here too (a no-op on a WAL file).
db.pragma('journal_mode = WAL');
// Same sync level as the writer: a checkpoint syncs the WAL before copying it into the database
// and the database before the WAL may be reused.
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');

parentPort?.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort?.postMessage({ closed: true });
    return;
  }
  try {
    // PASSIVE: copy what no reader still needs, never wait for the writer or the readers.
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort?.postMessage({ ok: true, result });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: String(error) });
  }
});
parentPort?.postMessage({ ready: true });
