import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { findApp, insertApp, upsertAppMarket, type AppRow, type PlayerIdentityPolicy } from '../storage/repos/apps';
import { upsertProduct, type ProductDefinition } from '../storage/repos/products';
import type { Database } from '../storage/types';
import { APP_SECRET_PREFIX } from './auth';
import { hashSecret, newSecret, type ServerKeys } from './keys';
import { checkNotificationAuthConfig } from './notification-auth';

/** Sandbox-only apps and the config's `sandbox:` key are core policy; the id is the sandbox module's. */
import { SANDBOX_MARKET_ID } from '../markets/sandbox/config';
export const SANDBOX_MARKET = SANDBOX_MARKET_ID;

/** The sandbox market's per-app configuration (the sandbox verifier reads the public half). */
export interface SandboxMarketConfig {
  publicKeyPem: string;
  privateKeyPem: string;
  packageName: string;
}

export function newSandboxConfig(packageName: string): SandboxMarketConfig {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    packageName,
  };
}

export interface CreateAppInput {
  appKey?: string;
  name: string;
  /** Only the sandbox market may be enabled (the demo app, local testing). */
  sandboxOnly?: boolean;
  /** 'off' is allowed only for a sandbox-only app; every other app requires game-server login tokens. */
  loginToken?: 'required' | 'off';
  /** Epoch ms until which the old static user signature is still accepted (migration window). */
  legacySignatureUntil?: number | null;
  /** Enables the sandbox market with a fresh RSA-2048 key pair. */
  sandbox?: { packageName: string };
  /** Use this secret instead of generating one (config-file apps). */
  secretKey?: string;
  products?: ProductDefinition[];
}

export interface CreatedApp {
  appKey: string;
  /** Shown once; only its hash (and a sealed copy for user signatures) is stored. */
  secretKey: string;
  created: boolean;
}

const APP_KEY = /^[A-Za-z0-9_.-]{3,64}$/;

/** Creates an app with its secret (and sandbox keys). Idempotent on `appKey`: an existing app is left as is. */
export async function createApp(db: Database, keys: ServerKeys, input: CreateAppInput, now: number): Promise<CreatedApp> {
  const appKey = input.appKey ?? `app_${randomBytes(9).toString('base64url')}`;
  if (!APP_KEY.test(appKey)) throw new BillingError('VALIDATION_FAILED', 'App keys are 3-64 characters of A-Z a-z 0-9 _ . -');
  const secretKey = input.secretKey ?? newSecret(APP_SECRET_PREFIX);
  if (!secretKey.startsWith(`${APP_SECRET_PREFIX}_`) || secretKey.length < 40) {
    throw new BillingError('VALIDATION_FAILED', `App secret keys start with "${APP_SECRET_PREFIX}_" and have at least 40 characters.`);
  }
  const sandbox = input.sandbox ? newSandboxConfig(input.sandbox.packageName) : undefined;
  const created = await db.write(async (tx) => {
    const inserted = await insertApp(tx, {
      appKey,
      name: input.name,
      secretHash: hashSecret(secretKey),
      secretSealed: keys.sealText(secretKey),
      identity: identityPolicy(input),
      now,
    });
    if (!inserted) return false;
    if (sandbox) await upsertAppMarket(tx, appKey, SANDBOX_MARKET, true, sandbox, now);
    for (const p of input.products ?? []) await upsertProduct(tx, appKey, p, now);
    return true;
  });
  return { appKey, secretKey, created };
}

/** The identity policy an app asks for; switching login tokens off needs a sandbox-only app. */
export function identityPolicy(input: Pick<CreateAppInput, 'sandboxOnly' | 'loginToken' | 'legacySignatureUntil'>): PlayerIdentityPolicy {
  const sandboxOnly = input.sandboxOnly === true;
  if (input.loginToken === 'off' && !sandboxOnly) {
    throw new BillingError('VALIDATION_FAILED', 'Login tokens can be switched off only for a sandbox-only app (sandboxOnly: true).');
  }
  return { sandboxOnly, loginTokenRequired: input.loginToken !== 'off', legacySignatureUntil: input.legacySignatureUntil ?? null };
}

/** A sandbox-only app may enable no real store: switching its login tokens off must not expose real purchases. */
export function checkMarketAllowed(app: Pick<AppRow, 'app_key' | 'sandbox_only'>, market: string, enabled: boolean): void {
  if (enabled && Number(app.sandbox_only) === 1 && market !== SANDBOX_MARKET) {
    throw new BillingError('VALIDATION_FAILED', `App ${app.app_key} is sandbox-only; it cannot enable ${market}.`, { details: { market } });
  }
}

/** Every way a market setting is saved (config file, CLI, admin API) goes through this check. */
export function checkMarketSetting(app: Pick<AppRow, 'app_key' | 'sandbox_only'>, market: string, enabled: boolean, config: unknown): void {
  checkMarketAllowed(app, market, enabled);
  checkNotificationAuthConfig(market, config);
}

export async function requireApp(db: Database, appKey: string) {
  const app = await findApp(db, appKey);
  if (!app) throw new BillingError('NOT_FOUND', 'No such app.', { details: { appKey } });
  return app;
}
