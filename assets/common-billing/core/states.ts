import { BillingError } from '../protocol/error-codes';

/**
 * Client journal states (DESIGN.md §3) and THE transition table. Every state change of a
 * journal entry goes through `assertTransition`, so an impossible step is a bug we see,
 * not a silently corrupted journal.
 */
export type ClientState =
  | 'RESERVED'
  | 'PAID'
  | 'VERIFIED'
  | 'CONSUMED'
  | 'FINISHED'
  | 'CANCELED'
  | 'PENDING'
  | 'FAILED';

export const TERMINAL_STATES: readonly ClientState[] = ['FINISHED', 'CANCELED', 'FAILED'];

const TRANSITIONS: Record<ClientState, readonly ClientState[]> = {
  RESERVED: ['PAID', 'PENDING', 'CANCELED', 'FAILED', 'VERIFIED'],
  PENDING: ['PAID', 'CANCELED', 'FAILED', 'VERIFIED'],
  // PAID → PAID: a retry after a retryable failure keeps the receipt and records the attempt.
  PAID: ['PAID', 'VERIFIED', 'FAILED'],
  VERIFIED: ['CONSUMED', 'FINISHED'],
  CONSUMED: ['FINISHED'],
  FINISHED: [],
  CANCELED: [],
  FAILED: [],
};

export function canTransition(from: ClientState, to: ClientState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ClientState, to: ClientState): void {
  if (!canTransition(from, to)) {
    throw new BillingError('PURCHASE_STATE_INVALID', `A purchase cannot go from ${from} to ${to}.`);
  }
}

export function isTerminal(state: ClientState): boolean {
  return TERMINAL_STATES.includes(state);
}
