/**
 * Holds the recorded bridge transcripts (tests/fixtures/bridge/) to the TypeScript protocol: every
 * request matches its method's params schema, every answer its result schema or BridgeError, every
 * error code is in the one catalog, and every protocol method is recorded at least once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Value } from 'typebox/value';
import { BRIDGE_EVENT_EVENT, BRIDGE_REQUEST_EVENT, BRIDGE_RESPONSE_EVENT, BridgeError, BridgeMethods, PurchasesUpdatedEvent, type BridgeMethod } from '../../assets/common-billing/protocol/bridge';
import { ERROR_CATALOG, isErrorCode } from '../../assets/common-billing/protocol/error-codes';

interface Message { to: string; event: string; arg: string }
interface Transcript { name: string; market: string; store: unknown; messages: Message[] }

const DIR = join(__dirname, '..', 'fixtures', 'bridge');
const transcripts: Transcript[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Transcript);

function parse(arg: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(arg);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isMethod(name: unknown): name is BridgeMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(BridgeMethods, name);
}

function checkError(error: unknown, where: string): void {
  expect(Value.Check(BridgeError, error), `${where}: BridgeError shape`).to.equal(true);
  const { code, retryable } = error as BridgeError;
  expect(isErrorCode(code), `${where}: ${code} is in the catalog`).to.equal(true);
  if (isErrorCode(code) && code !== 'STORE_NOT_READY' && code !== 'STORE_ERROR') {
    // Store-level codes keep the catalog's retryable flag unless the store says it cannot heal
    // (BILLING_UNAVAILABLE, DEVELOPER_ERROR…); those two are the only codes that vary.
    expect(retryable, `${where}: retryable of ${code}`).to.equal(ERROR_CATALOG[code].retryable);
  }
}

describe('bridge transcripts (tests/fixtures/bridge)', () => {
  it('there are transcripts for every market and every protocol method', () => {
    expect(transcripts.length).to.be.greaterThan(40);
    const markets = new Set(transcripts.map((t) => t.market));
    for (const m of ['google-play', 'one-store', 'app-store']) expect(markets, m).to.include(m);
    const methods = new Set<string>();
    for (const t of transcripts) for (const m of t.messages) if (m.to === 'native') methods.add(String(parse(m.arg)?.method));
    for (const m of Object.keys(BridgeMethods)) expect(methods, m).to.include(m);
  });

  for (const t of transcripts) {
    it(`${t.name}: every message matches the protocol`, () => {
      expect(t).to.have.keys('name', 'market', 'store', 'messages');
      const pending = new Map<string, BridgeMethod>();
      let nextId = 1;
      for (const [i, m] of t.messages.entries()) {
        const where = `${t.name} #${i}`;
        const body = parse(m.arg);
        if (m.to === 'native') {
          expect(m.event, where).to.equal(BRIDGE_REQUEST_EVENT);
          if (typeof body?.id !== 'string') continue; // malformed on purpose
          expect(body.id, `${where}: ids count from 1`).to.equal(String(nextId++));
          if (isMethod(body.method) && Value.Check(BridgeMethods[body.method].params, body.params)) pending.set(body.id, body.method);
          continue;
        }
        expect(m.to, where).to.equal('script');
        expect(body, `${where}: JSON object`).to.be.an('object');
        if (m.event === BRIDGE_EVENT_EVENT) {
          expect(Value.Check(PurchasesUpdatedEvent, body), `${where}: purchasesUpdated shape`).to.equal(true);
          if (body?.error) checkError(body.error, where);
          continue;
        }
        expect(m.event, where).to.equal(BRIDGE_RESPONSE_EVENT);
        const method = pending.get(String(body?.id));
        if (body?.ok === true) {
          expect(method, `${where}: answers a valid request`).to.be.a('string');
          expect(Value.Check(BridgeMethods[method as BridgeMethod].result, body.result), `${where}: ${method} result`).to.equal(true);
        } else {
          expect(body?.ok, where).to.equal(false);
          checkError(body?.error, where);
        }
      }
    });
  }
});
