import * as fs from 'node:fs';
import * as path from 'node:path';
import { pagePolicy } from '../security/content-security-policy';

/** Where `npm run build:web` (Vite) puts the web app. */
export const WEB_DIST = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'web');

/**
 * The web app's routes (vue-router, history mode): each is answered with
 * index.html. No API path starts with one of these.
 */
export const SPA_ROUTES = ['', 'login', 'todo', 'manuscripts', 'manuscripts/*', 'policy-packages', 'policy-packages/*', 'open', 'open/*', 'participate', 'participate/*', 'consultation-admin', 'consultation-admin/*', 'request-desk', 'request-desk/*', 'apply', 'board', 'system'];

/**
 * The policy of index.html: scripts and styles from the app's own hashed
 * files only, nothing inline except style attributes (Element Plus sets
 * widths and positions through them); images from itself or data: URLs
 * (ECharts exports, Element Plus icons); no framing.
 */
export const WEB_APP_POLICY = pagePolicy({
  script: ["'self'"],
  style: ["'self'"],
  styleAttr: ["'unsafe-inline'"],
  img: ["'self'", 'data:'],
  font: ["'self'", 'data:'],
});

/** Shown at `/` when dist/web has not been built: how to build it. Nothing inline but its own hashed style. */
export const NOT_BUILT_STYLE = 'body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:3em auto;max-width:40em;color:#1f2329}code{background:#f2f3f5;padding:2px 6px}';
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>gongkai：网页端尚未构建</title><style>${NOT_BUILT_STYLE}</style></head>
<body>
<h1>网页端尚未构建</h1>
<p>接口服务正在运行，但网页端（apps/web）还没有构建。请在项目目录运行 <code>npm run build:web</code> 后刷新本页；<code>npm start</code> 会在网页端源码变化时自动构建。</p>
<p>接口文档：<a href="/api/docs">/api/docs</a></p>
</body>
</html>
`;

/** The built index.html, read once at start (a rebuild restarts the launcher), or undefined when there is none. */
export function readBuiltIndex(root: string = WEB_DIST): string | undefined {
  try {
    return fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
}
