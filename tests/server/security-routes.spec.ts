import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { buildApp } from '../../server/src/app';
import { ServerKeys } from '../../server/src/domain/keys';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { freshDatabase, type TestDatabase } from './support/engines';

const DOCS = resolve(__dirname, '../../docs');
const ROW = /^\| `(GET|POST|PUT|DELETE|PATCH) ([^`]+)` \|([^|]+)\|([^|]+)\|([^|]+)\|$/;

/** `docs/security.md` §8 (and its Korean copy): method + path of each route row, with its cells. */
function routeTable(file: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = ROW.exec(line.trim());
    if (m) rows.set(`${m[1]} ${m[2]}`, [m[3]!, m[4]!, m[5]!].map((c) => c.trim()));
  }
  return rows;
}

/** Issue #13: every route is in the security route table, with who may call it, how, and what it changes. */
describe('docs/security.md route table', function () {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    tdb = await freshDatabase('sqlite');
    app = await buildApp({ db: tdb.db, keys: new ServerKeys(randomBytes(32)), markets: defaultMarketRegistry, rateLimitPerMinute: 0 });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const documented = () => (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;

  for (const file of ['security.md', 'ko/security.md']) {
    it(`${file} names every route of /openapi.json, and only routes the server has`, async () => {
      const table = routeTable(resolve(DOCS, file));
      const served = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>().paths;
      expect(Object.keys(served)).to.deep.equal(Object.keys(documented()));
      const fromOpenApi = Object.entries(served).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      expect(fromOpenApi.filter((r) => !table.has(r)), 'routes missing from the table').to.deep.equal([]);
      for (const [route, cells] of table) {
        const [method, path] = route.split(' ') as [HTTPMethods, string];
        expect(app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') }), `${route} is not a route of the server`).to.equal(true);
        expect(cells.every((c) => c.length > 0), `${route} has an empty cell`).to.equal(true);
      }
    });
  }
});
