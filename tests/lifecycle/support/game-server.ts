import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  eventId: string;
  type: string;
  signature: string;
  body: string;
  answered: number;
}

/**
 * The game server's webhook endpoint on 127.0.0.1: for each event type, answers the next
 * status of `outages[type]` (then 200), and records everything it received.
 */
export async function startGameServer(outages: Record<string, number[]> = {}): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const type = String(req.headers['x-common-billing-event-type']);
      const answered = outages[type]?.shift() ?? 200;
      received.push({
        eventId: String(req.headers['x-common-billing-event-id']),
        type,
        signature: String(req.headers['x-common-billing-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
      });
      res.writeHead(answered, { 'content-type': 'text/plain' });
      res.end(answered === 200 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/billing-webhook`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
