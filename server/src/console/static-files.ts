import type { FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import { serveBuiltFiles } from '../plugins/built-files';

/** Where rollup/console.mjs writes the UI. */
export const DEFAULT_CONSOLE_DIST = resolve(__dirname, '..', '..', '..', 'dist', 'console');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Console not built</title>
<p>The support console has not been built yet. Run <code>npm run build</code> (or <code>npm start</code>) and reload.</p>`;

export async function consoleStaticFiles(app: FastifyInstance, options: { distDir: string }): Promise<void> {
  serveBuiltFiles(app, {
    prefix: '/console',
    distDir: options.distDir,
    files: {
      'index.html': 'text/html; charset=utf-8',
      'console.css': 'text/css; charset=utf-8',
      'console.js': 'text/javascript; charset=utf-8',
      'console.js.map': 'application/json; charset=utf-8',
    },
    notBuiltPage: NOT_BUILT,
    // The console must never be framed by another site (clickjacking of support actions).
    headers: { 'x-frame-options': 'DENY' },
  });
}
