import { expect } from 'chai';
import { canTransition, isTerminal, type ClientState } from '../../assets/common-billing/core/states';
import { googlePlayState } from '../../assets/common-billing/markets/google-play/google-play-market';
import { oneStoreState } from '../../assets/common-billing/markets/one-store/one-store-market';
import { appStoreState } from '../../assets/common-billing/markets/app-store/app-store-market';
import { sandboxState } from '../../assets/common-billing/markets/sandbox/sandbox-market';
import { naver } from '../../assets/common-billing/markets/naver/naver-market';
import { MARKETS } from '../../assets/common-billing/markets/registry';
import { BRIDGE_EVENT_EVENT, BRIDGE_REQUEST_EVENT, BRIDGE_RESPONSE_EVENT } from '../../assets/common-billing/core/bridge-transport';
import * as protocol from '../../assets/common-billing/protocol/bridge';

describe('client state transition table', () => {
  const table: [ClientState, ClientState, boolean][] = [
    ['RESERVED', 'PAID', true], ['RESERVED', 'PENDING', true], ['RESERVED', 'CANCELED', true], ['PENDING', 'PAID', true],
    ['PAID', 'VERIFIED', true], ['PAID', 'PAID', true], ['VERIFIED', 'CONSUMED', true], ['VERIFIED', 'FINISHED', true], ['CONSUMED', 'FINISHED', true],
    ['PAID', 'CANCELED', false], ['VERIFIED', 'PAID', false], ['CONSUMED', 'VERIFIED', false], ['FINISHED', 'RESERVED', false], ['CANCELED', 'PAID', false], ['FAILED', 'PAID', false],
  ];
  for (const [from, to, allowed] of table) {
    it(`${from} → ${to}: ${allowed ? 'allowed' : 'refused'}`, () => expect(canTransition(from, to)).to.equal(allowed));
  }
  it('terminal states are FINISHED, CANCELED and FAILED', () => {
    expect((['RESERVED', 'PENDING', 'PAID', 'VERIFIED', 'CONSUMED', 'FINISHED', 'CANCELED', 'FAILED'] as ClientState[]).filter(isTerminal)).to.deep.equal(['FINISHED', 'CANCELED', 'FAILED']);
  });
});

describe('native state → our state, per market', () => {
  const cases: [string, (n: { nativeState: number | string }) => string, (number | string)[], string][] = [
    ['google-play', googlePlayState, [1, 'PURCHASED'], 'PAID'],
    ['google-play', googlePlayState, [2, 'PENDING'], 'PENDING'],
    ['google-play', googlePlayState, [0, 4, 'x'], 'FAILED'],
    ['one-store', oneStoreState, [0, 'PURCHASED'], 'PAID'],
    ['one-store', oneStoreState, [1, 2, 'CANCEL', 'REFUND'], 'CANCELED'],
    ['one-store', oneStoreState, [3, 'x'], 'FAILED'],
    ['app-store', appStoreState, ['purchased'], 'PAID'],
    ['app-store', appStoreState, ['pending'], 'PENDING'],
    ['app-store', appStoreState, ['userCancelled', 'revoked'], 'CANCELED'],
    ['app-store', appStoreState, ['unverified', 1], 'FAILED'],
    ['sandbox', sandboxState, ['purchased'], 'PAID'],
    ['sandbox', sandboxState, ['pending'], 'PENDING'],
    ['sandbox', sandboxState, ['canceled'], 'CANCELED'],
    ['sandbox', sandboxState, ['consumed'], 'FAILED'],
  ];
  for (const [market, fn, natives, ours] of cases) {
    it(`${market}: ${natives.join(', ')} → ${ours}`, () => {
      for (const nativeState of natives) expect(fn({ nativeState })).to.equal(ours);
    });
  }
});

describe('market definitions', () => {
  const payload = { developerPayload: 'dp', obfuscatedAccountId: 'acc', obfuscatedProfileId: 'prf', appAccountToken: '6F0C2A4E-1B7D-4C55-9A3E-2D8F1E6B7C90' };
  it('map the reservation payload to each store binding', () => {
    expect(MARKETS['google-play']!.launchBinding(payload)).to.deep.equal({ accountId: 'acc', profileId: 'prf', developerPayload: '', appAccountToken: '' });
    expect(MARKETS['one-store']!.launchBinding(payload)).to.deep.equal({ accountId: '', profileId: '', developerPayload: 'dp', appAccountToken: '' });
    expect(MARKETS['app-store']!.launchBinding(payload).appAccountToken).to.equal(payload.appAccountToken);
    expect(MARKETS['app-store']!.reservationBinding(payload)).to.equal(payload.appAccountToken.toLowerCase());
  });
  it('say on which platforms they exist', () => {
    expect(Object.fromEntries(Object.values(MARKETS).map((m) => [m.id, [...m.platforms]]))).to.deep.equal({
      'google-play': ['android'], 'one-store': ['android'], 'app-store': ['ios'], naver: ['android'], sandbox: ['web', 'editor', 'android', 'ios'],
    });
  });
  it('finish: Google/ONE store consume consumables and acknowledge the rest, StoreKit finishes everything', () => {
    expect(['consumable', 'non-consumable'].map((t) => MARKETS['google-play']!.finishMethod(t as 'consumable'))).to.deep.equal(['consume', 'acknowledge']);
    expect(MARKETS['app-store']!.finishMethod('consumable')).to.equal('finish');
  });
  it('naver (legacy builds) buys through the ONE store SDK and belongs to the server\'s one-store market', () => {
    expect([naver.id, naver.nativeMarket, naver.serverMarket]).to.deep.equal(['naver', 'one-store', 'one-store']);
  });
  it('bridge event names equal the protocol constants', () => {
    expect([BRIDGE_REQUEST_EVENT, BRIDGE_RESPONSE_EVENT, BRIDGE_EVENT_EVENT]).to.deep.equal([protocol.BRIDGE_REQUEST_EVENT, protocol.BRIDGE_RESPONSE_EVENT, protocol.BRIDGE_EVENT_EVENT]);
  });
});
