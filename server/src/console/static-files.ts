import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where rollup/console.mjs writes the UI. */
export const DEFAULT_CONSOLE_DIST = resolve(__dirname, '..', '..', '..', 'dist', 'console');

/** Only the files the build produces are served: no path from a URL reaches the file system. */
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.js.map': 'application/json; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Console not built</title>
<p>The support console has not been built yet. Run <code>npm run build</code> (or <code>npm start</code>) and reload.</p>`;

export async function consoleStaticFiles(app: FastifyInstance, options: { distDir: string }): Promise<void> {
  async function send(reply: FastifyReply, name: string): Promise<FastifyReply> {
    const type = FILES[name];
    if (!type) {
      reply.callNotFound();
      return reply;
    }
    let body: Buffer;
    try {
      body = await readFile(join(options.distDir, name));
    } catch {
      return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    // The console must never be framed by another site (clickjacking of support actions).
    return reply.type(type).header('cache-control', 'no-cache').header('x-frame-options', 'DENY').send(body);
  }
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', (_request, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/console/:file', (request, reply) => send(reply, request.params.file));
}
