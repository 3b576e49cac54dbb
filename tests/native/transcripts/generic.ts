/**
 * Transcripts of the dispatcher itself (no store involved): malformed requests, unknown methods and
 * unknown markets. Every bridge (Android, iOS) answers them the same way.
 */
import { Exchange, transcript, wireError, type Transcript } from './builders';

export function genericTranscripts(): Transcript[] {
  const list: Transcript[] = [];
  const add = (name: string, market: string, build: (x: Exchange) => void) => {
    const x = new Exchange();
    build(x);
    list.push(transcript(name, market, {}, x));
  };
  const badRequest = (message: string) => wireError('BAD_REQUEST', message, false);

  add('malformed request', 'google-play', (x) => {
    x.rawRequest('{not json', false);
    x.fail('', badRequest('The request is not a JSON object.'));
    x.rawRequest('{"method":"connect","params":{"market":"google-play"}}', false);
    x.fail('', badRequest('The request has no string id.'));
    x.rawRequest('{"id":"1","method":"queryProducts","params":{"productIds":"gas_10","type":"consumable"}}', true);
    x.fail('1', badRequest('Invalid params for queryProducts: productIds must be an array of strings.'));
    x.rawRequest('{"id":"2","method":"launchPurchase","params":{"productId":"gas_10","type":"gift","quantity":1,"accountId":"","profileId":"","developerPayload":"","appAccountToken":""}}', true);
    x.fail('2', badRequest('Invalid params for launchPurchase: type must be consumable, non-consumable or subscription.'));
    x.rawRequest('{"id":"3","method":"consume"}', true);
    x.fail('3', badRequest('Invalid params for consume: params must be an object.'));
  });
  add('unknown method', 'google-play', (x) => {
    x.call('refund', { purchaseToken: 'gp-token-gas10-a' }, { error: badRequest('Unknown method: refund.') });
  });
  add('unknown market', 'no-such-market', (x) => {
    x.call('connect', { market: 'no-such-market' }, { error: wireError('UNKNOWN_MARKET', 'This bridge has no market named no-such-market.', false) });
  });
  return list;
}
