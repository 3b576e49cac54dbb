import type { ConsoleAccount } from '../../server/src/console/api-schemas';
import type { ConsoleApi } from './api';

/** What every view gets: the API, the signed-in account, and the hash navigation. */
export interface ViewContext {
  api: ConsoleApi;
  account: ConsoleAccount;
  navigate(hash: string): void;
  /** Re-renders the current route (after an action or a language switch). */
  refresh(): void;
}

export function can(account: ConsoleAccount, need: 'support' | 'admin'): boolean {
  if (need === 'admin') return account.role === 'admin';
  return account.role === 'support' || account.role === 'admin';
}
