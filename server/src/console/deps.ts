import type { BillingContext } from '../domain/context';
import type { Database } from '../storage/types';
import type { DeadlinePolicy } from './queues';
import type { PayloadDecoder } from './search';
import type { SessionPolicy } from './sessions';
import type { SignInLimiter } from './sign-in-limiter';

/** What the console's route plugins share; built once by the console feature. */
export interface ConsoleDeps {
  db: Database;
  now(): number;
  /** The billing core (keys), for actions that follow its rules (assigning an unclaimed purchase). */
  billing: BillingContext;
  sessionPolicy: SessionPolicy;
  limiter: SignInLimiter;
  deadlinePolicy: DeadlinePolicy;
  decodePayload: PayloadDecoder;
  /** Choices for the search form (markets from the registry, states, environments). */
  filters(): { markets: string[]; states: string[]; environments: string[] };
}
