/**
 * `npm run start:api`: validate the config, apply migrations, serve until
 * SIGINT/SIGTERM. Anything that stops the start is ONE line on stderr and
 * exit code 1, so a launcher or an operator sees what to fix.
 */
import { Logger } from '@nestjs/common';
import { runMigrations } from '@gongkai/persistence';
import { createApiApp } from './api-app';
import { errorText } from './common/error-text';
import { readProcessEnv } from '@gongkai/config';
import { ConfigError, loadApiConfig, type ApiConfig } from './config';
import { OPENAPI_UI_PATH } from './openapi/openapi-document';

async function main(): Promise<void> {
  const config = loadApiConfig(readProcessEnv());
  if (config.migrateOnStart) {
    await runMigrations(config.databaseUrl).catch((err: unknown) => {
      throw new Error(`数据库迁移失败: ${errorText(err)}`, { cause: err });
    });
  }
  const app = await createApiApp(config);
  const log = new Logger('ApiMain');
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.log(`收到 ${signal}，正在停止 API`);
    app.close().then(
      () => {
        // Exit once the event loop drains; force it if a stray handle would keep us alive.
        setTimeout(() => process.exit(0), 5_000).unref();
      },
      (err: unknown) => fail(`停止时出错: ${errorText(err)}`),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  const url = baseUrl(config);
  log.log(`gongkai API 已启动: ${url} （接口文档 ${url}/${OPENAPI_UI_PATH}）`);
}

function baseUrl(config: ApiConfig): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

main().catch((err: unknown) => {
  fail(err instanceof ConfigError ? err.message : `API 启动失败: ${errorText(err)}`);
});
