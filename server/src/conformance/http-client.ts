/** An answer of the target server: status and parsed JSON (or the error envelope's code). */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  /** The catalog code of an error answer (`{error: {code}}`), undefined on success. */
  code?: string;
}

/**
 * The public HTTP API of a Common Billing server as an SDK, a game server and an operator call
 * it: plain fetch, JSON in and out, nothing this project's server code knows about.
 */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text (a proxy's error page, say) so the report shows it.
    }
    const code = response.ok ? undefined : errorCode(body) ?? `HTTP_${response.status}`;
    return { status: response.status, body: body as T, code };
  }
}

function errorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

/** A failed call that a scenario did not expect: stops the scenario with what the server said. */
export class UnexpectedAnswer extends Error {
  constructor(what: string, answer: Answer) {
    super(`${what}: HTTP ${answer.status}${answer.code ? ` ${answer.code}` : ''}`);
  }
}

export function ok<T>(what: string, answer: Answer<T>): T {
  if (answer.status < 200 || answer.status >= 300) throw new UnexpectedAnswer(what, answer);
  return answer.body;
}
