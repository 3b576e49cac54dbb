import { expect } from 'chai';
import { connect } from 'node:net';
import { forEachEngine } from './support/engines';
import { startHarness } from './support/harness';

/**
 * Issue #14: the test harness's close() ends connections a client still holds open. A
 * keep-alive request still in flight when close() starts becomes an idle keep-alive socket
 * right after close() reaped the idle ones; without forcing, close() then waits for the
 * keep-alive timeout (72 s), and a spec's afterEach timed out in about 1 run of 5.
 */
forEachEngine('harness close with open connections', (engine) => {
  it('close() returns promptly while a keep-alive request is in flight', async () => {
    const h = await startHarness({ ...engine() });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const sockets = await Promise.all(Array.from({ length: 8 }, async () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      return socket;
    }));
    const closed = sockets.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve())));
    const body = JSON.stringify({ market: 'test-market', userKey: 'ann' });
    for (const s of sockets) {
      s.write(`POST /v1/sessions HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nX-App-Key: ${h.appKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    const started = Date.now();
    await h.close();
    await Promise.all(closed);
    expect(Date.now() - started).to.be.below(5_000);
  });
});
