import { expect } from 'chai';
import { timeOrderedId } from '../../server/src/storage/time-ordered-id';

describe('time-ordered row ids (UUID v7)', () => {
  it('are version-7 UUIDs whose text order follows time', () => {
    const early = timeOrderedId(1_700_000_000_000);
    const late = timeOrderedId(1_700_000_000_001);
    expect(early).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early < late).to.equal(true);
    expect(early.slice(0, 13).replace('-', '')).to.equal((1_700_000_000_000).toString(16).padStart(12, '0'));
  });

  it('are unique within one millisecond and accept any clock value', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedId(5)));
    expect(ids.size).to.equal(10_000);
    expect(() => timeOrderedId(-1)).not.to.throw();
    expect(() => timeOrderedId(2 ** 60)).not.to.throw();
    expect(() => timeOrderedId(1.5)).not.to.throw();
  });

  it('draw fresh random bits for every id, also across refills of the random pool', () => {
    // 1,000 ids span several refills; their random parts (the 74 bits after the clock) never repeat.
    const randomParts = new Set(Array.from({ length: 1_000 }, () => timeOrderedId(7).slice(15).replace(/-/g, '')));
    expect(randomParts.size).to.equal(1_000);
  });
});
