import type { SessionInfo } from '../../../server/src/console/api-schemas';

export interface Answer {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

/**
 * A console user over real HTTP: keeps the session cookie like a browser would and sends the
 * CSRF token on writes (unless a test says otherwise).
 */
export class ConsoleClient {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(readonly baseUrl: string, readonly headers: Record<string, string> = {}) {}

  async signIn(email: string, password: string): Promise<Answer> {
    const answer = await this.request('POST', '/console/api/session', { email, password });
    if (answer.status === 200) {
      this.csrfToken = (answer.body as SessionInfo).csrfToken;
      const setCookie = answer.headers.get('set-cookie');
      this.cookie = setCookie ? setCookie.split(';')[0] ?? null : null;
    }
    return answer;
  }

  async request(method: string, path: string, body?: unknown, options: { csrf?: string | null } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...this.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = null;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get(path: string): Promise<Answer> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown, options?: { csrf?: string | null }): Promise<Answer> {
    return this.request('POST', path, body, options);
  }
}

export function errorCode(answer: Answer): string | undefined {
  return (answer.body as { error?: { code?: string } } | null)?.error?.code;
}
