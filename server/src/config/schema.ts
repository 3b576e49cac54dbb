import { Type, type Static } from 'typebox';
import { ProductDefinitionSchema } from '../routes/admin-schemas';

/**
 * The server's configuration file (`common-billing.json`, or `--config` / COMMON_BILLING_CONFIG).
 * `common-billing init` writes one with fresh secrets. Apps listed here are created or updated
 * in the database at `start` and `migrate` (the database stays the source of truth for apps
 * created with the CLI or the admin API).
 */
export const AppConfig = Type.Object(
  {
    appKey: Type.String({ pattern: '^[A-Za-z0-9_.-]{3,64}$' }),
    name: Type.String({ minLength: 1 }),
    secretKey: Type.String({ minLength: 40, pattern: '^cbsk_' }),
    /** Replaced by login tokens (always required unless sandboxOnly + loginToken 'off'); still read so old files load. */
    requireUserSignature: Type.Optional(Type.Boolean({ deprecated: true })),
    sandboxOnly: Type.Optional(Type.Boolean({ description: 'Only the sandbox market may be enabled; only such an app may set loginToken "off"' })),
    loginToken: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('off')], { description: 'Game-server login tokens; default required' })),
    legacyUserSignatureUntil: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$', description: 'Accept the old static userSignature until this time (migration window)' })),
    dataKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' })),
    sandbox: Type.Optional(Type.Object({ packageName: Type.String({ minLength: 1 }) })),
    markets: Type.Optional(Type.Record(Type.String(), Type.Object({ enabled: Type.Boolean(), config: Type.Record(Type.String(), Type.Unknown()) }))),
    products: Type.Optional(Type.Array(ProductDefinitionSchema)),
  },
  { additionalProperties: false },
);
export type AppConfig = Static<typeof AppConfig>;

export const ServerConfig = Type.Object(
  {
    server: Type.Optional(
      Type.Object({
        host: Type.Optional(Type.String()),
        port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
        trustProxy: Type.Optional(Type.Boolean()),
        corsOrigins: Type.Optional(Type.Array(Type.String({ pattern: '^(\\*|https?://[^/\\s]+)$' }), { description: 'Browser origins allowed to call /v1/* (the Cocos preview, web builds)' })),
        logLevel: Type.Optional(Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')])),
      }),
    ),
    database: Type.Union([
      Type.Object({ engine: Type.Literal('sqlite'), file: Type.String({ minLength: 1 }) }),
      Type.Object({ engine: Type.Literal('postgres'), url: Type.String({ minLength: 1 }), poolSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
    ]),
    secrets: Type.Object({
      masterKey: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'base64 of 32 random bytes; shared by every instance' }),
      adminToken: Type.Optional(Type.String({ minLength: 24 })),
    }),
    limits: Type.Optional(Type.Object({ bodyLimitBytes: Type.Optional(Type.Integer({ minimum: 1024 })), rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 0 })) })),
    sessionTtlSeconds: Type.Optional(Type.Integer({ minimum: 60 })),
    reservationTtlSeconds: Type.Optional(Type.Integer({ minimum: 60 })),
    apps: Type.Optional(Type.Array(AppConfig)),
  },
  { additionalProperties: false },
);
export type ServerConfig = Static<typeof ServerConfig>;
