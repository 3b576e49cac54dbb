import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BuiltFilesOptions {
  /** URL prefix without a trailing slash, e.g. `/demo`. */
  prefix: string;
  /** The folder a rollup config writes the page to. */
  distDir: string;
  /** File name → content type. Only these are served: no path from a URL reaches the file system. */
  files: Record<string, string>;
  /** Shown with 503 when the page was not built: nothing the visitor sent is wrong. */
  notBuiltPage: string;
  /** Extra headers on every file (e.g. X-Frame-Options for the console). */
  headers?: Record<string, string>;
}

/** Serves a page built by the project's own rollup step (the console, the web demo). */
export function serveBuiltFiles(app: FastifyInstance, options: BuiltFilesOptions): void {
  async function send(reply: FastifyReply, name: string): Promise<FastifyReply> {
    // Own keys only: `constructor`, `__proto__`, `toString` are names of Object.prototype, not files.
    const type = Object.hasOwn(options.files, name) ? options.files[name] : undefined;
    if (typeof type !== 'string') {
      reply.callNotFound();
      return reply;
    }
    let body: Buffer;
    try {
      body = await readFile(join(options.distDir, name));
    } catch {
      return reply.code(503).type('text/html; charset=utf-8').send(options.notBuiltPage);
    }
    return reply.type(type).headers({ 'cache-control': 'no-cache', ...options.headers }).send(body);
  }
  // Page files, not API: kept out of the OpenAPI document.
  const page = { schema: { hide: true } };
  app.get(options.prefix, page, (_request, reply) => reply.redirect(`${options.prefix}/`));
  app.get(`${options.prefix}/`, page, (_request, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>(`${options.prefix}/:file`, page, (request, reply) => send(reply, request.params.file));
}
