import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ReceivedWebhook {
  eventId: string;
  type: string;
  purchaseId?: string;
  /** What the receiver answered. */
  answered: number;
  signatureValid: boolean;
}

/**
 * The game server's webhook endpoint, played by the command: it checks each delivery's
 * signature (HMAC-SHA256 of "<t>.<body>" with the app secret, docs/lifecycle.md) and answers
 * 503 while "down", 200 while "up". The target must be able to reach it (`--simulator-host`).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  up = true;
  secret = '';
  url = '';
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => response.writeHead(this.take(Buffer.concat(chunks).toString('utf8'), request.headers)).end());
  });

  private constructor() {}

  static async start(bindHost: string, publicHost: string): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve, reject) => receiver.server.once('error', reject).listen(0, bindHost, resolve));
    const port = (receiver.server.address() as AddressInfo).port;
    receiver.url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}/webhook`;
    return receiver;
  }

  private take(body: string, headers: Record<string, string | string[] | undefined>): number {
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    let purchaseId: string | undefined;
    try {
      purchaseId = (JSON.parse(body) as { purchase?: { purchaseId?: string } }).purchase?.purchaseId;
    } catch {
      purchaseId = undefined;
    }
    const answered = this.up ? 200 : 503;
    this.received.push({
      eventId: header('x-common-billing-event-id') ?? '',
      type: header('x-common-billing-event-type') ?? '',
      purchaseId,
      answered,
      signatureValid: this.verify(body, header('x-common-billing-signature')),
    });
    return answered;
  }

  private verify(body: string, signature: string | undefined): boolean {
    const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(signature ?? '');
    if (!m || !this.secret) return false;
    const expected = createHmac('sha256', this.secret).update(`${m[1]}.${body}`).digest();
    return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
  }

  /** Deliveries of one purchase (and type, if given). */
  of(purchaseId: string, type?: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.purchaseId === purchaseId && (type === undefined || r.type === type));
  }

  /** Polls until `done()` or the time is up; true when done. */
  async waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
    return true;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
