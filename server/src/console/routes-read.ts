import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import { errorResponses } from '../routes/common';
import {
  AuditQuery, AuditResponse, PurchaseDetail, PurchaseIdParams, QueueParams, QueueResponse, SearchQuery, SearchResponse, StatsQuery, StatsResponse,
} from './api-schemas';
import { listAudit, writeAudit } from './audit';
import { ACTION_ROLES, actionsFor } from './actions';
import { guard, roleAtLeast, sessionOf } from './auth';
import { csvLines } from './csv';
import type { ConsoleDeps } from './deps';
import { loadDetail } from './detail';
import { loadQueue } from './queues';
import { openRevocationOf } from '../lifecycle/unconfirmed';
import { buildWhere, searchPurchases } from './search';
import { loadStats } from './stats';
import { security } from '../routes/security';

/** Everything a viewer may read: search, CSV export, detail, queues, stats; the audit log for support. */
export const readRoutes: FastifyPluginAsyncTypebox<ConsoleDeps> = async (app, deps) => {
  const { db, now } = deps;
  const viewer = guard(deps, 'viewer');
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/console/api/purchases', {
    schema: { tags: ['console'], security: security.consoleSession, querystring: SearchQuery, response: { 200: SearchResponse, ...errorResponses } },
    preHandler: viewer,
  }, async (request) => searchPurchases(db, request.query, deps.decodePayload));

  app.get('/console/api/purchases.csv', {
    schema: { tags: ['console'], security: security.consoleSession, querystring: SearchQuery },
    preHandler: viewer,
  }, async (request, reply) => {
    const { cursor: _cursor, limit: _limit, ...filters } = request.query;
    buildWhere(filters, deps.decodePayload); // bad filters answer 400 before the stream starts
    // An export takes customer data out of the console: it is audited like an action.
    await db.write((tx) => writeAudit(tx, { actor: sessionOf(request).account.email, action: 'export-csv', details: filters, ip: request.ip }, now()));
    const day = new Date(now()).toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="payments-${day}.csv"`)
      .send(Readable.from(csvLines(db, filters, deps.decodePayload)));
  });

  app.get('/console/api/purchases/:purchaseId', {
    schema: { tags: ['console'], security: security.consoleSession, params: PurchaseIdParams, response: { 200: PurchaseDetail, ...errorResponses } },
    preHandler: viewer,
  }, async (request) => {
    const detail = await loadDetail(db, request.params.purchaseId);
    const role = sessionOf(request).account.role;
    const actions: string[] = actionsFor(detail.purchase.state).filter((a) => roleAtLeast(role, ACTION_ROLES[a]));
    // An UNCLAIMED purchase can be given to a player by support (POST .../assign).
    if (detail.purchase.state === 'UNCLAIMED' && roleAtLeast(role, 'support')) actions.push('assign');
    if (roleAtLeast(role, 'admin') && (await openRevocationOf(db, request.params.purchaseId))) actions.push('confirm-revocation', 'dismiss-revocation');
    return { ...detail, actions };
  });

  app.get('/console/api/queues/:kind', {
    schema: { tags: ['console'], security: security.consoleSession, params: QueueParams, response: { 200: QueueResponse, ...errorResponses } },
    preHandler: viewer,
  }, async (request) => ({ items: await loadQueue(db, request.params.kind, now(), deps.deadlinePolicy) }));

  app.get('/console/api/stats', {
    schema: { tags: ['console'], security: security.consoleSession, querystring: StatsQuery, response: { 200: StatsResponse, ...errorResponses } },
    preHandler: viewer,
  }, async (request) => loadStats(db, request.query.from, request.query.to, now(), deps.filters().states));

  app.get('/console/api/audit', {
    schema: { tags: ['console'], security: security.consoleSession, querystring: AuditQuery, response: { 200: AuditResponse, ...errorResponses } },
    preHandler: guard(deps, 'support'),
  }, async (request) => ({ items: await listAudit(db, request.query.limit ? Number(request.query.limit) : 200) }));
};
