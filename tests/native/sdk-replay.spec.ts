/**
 * Holds the SDK's real BridgeClient (assets/common-billing/core/bridge-client.ts) to the recorded
 * transcripts, the same ones the Java dispatcher replays: the client must send exactly the recorded
 * requests and turn every recorded answer into the recorded outcome, with answers delivered both
 * inside dispatchToNative (iOS may call back synchronously) and on a later turn (Android always defers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { BridgeClient } from '../../assets/common-billing/core/bridge-client';
import type { BridgeTransport, NativeEventListener } from '../../assets/common-billing/core/bridge-transport';
import { SafeLogger } from '../../assets/common-billing/core/logger';
import type { BridgeEvent, BridgeMethod } from '../../assets/common-billing/protocol/bridge';
import { type BillingError } from '../../assets/common-billing/protocol/error-codes';

interface Message { to: 'native' | 'script'; event: string; arg: string }
interface Transcript { name: string; messages: Message[] }

const DIR = join(__dirname, '..', 'fixtures', 'bridge');
const transcripts = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Transcript);

/** Transcripts whose requests a client can send: every request is a JSON object with a string id. */
function sendable(t: Transcript): boolean {
  return t.messages.every((m) => {
    if (m.to !== 'native') return true;
    try {
      return typeof (JSON.parse(m.arg) as { id?: unknown }).id === 'string';
    } catch {
      return false;
    }
  });
}

class ReplayTransport implements BridgeTransport {
  readonly listeners = new Map<string, NativeEventListener>();
  readonly sent: string[] = [];
  onDispatch: () => void = () => undefined;

  dispatchToNative(_event: string, arg: string): void {
    this.sent.push(arg);
    this.onDispatch();
  }

  addListener(event: string, listener: NativeEventListener): void {
    expect(this.listeners.has(event), `one listener per event (${event})`).to.equal(false);
    this.listeners.set(event, listener);
  }

  removeListener(event: string): void {
    this.listeners.delete(event);
  }

  deliver(m: Message): void {
    const listener = this.listeners.get(m.event);
    expect(listener, `a listener for ${m.event}`).to.be.a('function');
    listener?.(m.arg);
  }
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: BillingError };

async function replay(t: Transcript, synchronous: boolean): Promise<{ warnings: string[] }> {
  const warnings: string[] = [];
  const log = new SafeLogger({ log: (level, message) => { if (level !== 'debug' && level !== 'info') warnings.push(message); } });
  const transport = new ReplayTransport();
  const client = new BridgeClient(transport, log, 1000);
  const events: BridgeEvent[] = [];
  client.onEvent((e) => events.push(e));
  const expectedEvents: unknown[] = [];

  for (let i = 0; i < t.messages.length; i++) {
    const request = t.messages[i];
    if (!request || request.to !== 'native') continue;
    const answers: Message[] = [];
    for (let j = i + 1; j < t.messages.length && t.messages[j]?.to === 'script'; j++) answers.push(t.messages[j] as Message);
    const deliverAll = () => answers.forEach((m) => transport.deliver(m));
    transport.onDispatch = synchronous ? deliverAll : () => undefined;

    const body = JSON.parse(request.arg) as { method: BridgeMethod; params: never };
    const outcome: Promise<Outcome> = client.call(body.method, body.params).then(
      (result) => ({ ok: true as const, result }),
      (error: BillingError) => ({ ok: false as const, error }),
    );
    expect(JSON.parse(transport.sent[transport.sent.length - 1] ?? 'null'), `${t.name}: request #${i}`).to.deep.equal(JSON.parse(request.arg));
    if (!synchronous) await Promise.resolve().then(deliverAll);

    const response = answers.find((m) => m.event === 'commonbilling:response');
    const recorded = JSON.parse(response?.arg ?? 'null') as { ok: boolean; result?: unknown; error?: { code: string; retryable: boolean; nativeCode?: unknown } };
    const got = await outcome;
    if (recorded.ok) {
      expect(got.ok, `${t.name}: #${i} resolves`).to.equal(true);
      if (got.ok) expect(got.result).to.deep.equal(recorded.result);
    } else {
      expect(got.ok, `${t.name}: #${i} rejects`).to.equal(false);
      if (!got.ok) {
        expect(got.error.code).to.equal(recorded.error?.code);
        expect(got.error.retryable).to.equal(recorded.error?.retryable);
        expect(got.error.details?.nativeCode).to.equal(recorded.error?.nativeCode);
      }
    }
    for (const m of answers) if (m.event === 'commonbilling:event') expectedEvents.push(JSON.parse(m.arg));
  }
  expect(events, `${t.name}: events`).to.deep.equal(expectedEvents);
  client.close();
  return { warnings };
}

describe('SDK BridgeClient replays the bridge transcripts', () => {
  for (const t of transcripts.filter(sendable)) {
    for (const synchronous of [false, true]) {
      it(`${t.name} (${synchronous ? 'answered inside dispatch, like iOS' : 'answered later, like Android'})`, async () => {
        const { warnings } = await replay(t, synchronous);
        expect(warnings, 'no message was rejected as malformed').to.deep.equal([]);
      });
    }
  }

  it('every transcript but the malformed-request one can be sent by the SDK', () => {
    expect(transcripts.filter((t) => !sendable(t)).map((t) => t.name)).to.deep.equal(['malformed request']);
  });
});
