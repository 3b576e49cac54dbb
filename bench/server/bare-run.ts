import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { CONNECTIONS, cpuMs, startTarget, stopTarget } from './load';

/**
 * The same machine's floor, measured in the same run: a bare Fastify POST of a JSON body the size
 * of a sandbox receipt, at the same 50 connections. A receipt's CPU divided by this one's is a
 * figure that holds from machine to machine (issue #18's targets were set on a faster one).
 */
export async function bareFastifyCpuUs(requests = 20_000): Promise<number> {
  const t = await startTarget(['bare']);
  try {
    const body = JSON.stringify({ market: 'sandbox', receipt: { originalJson: randomBytes(300).toString('base64'), signature: randomBytes(256).toString('base64') } });
    const run = (amount: number) => autocannon({
      url: t.ready.url, connections: CONNECTIONS, amount, sampleInt: 10,
      requests: [{ method: 'POST', path: '/bare', headers: { 'content-type': 'application/json' }, body }],
    });
    await run(2_000);
    const before = cpuMs(t.child.pid!);
    const result = await run(requests);
    return ((cpuMs(t.child.pid!) - before) * 1000) / result['2xx'];
  } finally {
    await stopTarget(t);
  }
}
