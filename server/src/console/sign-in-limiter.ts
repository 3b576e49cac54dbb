/**
 * Limits failed sign-ins per email and per client address over a sliding window. While a key
 * is over its limit, every attempt is refused (even with the right password), so guessing
 * cannot continue at full speed. Kept in memory: each server instance limits on its own.
 */
export interface SignInLimits {
  windowMs: number;
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, maxFailuresPerEmail: 5, maxFailuresPerIp: 20 };

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: SignInLimits, private readonly now: () => number) {}

  /** Milliseconds until the next attempt is allowed, or 0 when it may go ahead. */
  retryAfterMs(email: string, ip: string): number {
    return Math.max(this.wait(`e:${email}`, this.limits.maxFailuresPerEmail), this.wait(`i:${ip}`, this.limits.maxFailuresPerIp));
  }

  recordFailure(email: string, ip: string): void {
    const at = this.now();
    for (const key of [`e:${email}`, `i:${ip}`]) this.failures.set(key, [...this.recent(key), at]);
    if (this.failures.size > 10_000) this.prune();
  }

  recordSuccess(email: string): void {
    this.failures.delete(`e:${email}`);
  }

  private wait(key: string, max: number): number {
    const recent = this.recent(key);
    if (recent.length < max) return 0;
    const oldestThatCounts = recent[recent.length - max] ?? this.now();
    return Math.max(1, oldestThatCounts + this.limits.windowMs - this.now());
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key);
      if (recent.length === 0) this.failures.delete(key);
      else this.failures.set(key, recent);
    }
  }
}
