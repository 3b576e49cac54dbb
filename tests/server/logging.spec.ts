import { expect } from 'chai';
import { Writable } from 'node:stream';
import type { SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import { startHarness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

describe('logs: request ids, nothing secret', () => {
  it('logs every request with its id and never a token, secret, receipt or signature', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const h = await startHarness({ engine: 'sqlite', logger: { level: 'info', stream } });
    try {
      const s = await h.login('player-1');
      const r = await h.reserve(s.sessionToken, 'gas');
      const receipt = h.receipt({ productId: 'gas', developerPayload: r.payload.developerPayload });
      const v = (await h.post('/v1/receipts', { market: TEST_MARKET, receipt }, s.sessionToken)).json<SubmitReceiptResponse>();
      await h.post(`/v1/purchases/${v.purchase.purchaseId}/consume`, { paymentToken: v.paymentToken }, h.secretKey);
      // Objects our code logs go through the same redaction.
      h.app.log.info({ receipt, paymentToken: v.paymentToken, sessionToken: s.sessionToken }, 'diagnostic');

      const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string; method?: string; url?: string; statusCode?: number });
      // One access line per request, with its id, method, URL and status (plugins/access-log.ts).
      const access = entries.filter((e) => e.msg === 'request completed');
      expect(access).to.have.length(4);
      expect(new Set(access.map((e) => e.reqId)).size).to.equal(4);
      expect(access.map((e) => `${e.method} ${e.statusCode}`)).to.deep.equal(['POST 200', 'POST 200', 'POST 200', 'POST 200']);
      expect(access[3]!.url).to.equal(`/v1/purchases/${v.purchase.purchaseId}/consume`);
      expect(entries.filter((e) => e.msg === 'incoming request')).to.deep.equal([]);
      const all = lines.join('\n');
      for (const secret of [s.sessionToken, h.secretKey, v.paymentToken!, receipt.signature, r.payload.developerPayload]) {
        expect(all).not.to.include(secret);
      }
      expect(all).to.include('[Redacted]');
    } finally {
      await h.close();
    }
  });
});
