import argon2 from 'argon2';

/**
 * argon2id with the library's defaults (m=64 MiB, t=3, p=4), above OWASP's minimum. The PHC
 * string keeps its own parameters, so raising them later still verifies older hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash never lets anyone in.
    return false;
  }
}

/** Minimum the CLI enforces when creating an account. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * A fixed hash that no password matches in practice, verified when the email is unknown so
 * that a failed sign-in takes the same time whether or not the account exists.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoyHash;
}
