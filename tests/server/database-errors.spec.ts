import { expect } from 'chai';
import { Writable } from 'node:stream';
import { databaseErrorCode } from '../../server/src/plugins/database-errors';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';

/**
 * Issue #20: a database error a client's value can cause is a 4xx, a lost database a retryable
 * 503, and only our own bugs are 500 — logged with the request id that the answer carries.
 * The errors here are real ones, raised by each engine.
 */
forEachEngine('database errors → answers', (engine) => {
  let h: Harness;
  const logLines: string[] = [];
  before(async () => {
    const stream = new Writable({ write(chunk: Buffer, _enc, done) { logLines.push(chunk.toString()); done(); } });
    h = await startHarness({ ...engine(), logger: { level: 'error', stream } });
    h.app.get('/test-only/boom', async () => {
      throw new TypeError('a bug of ours');
    });
  });
  after(async () => h?.close());

  it('a value the database refuses is 400, a duplicate key 409', async () => {
    await h.tdb.db.write((tx) => tx.run('CREATE TABLE IF NOT EXISTS t_dberr (id INTEGER PRIMARY KEY, n INTEGER CHECK (n >= 0))'));
    const refused = await h.tdb.db.write((tx) => tx.run('INSERT INTO t_dberr (id, n) VALUES (?, ?)', [1, -5])).catch((e: unknown) => e);
    expect(databaseErrorCode(refused)?.code).to.equal('VALIDATION_FAILED');
    await h.tdb.db.write((tx) => tx.run('INSERT INTO t_dberr (id, n) VALUES (?, ?)', [2, 1]));
    const duplicate = await h.tdb.db.write((tx) => tx.run('INSERT INTO t_dberr (id, n) VALUES (?, ?)', [2, 1])).catch((e: unknown) => e);
    expect(databaseErrorCode(duplicate)?.code).to.equal('CONFLICT');
    if (h.tdb.db.engine === 'postgres') {
      const nul = await h.tdb.db.get('SELECT CAST(? AS TEXT) AS v', ['a\u0000b']).catch((e: unknown) => e);
      expect(databaseErrorCode(nul)?.code, String(nul)).to.equal('VALIDATION_FAILED');
      const notInt = await h.tdb.db.get('SELECT CAST(? AS INTEGER) AS v', ['x']).catch((e: unknown) => e);
      expect(databaseErrorCode(notInt)?.code).to.equal('VALIDATION_FAILED');
    }
  });

  it('a connection that is gone is a retryable 503', () => {
    expect(databaseErrorCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))?.code).to.equal('SERVER_BUSY');
    expect(databaseErrorCode(new Error('Connection terminated unexpectedly'))?.code).to.equal('SERVER_BUSY');
    expect(databaseErrorCode(new TypeError('x is undefined'))).to.equal(undefined);
  });

  it('our own bug is a 500 whose request id is in the answer and in the log', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/test-only/boom' });
    expect(res.statusCode).to.equal(500);
    const body = res.json<{ error: { code: string; details: { requestId: string } } }>();
    expect(body.error.code).to.equal('INTERNAL');
    expect(body.error.details.requestId).to.equal(res.headers['x-request-id']);
    const line = logLines.map((l) => JSON.parse(l) as { msg: string; requestId?: string; err?: { message: string } }).find((l) => l.msg === 'unhandled error');
    expect(line?.requestId).to.equal(body.error.details.requestId);
    expect(line?.err?.message).to.equal('a bug of ours');
  });
});
