import * as fs from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WEB_DIST } from './web-app';

/**
 * The web app's hashed assets (Vite names each file after its content), so
 * they can be cached for a year; index.html is answered by WebController with
 * `no-cache`, so a new build reaches browsers at once. Nothing is registered
 * when the app is not built.
 */
export async function serveWebAssets(app: NestFastifyApplication, root: string = WEB_DIST): Promise<void> {
  const assets = path.join(root, 'assets');
  if (!fs.existsSync(assets)) return;
  await app.register(fastifyStatic, {
    root: assets,
    prefix: '/assets/',
    index: false,
    dotfiles: 'deny',
    cacheControl: false,
    setHeaders: (reply) => void reply.header('Cache-Control', 'public, max-age=31536000, immutable'),
  });
}
