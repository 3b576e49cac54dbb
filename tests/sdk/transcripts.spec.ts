import { expect } from 'chai';
import { BridgeClient } from '../../assets/common-billing/core/bridge-client';
import { SafeLogger } from '../../assets/common-billing/core/logger';
import type { BridgeEvent, BridgeMethod } from '../../assets/common-billing/protocol/bridge';
import { MARKETS } from '../../assets/common-billing/markets/registry';
import { memoryLogger } from './support/sdk-setup';
import { loadTranscripts, TranscriptTransport, type Transcript } from './support/transcript-transport';

/**
 * Every recorded bridge transcript (tests/fixtures/bridge, written by the native-bridge
 * side) runs through the SDK's bridge client: the SDK sends the recorded requests, gets the
 * recorded answers and events, in both orderings. Requests the SDK can never produce
 * (malformed ones) are sent raw, and the answers must be ignored without harm.
 */
async function replay(transcript: Transcript, ordering: 'android-deferred' | 'ios-sync') {
  const transport = new TranscriptTransport(transcript, ordering);
  const logger = memoryLogger();
  const client = new BridgeClient(transport, new SafeLogger(logger), 2_000);
  const events: BridgeEvent[] = [];
  client.onEvent((e) => events.push(e));
  const outcomes: { ok: boolean; value: unknown }[] = [];
  let nextId = 1;
  for (const raw of transport.requests()) {
    const request = safeParse(raw) as { id?: unknown; method?: BridgeMethod; params?: unknown } | null;
    if (request && request.id === String(nextId) && request.method && request.params && typeof request.params === 'object') {
      nextId++;
      outcomes.push(await client.call(request.method, request.params as never).then((value) => ({ ok: true, value }), (value: unknown) => ({ ok: false, value })));
    } else {
      transport.dispatchToNative('commonbilling:request', raw);
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  await new Promise((r) => setTimeout(r, 5));
  client.close();
  return { transport, outcomes, events, logger };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

describe('bridge transcripts replayed through the SDK bridge client', () => {
  const all = loadTranscripts();
  it('there are transcripts to replay', () => expect(all.length).to.be.greaterThan(10));
  for (const { file, transcript } of all) {
    for (const ordering of ['android-deferred', 'ios-sync'] as const) {
      it(`${file} (${ordering})`, async () => {
        const { transport, outcomes, events } = await replay(transcript, ordering);
        expect(transport.mismatches).to.deep.equal([]);
        expect(transport.done, 'every recorded message was exchanged').to.equal(true);
        const recordedResponses = transcript.messages
          .filter((m) => m.event === 'commonbilling:response')
          .map((m) => JSON.parse(m.arg) as { id: string; ok: boolean; result?: unknown; error?: { code: string } })
          .filter((r) => r.id !== '');
        const answered = recordedResponses.filter((r) => outcomes.length > 0 && r.id !== undefined);
        for (const [i, outcome] of outcomes.entries()) {
          const recorded = answered.find((r) => r.id === String(i + 1));
          if (!recorded) continue;
          expect(outcome.ok, `request ${i + 1}`).to.equal(recorded.ok);
          if (recorded.ok) expect(outcome.value).to.deep.equal(recorded.result);
          else expect((outcome.value as { code: string }).code).to.equal(recorded.error!.code);
        }
        const recordedEvents = transcript.messages.filter((m) => m.event === 'commonbilling:event').length;
        expect(events.length).to.equal(recordedEvents);
        const market = MARKETS[transcript.market];
        for (const p of events.flatMap((e) => e.purchases)) if (market) expect(['PAID', 'PENDING', 'CANCELED']).to.include(market.toState(p));
      });
    }
  }

  it('malformed native messages are logged and ignored; the pending call still gets its answer', async () => {
    const transcript = all.find((t) => t.file === 'google-play-connect-ok.json')!.transcript;
    const transport = new TranscriptTransport(transcript, 'android-deferred');
    const logger = memoryLogger();
    const client = new BridgeClient(transport, new SafeLogger(logger), 2_000);
    const pending = client.call('connect', JSON.parse(transport.requests()[0]!).params);
    for (const bad of ['{not json', '', '{"id":1,"ok":true}', '{"id":"1","ok":true,"result":{"purchases":[{"productId":1}]}}']) {
      (transport as unknown as { emit(e: string, a: string): void }).emit('commonbilling:response', bad);
    }
    (transport as unknown as { emit(e: string, a: string): void }).emit('commonbilling:event', '{"type":"purchasesUpdated","purchases":[{"nope":true}]}');
    expect(await pending).to.deep.equal({ connected: true });
    expect(logger.lines.filter((l) => l.includes('malformed'))).to.have.length(5);
  });
});
