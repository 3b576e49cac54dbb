/**
 * OpenAPI security: the schemes a caller may present, and what each route requires, so that a
 * generated client knows what to send. Every route names one of these in its schema
 * (tests/server/openapi-security.spec.ts checks that none is left out).
 */
export const securitySchemes = {
  appKey: { type: 'apiKey', in: 'header', name: 'X-App-Key', description: 'The app key (public, shipped in the game)' },
  session: { type: 'http', scheme: 'bearer', description: 'Session token from POST /v1/sessions (SDK)' },
  appSecret: { type: 'http', scheme: 'bearer', description: 'App secret key (game server only)' },
  adminToken: { type: 'http', scheme: 'bearer', description: 'Admin token (server config `adminToken`; operators and the editor extension)' },
  consoleSession: {
    type: 'apiKey', in: 'cookie', name: 'cb_console',
    description: 'Support-console session cookie from POST /console/api/session; other methods than GET also send its CSRF token in X-CSRF-Token',
  },
} as const;

type SchemeName = keyof typeof securitySchemes;
/** One entry per alternative; each names a scheme of ours (scopes are not used). */
type Requirement = Array<{ [name in SchemeName]?: string[] }>;

const only = (...names: SchemeName[]): Array<Record<string, string[]>> => names.map((name) => ({ [name]: [] }));

export const security = {
  appKey: only('appKey'),
  session: only('session'),
  appSecret: only('appSecret'),
  /** Consume: the game server with its secret, or the SDK with a session (build-in model). */
  secretOrSession: only('appSecret', 'session'),
  adminToken: only('adminToken'),
  consoleSession: only('consoleSession'),
  /**
   * No scheme of ours: store notifications carry the store's own proof (Pub/Sub OIDC token,
   * App Store signed payload, ONE store signature), and console sign-in is the credential check.
   */
  none: [] as Array<Record<string, string[]>>,
} satisfies Record<string, Requirement>;
