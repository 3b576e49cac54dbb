import { hitCounter, resetCounter } from '../storage/repos/limit-counters';
import type { Database } from '../storage/types';

/**
 * Limits console sign-in attempts per email and per client address over a window. Every
 * attempt is counted BEFORE its password is hashed, in the database (limit_counters), so
 * parallel guesses cannot all pass a check made before the failure is recorded, and every
 * instance on one database shares the count. Over a limit the attempt is refused without
 * hashing (even with the right password). An address also hashes at most
 * `maxConcurrentPerIp` passwords at once in one instance: argon2 costs 64 MiB each.
 */
export interface SignInLimits {
  windowMs: number;
  /** Attempts per email per window; a successful sign-in clears the count. */
  maxAttemptsPerEmail: number;
  /** Attempts per client address per window (successful or not): bounds the hashing one address can cause. */
  maxAttemptsPerIp: number;
  maxConcurrentPerIp: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, maxAttemptsPerEmail: 5, maxAttemptsPerIp: 30, maxConcurrentPerIp: 2 };

export type Admission = { admitted: true; release(): void } | { admitted: false; retryAfterMs: number };

export class SignInLimiter {
  private readonly hashing = new Map<string, number>();

  constructor(private readonly limits: SignInLimits, private readonly db: Database, private readonly now: () => number) {}

  /** Counts the attempt; when admitted the caller hashes the password and then calls release(). */
  async admit(email: string, ip: string): Promise<Admission> {
    if ((this.hashing.get(ip) ?? 0) >= this.limits.maxConcurrentPerIp) return { admitted: false, retryAfterMs: 1000 };
    this.hashing.set(ip, (this.hashing.get(ip) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.hashing.get(ip) ?? 1) - 1;
      if (left <= 0) this.hashing.delete(ip);
      else this.hashing.set(ip, left);
    };
    try {
      const at = this.now();
      const [byEmail, byIp] = await this.db.write(async (tx) => [
        await hitCounter(tx, `signin:email:${email}`, this.limits.windowMs, at),
        await hitCounter(tx, `signin:ip:${ip}`, this.limits.windowMs, at),
      ]);
      const over = [byEmail.hits > this.limits.maxAttemptsPerEmail ? byEmail.expiresAt : 0, byIp.hits > this.limits.maxAttemptsPerIp ? byIp.expiresAt : 0];
      const until = Math.max(...over);
      if (until > 0) {
        release();
        return { admitted: false, retryAfterMs: Math.max(1, until - at) };
      }
      return { admitted: true, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The right password: the email's count starts again (the address keeps its count). */
  async recordSuccess(email: string): Promise<void> {
    await this.db.write((tx) => resetCounter(tx, `signin:email:${email}`));
  }
}
