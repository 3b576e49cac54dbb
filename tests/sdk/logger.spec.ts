import { expect } from 'chai';
import { redact, SafeLogger } from '../../assets/common-billing/core/logger';
import { Mutex } from '../../assets/common-billing/core/mutex';
import { memoryLogger } from './support/sdk-setup';

describe('SDK logger', () => {
  it('redacts receipts, tokens, keys and payloads whatever the caller passes', () => {
    expect(redact({ purchaseToken: 'gp-token', receipt: { originalJson: '{}' }, publicKey: 'MIIB', developerPayload: 'dp', code: 'NETWORK_ERROR', id: '7' })).to.deep.equal({
      purchaseToken: '[redacted]', receipt: '[redacted]', publicKey: '[redacted]', developerPayload: '[redacted]', code: 'NETWORK_ERROR', id: '7',
    });
  });

  it('prefixes child loggers and survives a throwing log handler', () => {
    const sink = memoryLogger();
    new SafeLogger(sink).child('google-play').warn('hello');
    expect(sink.lines).to.deep.equal(['warn [CommonBilling:google-play] hello']);
    expect(() => new SafeLogger({ log: () => { throw new Error('broken handler'); } }).error('x')).to.not.throw();
  });
});

describe('SDK mutex', () => {
  it('runs sections one at a time in call order, and a failing section does not block the next', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const slow = mutex.run(async () => { await new Promise((r) => setTimeout(r, 10)); order.push('slow'); });
    const failing = mutex.run(async () => { order.push('failing'); throw new Error('x'); });
    const fast = mutex.run(async () => { order.push('fast'); });
    await Promise.allSettled([slow, failing, fast]);
    expect(order).to.deep.equal(['slow', 'failing', 'fast']);
  });
});
