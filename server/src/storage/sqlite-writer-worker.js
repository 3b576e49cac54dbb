// The SQLite writer connection, on its own thread (see sqlite-writer.ts). It answers one request
// at a time through shared memory; COMMIT (and its fsync, synchronous=FULL) runs here so the
// main thread keeps parsing and verifying the next batch meanwhile.
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const Database = require('better-sqlite3');

const { file, control, data } = workerData;
const ctl = new Int32Array(control);
const bytes = new Uint8Array(data);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const db = new Database(file, { timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const cache = new Map();
function prepare(sql) {
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

function handle(req) {
  if (req.pre) db.exec(req.pre);
  switch (req.op) {
    case 'all':
      return prepare(req.sql).all(...req.params);
    case 'get':
      return prepare(req.sql).get(...req.params) ?? null;
    case 'run': {
      const stmt = prepare(req.sql);
      if (!stmt.reader) return { changes: stmt.run(...req.params).changes };
      stmt.all(...req.params);
      return { changes: 0 };
    }
    case 'exec':
      db.exec(req.sql);
      return null;
    case 'close':
      db.close();
      return null;
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

parentPort.postMessage('ready');
for (;;) {
  const state = Atomics.load(ctl, 0);
  if (state !== 1) {
    Atomics.wait(ctl, 0, state);
    continue;
  }
  const req = JSON.parse(decoder.decode(bytes.slice(0, ctl[1])));
  let answer;
  try {
    answer = { ok: true, result: handle(req) };
  } catch (error) {
    answer = { ok: false, message: String(error && error.message), code: error && error.code };
  }
  let out = encoder.encode(JSON.stringify(answer));
  if (out.length > bytes.length) out = encoder.encode(JSON.stringify({ ok: false, message: 'answer too large for the writer buffer' }));
  bytes.set(out);
  ctl[1] = out.length;
  Atomics.store(ctl, 0, 2);
  Atomics.notify(ctl, 0);
  if (req.op === 'close') break;
}
