import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { serveBuiltFiles } from '../plugins/built-files';
import { security } from '../routes/security';
import type { Feature } from '../features';

/**
 * Serves the web edition of the Gas Station sample (issue #8) under `/demo/`: the rollup
 * bundle in `dist/demo/` (rollup/demo.mjs) and `/demo/config.json`, which tells the page
 * which app it plays as. Only the few files the build produces are served (a fixed list, so
 * no path from the URL ever reaches the file system).
 */
export interface DemoPluginOptions {
  /** Folder with the built page; default `<repo>/dist/demo`. */
  distDir?: string;
  /** The app key the page plays as; null when there is none (the page then says how to get one). */
  appKey(): string | null;
}

export interface DemoFeatureOptions {
  distDir?: string;
  /** A fixed app key; otherwise the one `common-billing demo` seeds (see `seedDemo`). */
  appKey?: string;
}

/**
 * The demo as a server feature (`server/src/features.ts`). `common-billing demo` creates the
 * demo app and calls `seedDemo` with its key; the page then plays as that app. A server
 * started with `start` has no demo app, and the page says so.
 */
export function demoFeature(options: DemoFeatureOptions = {}): Feature {
  let seededAppKey: string | null = options.appKey ?? null;
  return {
    name: 'demo',
    plugin: (app) => demoPlugin(app, { distDir: options.distDir, appKey: () => seededAppKey }),
    async seedDemo(ctx) {
      seededAppKey = ctx.appKey;
    },
  };
}

export const DEFAULT_DEMO_DIST = resolve(__dirname, '..', '..', '..', 'dist', 'demo');

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Demo not built</title>
<p>The Gas Station demo has not been built yet. Run <code>npm run build</code> (or <code>npm start</code>) and reload.</p>`;

export async function demoPlugin(app: FastifyInstance, options: DemoPluginOptions): Promise<void> {
  app.get('/demo/config.json', { schema: { tags: ['demo'], security: security.none } }, (_request, reply) => reply.header('cache-control', 'no-store').send({ appKey: options.appKey() }));
  serveBuiltFiles(app, {
    prefix: '/demo',
    distDir: options.distDir ?? DEFAULT_DEMO_DIST,
    files: {
      'index.html': 'text/html; charset=utf-8',
      'style.css': 'text/css; charset=utf-8',
      'demo.js': 'text/javascript; charset=utf-8',
      'demo.js.map': 'application/json; charset=utf-8',
    },
    notBuiltPage: NOT_BUILT_PAGE,
  });
}
