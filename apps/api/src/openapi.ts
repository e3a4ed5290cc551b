/**
 * `npm run openapi`: writes the API's OpenAPI document to docs/openapi.json.
 * Builds the application without listening or connecting to anything, so it
 * runs on a machine with no database or Temporal. A test fails when the
 * committed file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApiApp } from './api-app';
import { errorText } from './common/error-text';
import { loadApiConfig } from './config';
import { buildOpenApiDocument } from './openapi/openapi-document';

export const OPENAPI_FILE = path.resolve(__dirname, '../../../docs/openapi.json');

/** The document exactly as committed: stable key order from Nest, 2-space JSON, final newline. */
export async function renderOpenApiDocument(): Promise<string> {
  // Never connected: the app is built, documented and closed without init.
  const config = loadApiConfig({ DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi', LOG_LEVEL: 'silent' });
  const app = await createApiApp(config);
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  renderOpenApiDocument().then(
    (text) => {
      fs.writeFileSync(OPENAPI_FILE, text);
      process.stdout.write(`已写入 ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`生成 OpenAPI 文档失败: ${errorText(err)}\n`);
      process.exit(1);
    },
  );
}
