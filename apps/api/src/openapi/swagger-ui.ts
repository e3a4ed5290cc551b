import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { hashSource, pagePolicy } from '../security/content-security-policy';

/**
 * Swagger UI from the `swagger-ui-dist` files that ship with @nestjs/swagger,
 * served by four fixed routes. Nest's own UI serving needs @fastify/static,
 * whose current major is ESM-only and cannot load under jest; and a CDN is no
 * option on air-gapped sites.
 */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export function serveSwaggerUi(app: NestFastifyApplication, uiPath: string, jsonPath: string): void {
  const assetsDir = path.dirname(
    require.resolve('swagger-ui-dist/package.json', { paths: [path.dirname(require.resolve('@nestjs/swagger'))] }),
  );
  const http = app.getHttpAdapter();
  const html = indexHtml(uiPath);
  const init = initScript(jsonPath);
  const policy = uiPolicy(assetsDir);
  http.get(`/${uiPath}`, (_req: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', policy).send(html),
  );
  http.get(`/${uiPath}/swagger-ui-init.js`, (_req: unknown, reply: FastifyReply) =>
    reply.type('application/javascript; charset=utf-8').send(init),
  );
  for (const [file, type] of Object.entries(ASSETS)) {
    const absolute = path.join(assetsDir, file);
    http.get(`/${uiPath}/${file}`, (_req: unknown, reply: FastifyReply) =>
      reply.type(type).header('cache-control', 'public, max-age=86400').send(fs.createReadStream(absolute)),
    );
  }
}

/**
 * Swagger UI's own files only. Its stylesheet draws icons from `data:` URLs,
 * and the standalone preset renders its logo with a small inline <style>,
 * admitted by hash (read from the shipped file, so an upgrade keeps it).
 */
function uiPolicy(assetsDir: string): string {
  const preset = fs.readFileSync(path.join(assetsDir, 'swagger-ui-standalone-preset.js'), 'utf8');
  const inlineStyles = [...preset.matchAll(/createElement\("style",null,"([^"\\]*)"\)/g)].map((m) => hashSource(m[1]));
  return pagePolicy({ script: ["'self'"], style: ["'self'", ...inlineStyles], img: ["'self'", 'data:'], formAction: ["'self'"] });
}

function indexHtml(uiPath: string): string {
  const base = `/${uiPath}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>gongkai API 文档</title>
  <link rel="stylesheet" href="${base}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${base}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${base}/swagger-ui-bundle.js"></script>
  <script src="${base}/swagger-ui-standalone-preset.js"></script>
  <script src="${base}/swagger-ui-init.js"></script>
</body>
</html>
`;
}

function initScript(jsonPath: string): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(`/${jsonPath}`)},
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  // No badge from validator.swagger.io: it would send the document's address off site (and the CSP blocks it).
  validatorUrl: null,
});
`;
}
