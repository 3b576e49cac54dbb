import { expect } from 'chai';
import { marketIds, marketModule } from '../../../server/src/markets/registry';
import { testContext, thrownBy } from './support';

describe('market registry', () => {
  it('lists the five built-in markets, each with a config schema and a create()', () => {
    expect(marketIds().sort()).to.deep.equal(['app-store', 'google-play', 'naver', 'one-store', 'sandbox']);
    for (const id of marketIds()) expect(marketModule(id)).to.include({ id }).and.to.have.property('configSchema');
  });

  it('throws UNKNOWN_MARKET for an id it does not know', () => {
    expect(thrownBy(() => marketModule('amazon'))).to.include({ code: 'UNKNOWN_MARKET' });
  });

  it('fails closed: every market refuses an empty configuration with MARKET_NOT_CONFIGURED', () => {
    const { ctx } = testContext();
    for (const id of marketIds()) {
      expect(thrownBy(() => marketModule(id).create({}, ctx)).code, id).to.equal('MARKET_NOT_CONFIGURED');
      expect(thrownBy(() => marketModule(id).create(undefined, ctx)).code, id).to.equal('MARKET_NOT_CONFIGURED');
    }
  });
});
